"""A practice attempt: what it showed, what the learner did, the tricks caught and missed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow, uuid7
from ..people.models import User


class PracticeAttempt(db.Model):
    """One go at a practice. Nothing the learner typed is kept beyond her answers' choices."""

    __tablename__ = "lms_practice_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    # an attempt across the region's nodes (a UUIDv7: never clashes with another node's)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"))
    # where she was registered when she practised: the reports count it there
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"))
    course_slug: Mapped[str] = mapped_column(String(100))
    practice_slug: Mapped[str] = mapped_column(String(100))
    lang: Mapped[str] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(2))
    seed: Mapped[int]
    steps: Mapped[list] = mapped_column(JSON, default=list)      # the steps shown, in order
    answers: Mapped[dict] = mapped_column(JSON, default=dict)    # step id → what she did
    caught: Mapped[list] = mapped_column(JSON, default=list)     # cue ids, once per step
    missed: Mapped[list] = mapped_column(JSON, default=list)
    costly: Mapped[int] = mapped_column(default=0)               # steps that would have cost her
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (
        Index("ix_lms_practice_attempt_user", "user_id", "course_slug", "practice_slug"),
        Index("ix_lms_practice_attempt_library_finished", "library_id", "finished_at"),
    )

    @property
    def answered(self) -> int:
        return len(self.answers)
