"""Recording consultations at the desk, quickly and correctly."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..db import db, utcnow
from ..people.models import Library, User
from ..people.scope import visible_library_ids
from .models import FORMATS, OUTCOMES, TOPICS, Consultation

MAX_PEOPLE = 500


class ConsultationError(ValueError):
    """The consultation cannot be recorded as given; the message says why."""


def _check(actor: User, *, library_id: int, on: date, topic: str, format: str, people: int,
           outcome: str, learner_id: int | None) -> Library:
    library = db.session.scalar(select(Library).where(
        Library.id == library_id, Library.id.in_(visible_library_ids(actor))))
    if library is None:
        raise ConsultationError(_l("Choose one of your branches."))
    if on > utcnow().date():
        raise ConsultationError(_l("The date cannot be in the future."))
    if topic not in TOPICS or format not in FORMATS or outcome not in OUTCOMES:
        raise ConsultationError(_l("Choose the topic, the format and the outcome from the "
                                   "lists."))
    if not 1 <= people <= MAX_PEOPLE or (format == "individual" and people != 1):
        raise ConsultationError(_l("The number of people is 1 for an individual "
                                   "consultation, and from 2 to %(max)s for a group.",
                                   max=MAX_PEOPLE))
    if format == "group" and people < 2:
        raise ConsultationError(_l("A group consultation has two people at least."))
    if learner_id is not None:
        learner = db.session.get(User, learner_id)
        if learner is None or learner.library_id not in set(
                db.session.scalars(visible_library_ids(actor))):
            raise ConsultationError(_l("Choose a learner of your branches."))
    return library


def save(actor: User, consultation: Consultation | None = None, **fields) -> Consultation:
    """Record a consultation, or change one the actor wrote today."""
    if consultation is not None and not may_edit(actor, consultation):
        raise ConsultationError(_l("Only today's entries can be changed, by their author."))
    fields["note"] = " ".join((fields.get("note") or "").split())[:500]
    library = _check(actor, **{k: v for k, v in fields.items() if k != "note"})
    if consultation is None:
        consultation = Consultation(author_id=actor.id)
        db.session.add(consultation)
    for key, value in fields.items():
        setattr(consultation, key, value)
    consultation.library = library
    db.session.commit()
    return consultation


def may_edit(actor: User, consultation: Consultation) -> bool:
    return consultation.author_id == actor.id and consultation.created_at.date() == (
        utcnow().date())


def delete(actor: User, consultation: Consultation) -> None:
    if not may_edit(actor, consultation):
        raise ConsultationError(_l("Only today's entries can be changed, by their author."))
    record("consultation_deleted", actor=actor, library=consultation.library,
           consultation=consultation.id)
    db.session.delete(consultation)
    db.session.commit()
