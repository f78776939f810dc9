"""Quiz attempts and the answers given in them. Every attempt is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Double, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow, uuid7
from ..people.models import User


class QuizAttempt(db.Model):
    """One try at a quiz. At most one open (unfinished) attempt per learner and quiz."""

    __tablename__ = "lms_quiz_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    # an attempt across the region's nodes (a UUIDv7: never clashes with another node's)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"),
                                         index=True)
    course_slug: Mapped[str] = mapped_column(String(100))
    quiz_slug: Mapped[str] = mapped_column(String(100))
    lang: Mapped[str] = mapped_column(String(8))
    # Orders the options of this attempt; the same on every page of the attempt.
    seed: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[int | None]  # percent, set when finished
    passed: Mapped[bool | None]
    # A trainer who typed in a paper quiz for the learner.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    answers: Mapped[list[QuizAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan",
        order_by="QuizAnswer.question_index")

    __table_args__ = (
        Index("ix_lms_quiz_attempt_quiz", "course_slug", "quiz_slug"),
        Index("uq_lms_quiz_attempt_open", "user_id", "course_slug", "quiz_slug", unique=True,
              sqlite_where=db.text("finished_at IS NULL"),
              postgresql_where=db.text("finished_at IS NULL")),
    )

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    def answer_to(self, index: int) -> QuizAnswer | None:
        return next((a for a in self.answers if a.question_index == index), None)


class QuizAnswer(db.Model):
    """The learner's answer to one question of an attempt, graded on the server."""

    __tablename__ = "lms_quiz_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("lms_quiz_attempt.id", ondelete="CASCADE"), index=True)
    question_index: Mapped[int]
    answer: Mapped[object] = mapped_column(JSON)
    points: Mapped[float] = mapped_column(Double)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")

    __table_args__ = (db.UniqueConstraint("attempt_id", "question_index"),)

    @property
    def is_right(self) -> bool:
        return self.points >= 1.0
