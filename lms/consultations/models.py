"""Consultations at the desk."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow, uuid7
from ..people.models import Library, User

TOPICS = ("portal-registration", "account-confirmation", "e-signature", "utilities",
          "pension", "medical-appointment", "job-search", "other")
FORMATS = ("individual", "group")
OUTCOMES = ("service-obtained", "explained", "referred")


class Consultation(db.Model):
    """Help at the desk: one person, or a group, on one topic, on one day."""

    __tablename__ = "lms_consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    # an entry across the region's nodes (a UUIDv7: never clashes with another node's)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
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


class ConsultationTopic(db.Model):
    """A topic of a network's consultation list: a standard one switched on, or its own.

    A network without rows uses the standard list. Topics are never deleted, only switched
    off, so that last year's entries keep their names in the reports.
    """

    __tablename__ = "lms_consultation_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("lms_network.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120), default="")  # "" = the standard name
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (db.UniqueConstraint("network_id", "code"),)


class ClosedPeriod(db.Model):
    """A coordinator's closing of the log: entries up to ``through`` can no longer change."""

    __tablename__ = "lms_consultation_closed"

    network_id: Mapped[int] = mapped_column(ForeignKey("lms_network.id"), primary_key=True)
    through: Mapped[date]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
