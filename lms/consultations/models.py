"""Consultations at the desk."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow
from ..people.models import Library, User

TOPICS = ("portal-registration", "account-confirmation", "e-signature", "utilities",
          "pension", "medical-appointment", "job-search", "other")
FORMATS = ("individual", "group")
OUTCOMES = ("service-obtained", "explained", "referred")


class Consultation(db.Model):
    """Help at the desk: one person, or a group, on one topic, on one day."""

    __tablename__ = "lms_consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("lms_library.id"), index=True)
    on: Mapped[date] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(40))
    format: Mapped[str] = mapped_column(String(16))
    people: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(20))
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    note: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    library: Mapped[Library] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    learner: Mapped[User | None] = relationship(foreign_keys=[learner_id])
