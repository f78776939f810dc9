"""Reading the audit log: who did what to whom, when, for admins and coordinators."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased

from ..audit.models import AuditEvent
from ..db import db
from ..people.models import Role, User
from ..people.scope import visible_library_ids

PAGE_SIZE = 100


def events_visible_to(user: User) -> Select:
    """An admin reads every event; a coordinator those of the branches they may see (and
    their network's own, such as a closed consultations month)."""
    query = select(AuditEvent)
    if user.role is not Role.ADMIN:
        mine = [AuditEvent.library_id.in_(visible_library_ids(user))]
        if user.network_id is not None:
            mine.append(AuditEvent.network_id == user.network_id)
        query = query.where(or_(*mine))
    return query


def find_events(user: User, *, person: str = "", action: str = "", start: date | None = None,
                end: date | None = None, page: int = 1) -> tuple[list[AuditEvent], bool]:
    """The events ``user`` may read, newest first, filtered; and whether there are more."""
    query = events_visible_to(user)
    if person:
        actor, subject = aliased(User), aliased(User)
        query = (query.outerjoin(actor, AuditEvent.actor_id == actor.id)
                 .outerjoin(subject, AuditEvent.subject_id == subject.id)
                 .where(or_(actor.username == person, subject.username == person)))
    if action:
        query = query.where(AuditEvent.action == action)
    if start:  # whole days in UTC, as the events are kept
        query = query.where(AuditEvent.at >= datetime.combine(start, time.min, UTC))
    if end:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1),
                                                             time.min, UTC))
    found = list(db.session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                    .limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def actions_seen(user: User) -> list[str]:
    return sorted(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.id.in_(
            events_visible_to(user).with_only_columns(AuditEvent.id))).distinct()))
