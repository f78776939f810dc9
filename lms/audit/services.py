"""Writing to the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import has_request_context, request

from ..db import db
from .models import AuditEvent

if TYPE_CHECKING:
    from ..people.models import Library, User


def record(action: str, *, actor: User | None = None, subject: User | None = None,
           library: Library | None = None, **details) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    if library is None and subject is not None:
        library = subject.library
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None and actor.is_authenticated else None,
        subject_id=subject.id if subject is not None else None,
        library_id=library.id if library is not None else None,
        network_id=library.network_id if library is not None else None,
        ip=request.remote_addr if has_request_context() else None,
        details=details,
    )
    db.session.add(event)
    return event
