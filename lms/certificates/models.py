"""Certificates issued to learners and trainers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Double, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow, uuid7
from ..people.models import Library, User


class Certificate(db.Model):
    """One certificate for one completed enrollment. The number never changes."""

    __tablename__ = "lms_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    # a certificate across the region's nodes (a UUIDv7: never clashes with another node's)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    # Human number: network code, year, sequence (DEMO-2026-00017).
    number: Mapped[str] = mapped_column(String(48), unique=True)
    # Random verification code (130 bits, base32), printed and in the QR code.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    # None only for the second certificate of a course whose two enrollments were joined
    # with the person's two accounts (people/merging.py): it stays valid, under her.
    enrollment_id: Mapped[int | None] = mapped_column(ForeignKey("lms_enrollment.id"),
                                                      unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id"), index=True)
    course_slug: Mapped[str] = mapped_column(String(100), index=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    # As printed: kept so that a later change of the course text does not change the paper.
    full_name: Mapped[str] = mapped_column(String(200))
    course_title: Mapped[str] = mapped_column(String(300))
    hours: Mapped[float | None] = mapped_column(Double)
    lang: Mapped[str] = mapped_column(String(8))
    # "learner" or "trainer" (the trainer track: a trainer-consultant certificate).
    audience: Mapped[str] = mapped_column(String(16), default="learner")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Issued by staff for work done on paper, not through the site.
    on_paper: Mapped[bool] = mapped_column(default=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
    # Re-issued (a retake, a corrected name): the certificate that replaces it. It stays
    # genuine for what it was, and says it was replaced, and when.
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("lms_certificate.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    superseded_by: Mapped[Certificate | None] = relationship(
        remote_side=[id], foreign_keys=[superseded_by_id], back_populates="replaces")
    replaces: Mapped[list[Certificate]] = relationship(  # the one it was issued in place of
        foreign_keys=[superseded_by_id], back_populates="superseded_by")
    library: Mapped[Library | None] = relationship()
    trainer: Mapped[User | None] = relationship(foreign_keys=[trainer_id])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    def versions(self) -> list[Certificate]:
        """This certificate and those that replaced it, oldest first."""
        found = [self]
        while found[-1].superseded_by is not None and len(found) < 100:
            found.append(found[-1].superseded_by)
        return found
