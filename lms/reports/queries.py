"""The figures of a report: read from the summary tables and the small fact tables."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, distinct, func, select

from ..certificates.models import Certificate
from ..classes.models import Attendance, ClassSession, StudyClass
from ..consultations.models import Consultation
from ..consultations.topics import topic_names
from ..db import db, utcnow
from ..figures.counting import FIGURES
from ..figures.models import ActiveDay, ActiveMonth, DailyFigures, MonthlyFigures
from ..people.models import Library, Network, Role, User
from . import facts
from .ages import bucket
from .filters import NO_FILTERS, Filters
from .period import Period

# The columns of the per-branch table, in order; each can be sorted.
COLUMNS = ("registered", "active", "lessons", "quizzes_passed", "courses_completed",
           "certificates", "consultations", "people_helped", "services_obtained",
           "sessions", "attendance")
AGE_COLUMNS = ("active", "courses_completed", "certificates")


@dataclass
class Row:
    """The figures of one branch (or the totals) for a period."""

    library: Library | None
    figures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))


def _moments(period: Period) -> tuple[datetime, datetime]:
    """The period as UTC moments: from its first day's start to the next day after it."""
    return (datetime.combine(period.start, time(), UTC),
            datetime.combine(period.end + timedelta(days=1), time(), UTC))


def whole_months(start: date, end: date) -> bool:
    return start.day == 1 and (end + timedelta(days=1)).day == 1


def _figures(library_ids: list[int], start: date, end: date):
    """(table, its date column, condition): whole months read by month, the rest by day."""
    if whole_months(start, end):
        return MonthlyFigures, MonthlyFigures.month, and_(
            MonthlyFigures.library_id.in_(library_ids),
            MonthlyFigures.month.between(start, end))
    return DailyFigures, DailyFigures.day, and_(DailyFigures.library_id.in_(library_ids),
                                                DailyFigures.day.between(start, end))


def _sums(table) -> list:
    """The sum of each counted figure of a daily or monthly table."""
    return [func.sum(getattr(table, name)) for name in FIGURES]


def _active(library_ids: list[int], period: Period):
    """(learner, branch, condition) of the learners active in the period: whole months are
    read by month (a few rows per learner a year), other periods day by day."""
    if whole_months(period.start, period.end):
        return (ActiveMonth.user_id, ActiveMonth.library_id,
                and_(ActiveMonth.library_id.in_(library_ids),
                     ActiveMonth.month.between(period.start, period.end)))
    return (ActiveDay.user_id, ActiveDay.library_id,
            and_(ActiveDay.library_id.in_(library_ids),
                 ActiveDay.day.between(period.start, period.end)))


def branch_rows(library_ids: list[int], period: Period,
                filters: Filters = NO_FILTERS) -> list[Row]:
    """One row per branch, with every figure of the period (narrowed to a course or an age
    band: counted from the facts; consultations are not kept by course or age)."""
    libraries = list(db.session.scalars(select(Library).where(Library.id.in_(library_ids))
                                        .order_by(Library.name)))
    rows = {lib.id: Row(lib) for lib in libraries}
    start, end = _moments(period)
    if filters:
        for name, numbers in facts.branch_figures(library_ids, period, filters,
                                                  start, end).items():
            for library_id, number in numbers.items():
                rows[library_id].figures[name] = int(number or 0)
        _consultations(rows, library_ids, period)
        return list(rows.values())

    def put(query, *names):
        for library_id, *values in db.session.execute(query):
            for name, value in zip(names, values, strict=True):
                rows[library_id].figures[name] = int(value or 0)

    table, _when, condition = _figures(library_ids, period.start, period.end)
    put(select(table.library_id, *_sums(table)).where(condition).group_by(table.library_id),
        *FIGURES)
    put(select(User.library_id, func.count(User.id))
        .where(User.library_id.in_(library_ids), User.role == Role.LEARNER,
               User.merged_into_id.is_(None), User.created_at >= start, User.created_at < end)
        .group_by(User.library_id), "registered")
    learner, branch, active = _active(library_ids, period)
    put(select(branch, func.count(distinct(learner))).where(active).group_by(branch),
        "active")
    _consultations(rows, library_ids, period)
    held = and_(ClassSession.on.between(period.start, period.end),
                ClassSession.on <= utcnow().date())
    put(select(StudyClass.library_id, func.count(distinct(ClassSession.id)),
               func.count(Attendance.id))
        .join(ClassSession, ClassSession.class_id == StudyClass.id)
        .outerjoin(Attendance, Attendance.session_id == ClassSession.id)
        .where(StudyClass.library_id.in_(library_ids), held)
        .group_by(StudyClass.library_id), "sessions", "attendance")
    return list(rows.values())


def _consultations(rows: dict[int, Row], library_ids: list[int], period: Period) -> None:
    served = Consultation.outcome == "service-obtained"
    for library_id, entries, people, obtained in db.session.execute(
            select(Consultation.library_id, func.count(Consultation.id),
                   func.sum(Consultation.people),
                   func.sum(db.case((served, Consultation.people), else_=0)))
            .where(Consultation.library_id.in_(library_ids),
                   Consultation.on.between(period.start, period.end))
            .group_by(Consultation.library_id)):
        rows[library_id].figures.update(consultations=int(entries or 0),
                                        people_helped=int(people or 0),
                                        services_obtained=int(obtained or 0))


def active_ids(library_ids: list[int], period: Period, filters: Filters = NO_FILTERS):
    """A select of the learners active in the period at any of the branches."""
    if filters:
        return facts.active_ids(library_ids, period, filters, *_moments(period))
    learner, _branch, condition = _active(library_ids, period)
    return select(learner).where(condition)


def totals(rows: list[Row], library_ids: list[int], period: Period,
           filters: Filters = NO_FILTERS, library: Library | None = None) -> Row:
    """The sum of the rows (of a network's branches: its subtotal, ``library`` None);
    active learners counted once across branches."""
    total = Row(library)
    for row in rows:
        for name, value in row.figures.items():
            total.figures[name] += value
    active = active_ids(library_ids, period, filters).subquery()
    total.figures["active"] = db.session.scalar(
        select(func.count(distinct(active.c[0])))) or 0
    return total


@dataclass
class NetworkRows:
    """A network's branches and their subtotal, in a roll-up of a region."""

    network: Network
    rows: list[Row]
    subtotal: Row


def roll_up(rows: list[Row], period: Period, filters: Filters = NO_FILTERS) -> list[NetworkRows]:
    """The branch rows by network, each network with its subtotal (its active learners
    counted once across its branches), networks by name."""
    by_network: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_network[row.library.network_id].append(row)
    networks = sorted({row.library.network for row in rows}, key=lambda n: n.name)
    return [NetworkRows(network, by_network[network.id], totals(
        by_network[network.id], [row.library.id for row in by_network[network.id]], period,
        filters)) for network in networks]


def sort_rows(rows: list[Row], sort: str) -> tuple[list[Row], str]:
    """Sort by a column (``-`` first: largest first); unknown columns: by branch name."""
    key = sort.removeprefix("-")
    if key not in COLUMNS:
        return rows, ""
    return sorted(rows, key=lambda r: (r.figures[key], r.library.name),
                  reverse=sort.startswith("-")), sort


def course_rows(library_ids: list[int], period: Period,
                filters: Filters = NO_FILTERS) -> dict[str, dict[str, int]]:
    if filters.band:
        return facts.course_figures(library_ids, period, filters, *_moments(period))
    table, _when, condition = _figures(library_ids, period.start, period.end)
    if filters.course:
        condition = and_(condition, table.course_slug == filters.course)
    return {slug: {name: int(value) for name, value in zip(FIGURES, values, strict=True)}
            for slug, *values in db.session.execute(
                select(table.course_slug, *_sums(table)).where(condition)
                .group_by(table.course_slug))}


def birth_years(library_ids: list[int], period: Period,
                filters: Filters = NO_FILTERS) -> tuple[dict[str, list], dict[str, int]]:
    """By year of birth: the active learners, the courses completed and the certificates
    issued in the period ({figure: [(year of birth, number)]}); and the active learners by
    language."""
    languages: dict[str, int] = defaultdict(int)
    active: list[tuple[int | None, int]] = []
    for birth_year, language, number in db.session.execute(
            select(User.birth_year, User.language, func.count(User.id))
            .where(User.id.in_(active_ids(library_ids, period, filters)))
            .group_by(User.birth_year, User.language)):
        active.append((birth_year, number))
        languages[language] += number
    born = {"active": active,
            **facts.by_birth_year(library_ids, period, filters, *_moments(period))}
    return born, dict(sorted(languages.items(), key=lambda item: -item[1]))


def learners_by(library_ids: list[int], period: Period,
                filters: Filters = NO_FILTERS) -> tuple[dict, dict]:
    """By age band (the bands of the settings): the active learners, the courses they
    completed and the certificates they got in the period; and the active by language."""
    born, languages = birth_years(library_ids, period, filters)
    by_band = {name: bucket(pairs, period.end.year) for name, pairs in born.items()}
    ages = {band: {name: by_band[name][band] for name in AGE_COLUMNS}
            for band in by_band["active"]}
    return ages, languages


def consultations_by(library_ids: list[int], period: Period) -> tuple[dict, dict]:
    """People helped at the desk by topic, and by outcome."""
    topics: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    for topic, outcome, people in db.session.execute(
            select(Consultation.topic, Consultation.outcome, func.sum(Consultation.people))
            .where(Consultation.library_id.in_(library_ids),
                   Consultation.on.between(period.start, period.end))
            .group_by(Consultation.topic, Consultation.outcome)):
        topics[topic] += int(people)
        outcomes[outcome] += int(people)
    return (dict(sorted(topics.items(), key=lambda item: -item[1])), dict(outcomes))


def monthly(library_ids: list[int], end: date, months: int = 12,
            course: str | None = None) -> list[tuple[date, int, int]]:
    """Lessons done and courses completed per month, for the months up to ``end`` (in one
    course, if given)."""
    first = end.replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    per_month: dict[date, list[int]] = {}
    cursor = first
    while cursor <= end:
        per_month[cursor] = [0, 0]
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    table, when, condition = _figures(library_ids, first, end)
    if course:
        condition = and_(condition, table.course_slug == course)
    for day, lessons, completed in db.session.execute(
            select(when, func.sum(table.lessons), func.sum(table.courses_completed))
            .where(condition).group_by(when)):
        month = per_month[day.replace(day=1)]
        month[0] += int(lessons)
        month[1] += int(completed)
    return [(month, values[0], values[1]) for month, values in per_month.items()]


def trainers_certified(library_ids: list[int], period: Period) -> int:
    start, end = _moments(period)
    return db.session.scalar(
        select(func.count(Certificate.id))
        .where(Certificate.library_id.in_(library_ids), Certificate.audience == "trainer",
               Certificate.issued_at >= start, Certificate.issued_at < end,
               Certificate.revoked_at.is_(None))) or 0


def topic_labels(visible: list[Library]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for network_id in sorted({lib.network_id for lib in visible}):
        labels.update({k: v for k, v in topic_names(network_id, active_only=False).items()
                       if k not in labels})
    return labels
