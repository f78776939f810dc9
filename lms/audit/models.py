"""Audit events. Rows are only ever added: the ORM refuses to change or delete one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import UTCDateTime, db, utcnow

if TYPE_CHECKING:  # the audit log sits below people: it names them, never imports them
    from ..people.models import User


class AuditEvent(db.Model):
    __tablename__ = "lms_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # e.g. "sign_in", "sign_in_failed", "role_changed", "learner_registered", "anonymised"
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id"), index=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("lms_library.id"))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("lms_network.id"))
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[User | None] = relationship(foreign_keys=[subject_id])


class AuditLogIsAppendOnly(Exception):
    """Raised on an attempt to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, _target):
    raise AuditLogIsAppendOnly("audit events cannot be changed or deleted")
