"""The report's tables as rows for CSV and XLSX: each one header and an iterable of rows."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..certificates.models import Certificate
from ..consultations.forms import FORMAT_NAMES, OUTCOME_NAMES
from ..consultations.models import Consultation
from ..content import Course
from ..db import db
from ..figures.models import ActiveDay
from ..i18n import LANGUAGE_NAMES, current_language
from ..people.models import Library, Role, User
from ..progress.models import Enrollment, LessonProgress
from ..state import catalogue
from . import drilldown, practice, queries
from .ages import age_bands
from .filters import NO_FILTERS, Filters
from .labels import FIGURE_NAMES, FUNNEL_NAMES
from .period import Period


def branches(scope: list[int], period: Period, _visible, filters: Filters = NO_FILTERS):
    """Every branch; with more than one network, each network's branches and subtotal."""
    rows = queries.branch_rows(scope, period, filters)
    total = queries.totals(rows, scope, period, filters)
    header = [_("Network"), _("Branch"), *(str(FIGURE_NAMES[c]) for c in queries.COLUMNS)]
    body, groups = [], queries.roll_up(rows, period, filters)
    for group in groups:
        body += [[group.network.name, row.library.name,
                  *(row.figures[c] for c in queries.COLUMNS)] for row in group.rows]
        if len(groups) > 1:
            body.append([group.network.name, _("Subtotal"),
                         *(group.subtotal.figures[c] for c in queries.COLUMNS)])
    body.append(["", _("Total"), *(total.figures[c] for c in queries.COLUMNS)])
    return header, body


def courses(scope: list[int], period: Period, _visible, filters: Filters = NO_FILTERS):
    names = ("lessons", "quizzes_passed", "courses_completed", "certificates")
    header = [_("Course"), *(str(FIGURE_NAMES[n]) for n in names)]
    body = [[_course_title(slug), *(figures[n] for n in names)]
            for slug, figures in queries.course_rows(scope, period, filters).items()]
    return header, body


def ages(scope: list[int], period: Period, _visible, filters: Filters = NO_FILTERS):
    bands, _languages = queries.learners_by(scope, period, filters)
    names = {band.key: band.label() for band in age_bands()}
    return ([_("Age"), *(str(FIGURE_NAMES[c]) for c in queries.AGE_COLUMNS)],
            [[names[band], *(row[c] for c in queries.AGE_COLUMNS)]
             for band, row in bands.items()])


def languages(scope: list[int], period: Period, _visible, filters: Filters = NO_FILTERS):
    _bands, found = queries.learners_by(scope, period, filters)
    return ([_("Language"), str(FIGURE_NAMES["active"])],
            [[LANGUAGE_NAMES.get(code, code), n] for code, n in found.items()])


def topics(scope: list[int], period: Period, visible, _filters=NO_FILTERS):
    found, _outcomes = queries.consultations_by(scope, period)
    labels = queries.topic_labels(visible)
    return ([_("Topic"), str(FIGURE_NAMES["people_helped"])],
            [[labels.get(topic, topic), n] for topic, n in found.items()])


def months(scope: list[int], period: Period, _visible, filters: Filters = NO_FILTERS):
    return ([_("Month"), str(FIGURE_NAMES["lessons"]), str(FIGURE_NAMES["courses_completed"])],
            [[month, lessons, completed] for month, lessons, completed
             in queries.monthly(scope, period.end, course=filters.course)])


def outcomes(scope: list[int], period: Period, _visible, _filters=NO_FILTERS):
    _topics, found = queries.consultations_by(scope, period)
    return ([_("Outcome"), str(FIGURE_NAMES["people_helped"])],
            [[str(name), found.get(code, 0)] for code, name in OUTCOME_NAMES.items()])


def learners(scope: list[int], period: Period, _visible, _filters=NO_FILTERS):
    """Every learner of the branches, with their totals and their active days in the period.

    The totals are counted once per table (a number per learner); the learners are then
    read branch by branch, in the branches' order, so that no query stays open while the
    rows are written (a background export records its progress between them).
    """
    by_user = {
        "lessons": select(Enrollment.user_id, func.count(LessonProgress.id))
        .join(LessonProgress, LessonProgress.enrollment_id == Enrollment.id)
        .where(Enrollment.library_id.in_(scope)).group_by(Enrollment.user_id),
        "completed": select(Enrollment.user_id, func.count(Enrollment.id))
        .where(Enrollment.library_id.in_(scope), Enrollment.completed_at.is_not(None))
        .group_by(Enrollment.user_id),
        "certificates": select(Certificate.user_id, func.count(Certificate.id))
        .where(Certificate.library_id.in_(scope), Certificate.revoked_at.is_(None))
        .group_by(Certificate.user_id),
        "active": select(ActiveDay.user_id, func.count(ActiveDay.day))
        .where(ActiveDay.library_id.in_(scope),
               ActiveDay.day.between(period.start, period.end))
        .group_by(ActiveDay.user_id),
    }
    counts = {name: dict(db.session.execute(query).all()) for name, query in by_user.items()}
    branches = db.session.execute(select(Library.id, Library.name)
                                  .where(Library.id.in_(scope)).order_by(Library.name)).all()
    header = [_("Number"), _("Name"), _("Username"), _("Branch"), _("Year of birth"),
              _("Language"), _("Registered"), str(FIGURE_NAMES["lessons"]),
              str(FIGURE_NAMES["courses_completed"]), str(FIGURE_NAMES["certificates"]),
              _("Days active in the period")]

    def body():
        for library_id, branch in branches:
            people = db.session.execute(
                select(User.id, User.full_name, User.username, User.birth_year, User.language,
                       User.created_at)
                .where(User.library_id == library_id, User.role == Role.LEARNER,
                       User.merged_into_id.is_(None))
                .order_by(User.search_key)).all()
            for number, name, username, born, lang, registered in people:
                yield [number, name, username, branch, born, lang, registered.date(),
                       *(counts[figure].get(number, 0) for figure in by_user)]

    return header, body()


def learner_count(scope: list[int]) -> int:
    """How many lines the table of every learner of the branches has."""
    return db.session.scalar(select(func.count(User.id)).where(
        User.library_id.in_(scope), User.role == Role.LEARNER, User.merged_into_id.is_(None)))


def branch_classes(library: Library, period: Period):
    return _class_header(), [_class_row(line)
                             for line in drilldown.branch_classes(library.id, period)]


def _class_header() -> list[str]:
    return [_("Class"), _("Course"), _("Trainer"), _("Learners"), _("Sessions in the period"),
            _("Attendances"), _("Closed")]


def _class_row(line) -> list:
    return [line.study_class.name, _course_title(line.study_class.course_slug),
            ", ".join(t.full_name for t in line.study_class.trainers), line.learners,
            line.sessions, line.attendance, _("yes") if line.study_class.is_closed else ""]


def branch_trainers(library: Library, period: Period):
    header = [_("Trainer"), _("Classes"), _("Consultations"), _("People helped"),
              _("Trainer-consultant certificate")]
    body = [[line.trainer.full_name, line.classes, line.consultations, line.people_helped,
             _("yes") if line.certified else _("not yet")]
            for line in drilldown.branch_trainers(library.id, period)]
    return header, body


def course_funnel(course: Course, scope: list[int], period: Period):
    steps = drilldown.funnel(course, scope, period)
    first = steps[0][1]
    return ([_("Step"), _("Learners"), _("Of those who started") + ", %"],
            [[str(FUNNEL_NAMES[name]), n, round(100 * n / first) if first else 0]
             for name, n in steps])


def course_questions(course: Course, scope: list[int], period: Period):
    lang = current_language()
    return ([_("Question"), _("Quiz"), _("Answers"), _("Wrong") + ", %"],
            [[Markup(question.title_html).striptags(),
              course.quizzes[hard.quiz_slug].text(lang).title, hard.answers, hard.wrong_share]
             for hard, question in drilldown.hardest_with_text(course, scope, period, lang)])


def consultation_log(scope: list[int], period: Period, visible, _filters=NO_FILTERS):
    """Every consultation of the branches in the period, one a line, as it was entered."""
    labels = queries.topic_labels(visible)
    header = [_("Date"), _("Branch"), _("Topic"), _("Who"), _("Number of people"),
              _("Outcome"), _("Trainer"), _("Learner"), _("Note")]
    entries = db.session.scalars(
        select(Consultation).where(Consultation.library_id.in_(scope),
                                   Consultation.on.between(period.start, period.end))
        .order_by(Consultation.on, Consultation.id)
        .options(selectinload(Consultation.library), selectinload(Consultation.author),
                 selectinload(Consultation.learner)))
    return header, ([entry.on, entry.library.name, labels.get(entry.topic, entry.topic),
                     str(FORMAT_NAMES.get(entry.format, entry.format)), entry.people,
                     str(OUTCOME_NAMES.get(entry.outcome, entry.outcome)),
                     entry.author.full_name, entry.learner.username if entry.learner else "",
                     entry.note] for entry in entries)


def all_classes(scope: list[int], period: Period, visible, _filters=NO_FILTERS):
    """Every class of the branches open or meeting in the period, branch by branch."""
    rows = [[library.name, *_class_row(line)] for library in visible if library.id in scope
            for line in drilldown.branch_classes(library.id, period)]
    return [_("Branch"), *_class_header()], rows


def _course_title(slug: str) -> str:
    course = catalogue().get(slug)
    return course.text(current_language()).title if course else slug


def _rates(now: list[int], before: list[int]) -> list:
    return [now[0], now[1], practice.Detection.rate(*now), practice.Detection.rate(*before)]


def _rate_header(first: str, period: Period) -> list[str]:
    return [first, _("Spotted"), _("Missed"), _("%% spotted, %(period)s", period=period.label()),
            _("%% spotted, %(period)s", period=period.previous().label())]


def practice_techniques(scope: list[int], period: Period, _visible, _filters=NO_FILTERS):
    """The tricks of the practices, each with the share spotted now and the period before."""
    now, before = practice.detection(scope, period), practice.detection(scope, period.previous())
    names = practice.cue_names(current_language())
    return (_rate_header(_("Technique"), period),
            [[names.get(cue, cue), *_rates(found, before.by_cue.get(cue, [0, 0]))]
             for cue, found in sorted(now.by_cue.items(), key=lambda item: -item[1][1])])


def practice_branches(scope: list[int], period: Period, _visible, _filters=NO_FILTERS):
    now, before = practice.detection(scope, period), practice.detection(scope, period.previous())
    names = dict(db.session.execute(select(Library.id, Library.name)
                                    .where(Library.id.in_(list(now.by_branch)))).all())
    return (_rate_header(_("Branch"), period),
            [[names[branch], *_rates(found, before.by_branch.get(branch, [0, 0]))]
             for branch, found in sorted(now.by_branch.items(),
                                         key=lambda item: names[item[0]])])


TABLES = {"branches": branches, "months": months, "courses": courses, "ages": ages,
          "languages": languages, "topics": topics, "outcomes": outcomes,
          "learners": learners, "consultation-log": consultation_log,
          "all-classes": all_classes, "practice-techniques": practice_techniques,
          "practice-branches": practice_branches}
BRANCH_TABLES = {"classes": branch_classes, "trainers": branch_trainers}
COURSE_TABLES = {"funnel": course_funnel, "questions": course_questions}
