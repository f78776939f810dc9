"""Enrollments in courses and the lessons completed in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from ..people.models import Library, User


class Enrollment(db.Model):
    """A learner studying one course (content lives in files, so the course is a slug)."""

    __tablename__ = "lms_enrollment"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    # The branch the learning counts for (the learner's home branch when enrolling).
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    library: Mapped[Library | None] = relationship()
    lessons: Mapped[list[LessonProgress]] = relationship(
        back_populates="enrollment", cascade="all, delete-orphan"
    )

    __table_args__ = (db.UniqueConstraint("user_id", "course_slug"),)


class LessonProgress(db.Model):
    """One lesson completed within an enrollment, by the learner or marked by a trainer."""

    __tablename__ = "lms_lesson_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(
        ForeignKey("lms_enrollment.id", ondelete="CASCADE"), index=True
    )
    lesson_slug: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a trainer marked the lesson done for work in class; None when self-study.
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))

    enrollment: Mapped[Enrollment] = relationship(back_populates="lessons")

    __table_args__ = (db.UniqueConstraint("enrollment_id", "lesson_slug"),)
