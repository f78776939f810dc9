"""The figures of a report narrowed to a course or an age band, counted from the facts
(lessons, attempts, enrollments, certificates, attendance) rather than the summary tables,
which are kept by branch and course only. A branch's figures are where they were counted:
a lesson at the enrollment's branch, a quiz at the learner's, as the summary tables do."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import ColumnElement, and_, distinct, func, select, true, union

from ..certificates.models import Certificate
from ..classes.models import Attendance, ClassSession, StudyClass
from ..db import db, utcnow
from ..people.models import Role, User
from ..progress.models import Enrollment, LessonProgress
from ..quizzes.models import QuizAttempt
from .filters import Filters
from .period import Period


def _learners(filters: Filters, period: Period) -> ColumnElement[bool]:
    """The condition on User of the age band asked for (every learner if none)."""
    return filters.band.condition(period.end.year) if filters.band else true()


def _course(column, filters: Filters) -> ColumnElement[bool]:
    return column == filters.course if filters.course else true()


def _facts(library_ids: list[int], period: Period, filters: Filters,
           start: datetime, end: datetime) -> dict:
    """figure: the select of its facts, each a (branch, learner, course) row."""
    band = _learners(filters, period)

    def facts(branch, learner, course, when):
        """The facts of the branches, the period, the course and the band asked for."""
        return (select(branch.label("branch"), learner.label("learner"),
                       course.label("course"))
                .join(User, User.id == learner)
                .where(branch.in_(library_ids), band, _course(course, filters),
                       when >= start, when < end))

    lessons = (facts(Enrollment.library_id, Enrollment.user_id, Enrollment.course_slug,
                     LessonProgress.completed_at)
               .join(LessonProgress, LessonProgress.enrollment_id == Enrollment.id))
    quizzes = facts(User.library_id, QuizAttempt.user_id, QuizAttempt.course_slug,
                    QuizAttempt.finished_at)
    return {"lessons": lessons, "quizzes": quizzes,
            "quizzes_passed": quizzes.where(QuizAttempt.passed.is_(True)),
            "courses_completed": facts(Enrollment.library_id, Enrollment.user_id,
                                       Enrollment.course_slug, Enrollment.completed_at),
            "certificates": facts(Certificate.library_id, Certificate.user_id,
                                  Certificate.course_slug, Certificate.issued_at)}


COUNTED = ("lessons", "quizzes_passed", "courses_completed", "certificates")


def course_figures(library_ids: list[int], period: Period, filters: Filters,
                   start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """course: {figure: number} of the four counted figures."""
    facts = _facts(library_ids, period, filters, start, end)
    found: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTED, 0))
    for name in COUNTED:
        query = facts[name].subquery()
        for course, number in db.session.execute(
                select(query.c.course, func.count()).group_by(query.c.course)):
            found[course][name] = int(number)
    return dict(found)


def branch_figures(library_ids: list[int], period: Period, filters: Filters,
                   start: datetime, end: datetime) -> dict[str, dict[int, int]]:
    """figure: {branch: number} for every figure a course or an age band narrows."""
    facts = _facts(library_ids, period, filters, start, end)
    found: dict[str, dict[int, int]] = {}
    for name in COUNTED:
        query = facts[name].subquery()
        found[name] = dict(db.session.execute(
            select(query.c.branch, func.count()).group_by(query.c.branch)).all())
    active = union(facts["lessons"], facts["quizzes"]).subquery()
    found["active"] = dict(db.session.execute(
        select(active.c.branch, func.count(distinct(active.c.learner)))
        .group_by(active.c.branch)).all())
    began = (select(Enrollment.user_id).where(Enrollment.course_slug == filters.course)
             if filters.course else None)
    found["registered"] = dict(db.session.execute(
        select(User.library_id, func.count(User.id))
        .where(User.library_id.in_(library_ids), User.role == Role.LEARNER,
               User.merged_into_id.is_(None), User.created_at >= start, User.created_at < end,
               _learners(filters, period),
               User.id.in_(began) if began is not None else true())
        .group_by(User.library_id)).all())
    held = and_(StudyClass.library_id.in_(library_ids), _course(StudyClass.course_slug, filters),
                ClassSession.on.between(period.start, period.end),
                ClassSession.on <= utcnow().date())
    found["sessions"] = dict(db.session.execute(
        select(StudyClass.library_id, func.count(distinct(ClassSession.id)))
        .join(ClassSession, ClassSession.class_id == StudyClass.id).where(held)
        .group_by(StudyClass.library_id)).all())
    found["attendance"] = dict(db.session.execute(
        select(StudyClass.library_id, func.count(Attendance.id))
        .join(ClassSession, ClassSession.class_id == StudyClass.id)
        .join(Attendance, Attendance.session_id == ClassSession.id)
        .join(User, User.id == Attendance.user_id)
        .where(held, _learners(filters, period)).group_by(StudyClass.library_id)).all())
    return found


def active_ids(library_ids: list[int], period: Period, filters: Filters,
               start: datetime, end: datetime):
    """A select of the learners active in the period at any of the branches."""
    facts = _facts(library_ids, period, filters, start, end)
    active = union(facts["lessons"], facts["quizzes"]).subquery()
    return select(active.c.learner)


def by_birth_year(library_ids: list[int], period: Period, filters: Filters,
                  start: datetime, end: datetime) -> dict[str, list]:
    """figure: [(year of birth, number)] of the courses completed and the certificates
    issued in the period (the course and band asked for applied)."""
    facts = _facts(library_ids, period, filters, start, end)
    found = {}
    for name in ("courses_completed", "certificates"):
        counted = facts[name].add_columns(User.birth_year.label("born")).subquery()
        found[name] = db.session.execute(
            select(counted.c.born, func.count()).group_by(counted.c.born)).all()
    return found
