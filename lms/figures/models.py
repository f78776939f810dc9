"""Summary facts kept up to date in the same transaction as the facts themselves, so that
a year's dashboard for a whole network reads thousands of rows, not millions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import db


class Figures:
    """What is counted, for a branch and a course in a day or a month."""

    lessons: Mapped[int] = mapped_column(default=0)
    quizzes_passed: Mapped[int] = mapped_column(default=0)
    courses_completed: Mapped[int] = mapped_column(default=0)
    certificates: Mapped[int] = mapped_column(default=0)


class DailyFigures(Figures, db.Model):
    """What happened at one branch in one course on one day (UTC)."""

    __tablename__ = "lms_daily_figures"

    day: Mapped[date] = mapped_column(primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"), primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(100), primary_key=True)

    # Without a rowid on SQLite, the table is its primary key's b-tree: reading a year of
    # days reads just those rows, no second lookup.
    __table_args__ = (Index("ix_lms_daily_figures_library_day", "library_id", "day"),
                      {"sqlite_with_rowid": False})


class MonthlyFigures(Figures, db.Model):
    """The same figures by month: months, quarters and years are read from here (a year of
    a 150-branch network is a few thousand rows)."""

    __tablename__ = "lms_monthly_figures"

    month: Mapped[date] = mapped_column(primary_key=True)  # its first day
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"), primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(100), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class ActiveDay(db.Model):
    """A learner did something (a lesson, a quiz) on that day: counts active learners."""

    __tablename__ = "lms_active_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"))

    __table_args__ = (Index("ix_lms_active_day_library_day", "library_id", "day", "user_id"),
                      {"sqlite_with_rowid": False})


class ActiveMonth(db.Model):
    """The same by month: active learners of months, quarters and years are read here."""

    __tablename__ = "lms_active_month"

    month: Mapped[date] = mapped_column(primary_key=True)  # its first day
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"))

    __table_args__ = (
        Index("ix_lms_active_month_library_month", "library_id", "month", "user_id"),
        {"sqlite_with_rowid": False})
