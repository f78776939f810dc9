"""Counting what learners do into the summary tables, inside the caller's transaction;
recounting them all from the stored facts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..db import db, utcnow
from .models import ActiveDay, ActiveMonth, DailyFigures, MonthlyFigures

FIGURES = ("lessons", "quizzes_passed", "courses_completed", "certificates")


def _dialect_insert(table: Table):
    name = db.session.get_bind().dialect.name
    return (pg_insert if name == "postgresql" else sqlite_insert)(table)


def count(library_id: int | None, course_slug: str, when: datetime | None = None,
          **increments: int) -> None:
    """Add to a branch's figures for the day: ``count(lib, course, lessons=1)``.

    Runs in the current transaction: if the caller rolls back, so does the count.
    """
    if library_id is None:
        return
    day = (when or utcnow()).date()
    values = {name: increments.get(name, 0) for name in FIGURES}
    for table, first in ((DailyFigures.__table__, {"day": day}),
                         (MonthlyFigures.__table__, {"month": day.replace(day=1)})):
        keys = {**first, "library_id": library_id, "course_slug": course_slug}
        statement = _dialect_insert(table).values(**keys, **values)
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={name: table.c[name] + statement.excluded[name] for name in increments})
        db.session.execute(statement)


def active(user_id: int, library_id: int | None, when: datetime | None = None) -> None:
    """Note that the learner was active today (once a day, and once a month)."""
    if library_id is None:
        return
    day = (when or utcnow()).date()
    for table, first in ((ActiveDay.__table__, {"day": day}),
                         (ActiveMonth.__table__, {"month": day.replace(day=1)})):
        statement = _dialect_insert(table).values(**first, user_id=user_id,
                                                   library_id=library_id)
        db.session.execute(statement.on_conflict_do_nothing())


def merge_active_days(kept_id: int, other_id: int) -> None:
    """Two accounts of one person joined: the other's active days and months are hers,
    a day she was active under both counted once."""
    for table, when in ((ActiveDay, ActiveDay.day), (ActiveMonth, ActiveMonth.month)):
        hers = select(when).where(table.user_id == kept_id)
        db.session.execute(delete(table).where(table.user_id == other_id, when.in_(hers)))
        db.session.execute(update(table).where(table.user_id == other_id)
                           .values(user_id=kept_id).execution_options(synchronize_session=False))


# Recounting from the facts: plain SQL that SQLite and PostgreSQL both run (date() of a
# timestamp, INSERT … SELECT … ON CONFLICT), so the migration can use it too.
_FIGURES_FROM = {  # figure: (date, branch, course, FROM … WHERE …)
    "lessons": ("p.completed_at", "e.library_id", "e.course_slug",
                "lms_lesson_progress p JOIN lms_enrollment e ON e.id = p.enrollment_id "
                "WHERE e.library_id IS NOT NULL"),
    "courses_completed": ("e.completed_at", "e.library_id", "e.course_slug",
                          "lms_enrollment e WHERE e.completed_at IS NOT NULL "
                          "AND e.library_id IS NOT NULL"),
    "quizzes_passed": ("a.finished_at", "u.library_id", "a.course_slug",
                       "lms_quiz_attempt a JOIN lms_user u ON u.id = a.user_id "
                       "WHERE a.passed AND u.library_id IS NOT NULL"),
    "certificates": ("c.issued_at", "c.library_id", "c.course_slug",
                     "lms_certificate c WHERE c.library_id IS NOT NULL"),
}
_ACTIVE_FROM = (
    "INSERT INTO lms_active_day (day, user_id, library_id) "
    "SELECT day, user_id, min(library_id) FROM ("
    " SELECT date(p.completed_at) AS day, e.user_id AS user_id, e.library_id AS library_id"
    " FROM lms_lesson_progress p JOIN lms_enrollment e ON e.id = p.enrollment_id"
    " WHERE e.library_id IS NOT NULL"
    " UNION SELECT date(a.finished_at), a.user_id, u.library_id"
    " FROM lms_quiz_attempt a JOIN lms_user u ON u.id = a.user_id"
    " WHERE a.finished_at IS NOT NULL AND u.library_id IS NOT NULL"
    ") AS facts GROUP BY day, user_id")
_MONTH_OF_DAY = {"sqlite": "date(day, 'start of month')",
                 "postgresql": "CAST(date_trunc('month', day) AS DATE)"}


# a certificate issued again (a retake, a corrected name) is not a new certificate
_NOT_REISSUED = ("NOT EXISTS (SELECT 1 FROM lms_certificate o "
                 "WHERE o.superseded_by_id = c.id)")


def rebuild(connection, *, versions: bool = True) -> None:
    """Recount the summary tables from the facts (the migration that adds them, a restore,
    or ``flask lms reports rebuild`` after a manual correction). ``versions``: the
    certificates know which replaced which (False only in the migrations before 0022)."""
    connection.execute(text("DELETE FROM lms_daily_figures"))
    connection.execute(text("DELETE FROM lms_monthly_figures"))
    connection.execute(text("DELETE FROM lms_active_day"))
    connection.execute(text("DELETE FROM lms_active_month"))
    for figure, (when, branch, course, source) in _FIGURES_FROM.items():
        if figure == "certificates" and versions:
            source += f" AND {_NOT_REISSUED}"
        numbers = ", ".join("count(*)" if name == figure else "0" for name in FIGURES)
        connection.execute(text(
            f"INSERT INTO lms_daily_figures (day, library_id, course_slug, {', '.join(FIGURES)}) "
            f"SELECT date({when}), {branch}, {course}, {numbers} FROM {source} "
            f"GROUP BY date({when}), {branch}, {course} "
            f"ON CONFLICT (day, library_id, course_slug) DO UPDATE "
            f"SET {figure} = lms_daily_figures.{figure} + excluded.{figure}"))
    month = _MONTH_OF_DAY[connection.dialect.name]
    sums = ", ".join(f"sum({name})" for name in FIGURES)
    connection.execute(text(
        f"INSERT INTO lms_monthly_figures (month, library_id, course_slug, {', '.join(FIGURES)}) "
        f"SELECT {month}, library_id, course_slug, {sums} FROM lms_daily_figures "
        f"GROUP BY {month}, library_id, course_slug"))
    connection.execute(text(_ACTIVE_FROM))
    connection.execute(text(
        f"INSERT INTO lms_active_month (month, user_id, library_id) SELECT {month}, user_id, "
        f"min(library_id) FROM lms_active_day GROUP BY {month}, user_id"))
