"""Classes, their members, their sessions and attendance."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow, uuid7
from ..people.models import Library, User

class_trainer = Table(
    "lms_class_trainer",
    db.metadata,
    Column("class_id", ForeignKey("lms_class.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("lms_user.id", ondelete="CASCADE"), primary_key=True),
)


class StudyClass(db.Model):
    """A group of learners taking one course together at a branch ("class" in the UI)."""

    __tablename__ = "lms_class"

    id: Mapped[int] = mapped_column(primary_key=True)
    # a class across the region's nodes (a UUIDv7: never clashes with another node's)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    library: Mapped[Library] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=class_trainer)
    members: Mapped[list[ClassMember]] = relationship(
        back_populates="study_class", cascade="all, delete-orphan")
    sessions: Mapped[list[ClassSession]] = relationship(
        back_populates="study_class", cascade="all, delete-orphan",
        order_by="(ClassSession.on, ClassSession.at)")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def learners(self) -> list[User]:
        return sorted((m.user for m in self.members if m.left_at is None),
                      key=lambda u: u.search_key)


class ClassMember(db.Model):
    """A learner in a class; moving to another class ends this membership."""

    __tablename__ = "lms_class_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("lms_class.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    study_class: Mapped[StudyClass] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (db.UniqueConstraint("class_id", "user_id"),)


class ClassSession(db.Model):
    """One meeting of a class: a date and a time."""

    __tablename__ = "lms_class_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("lms_class.id", ondelete="CASCADE"),
                                          index=True)
    on: Mapped[date]
    at: Mapped[time | None]

    study_class: Mapped[StudyClass] = relationship(back_populates="sessions")
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan")

    __table_args__ = (db.UniqueConstraint("class_id", "on", "at"),)


class Attendance(db.Model):
    """Who came to a session (one row per learner present)."""

    __tablename__ = "lms_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("lms_class_session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[ClassSession] = relationship(back_populates="attendance")

    __table_args__ = (db.UniqueConstraint("session_id", "user_id"),)
