"""Writing to the audit log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from flask import has_request_context, request
from sqlalchemy import String, cast, or_, select, update

from ..db import db
from .models import AuditEvent

if TYPE_CHECKING:
    from ..people.models import Library, User


def forget_words(words: list[str]) -> int:
    """Replace ``words`` (a person's name and username) with "—" in the audit log's
    details; return how many events changed. The one change the append-only log takes:
    erasing a person at their request (docs/privacy.md)."""
    words = [word for word in words if word]
    stored = [pattern for word in words for pattern in {word, json.dumps(word)[1:-1]}]
    found = db.session.execute(select(AuditEvent.id, AuditEvent.details).where(
        or_(*(cast(AuditEvent.details, String).contains(p) for p in stored)))).all()
    changed = 0
    for event_id, details in found:
        cleaned = _without(details, [word.casefold() for word in words])
        if cleaned != details:
            db.session.execute(update(AuditEvent).where(AuditEvent.id == event_id)
                               .values(details=cleaned)
                               .execution_options(synchronize_session=False))
            changed += 1
    return changed


def _without(value, words: list[str]):
    if isinstance(value, str):
        return "—" if any(word in value.casefold() for word in words) else value
    if isinstance(value, dict):
        return {key: _without(item, words) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, words) for item in value]
    return value


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
