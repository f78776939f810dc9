"""Recording consultations at the desk, quickly and correctly."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import events
from ..audit.services import record
from ..db import db, utcnow
from ..people.models import Library, User
from ..people.scope import learners_visible_to, visible_library_ids
from .models import FORMATS, OUTCOMES, ClosedPeriod, Consultation
from .topics import topic_names

MAX_PEOPLE = 500


class ConsultationError(ValueError):
    """The consultation cannot be recorded as given; the message says why."""


def _check(actor: User, entry: Consultation | None, *, library_id: int, on: date, topic: str,
           format: str, people: int, outcome: str, learner_id: int | None) -> Library:
    library = db.session.scalar(select(Library).where(
        Library.id == library_id, Library.id.in_(visible_library_ids(actor))))
    if library is None:
        raise ConsultationError(_l("Choose one of your branches."))
    if on > utcnow().date():
        raise ConsultationError(_l("The date cannot be in the future."))
    if is_closed(library.network_id, on):
        raise ConsultationError(_l("The coordinator has closed the log up to %(date)s; ask "
                                   "them to reopen it.", date=closed_through(
                                       library.network_id).strftime("%d.%m.%Y")))
    kept_topic = entry is not None and entry.topic == topic  # a topic switched off since
    if (topic not in topic_names(library.network_id) and not kept_topic
            or format not in FORMATS or outcome not in OUTCOMES):
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


def find_learner(actor: User, typed: str | None) -> int | None:
    """The id of the learner of the actor's branches that ``typed`` names: her username,
    her phone (its digits), or a part of her name that only she has; None for nothing
    typed. Several or none: ConsultationError saying so."""
    typed = " ".join((typed or "").split())
    if not typed:
        return None
    learners = learners_visible_to(actor)
    found = db.session.scalar(learners.where(User.username == typed.lower()))
    digits = "".join(ch for ch in typed if ch.isascii() and ch.isdigit())
    if found is None and len(digits) >= 6:
        found = next((person for person in db.session.scalars(learners.where(
            User.phone.is_not(None))) if "".join(filter(str.isdigit, person.phone))
            .endswith(digits[-10:])), None)
    if found is None:
        matches = db.session.scalars(learners_visible_to(actor, typed).limit(6)).all()
        if len(matches) > 1:
            raise ConsultationError(_l(
                "Several learners match “%(typed)s”: %(names)s. Type her username.",
                typed=typed[:40], names=", ".join(f"{m.full_name} ({m.username})"
                                                 for m in matches[:5])))
        found = matches[0] if matches else None
    if found is None:
        raise ConsultationError(_l("No learner of your branches matches “%(typed)s”.",
                                   typed=typed[:40]))
    return found.id


def save(actor: User, consultation: Consultation | None = None, **fields) -> Consultation:
    """Record a consultation, or change one of the actor's in a period still open."""
    if consultation is not None and not may_edit(actor, consultation):
        raise ConsultationError(NOT_EDITABLE)
    fields["note"] = " ".join((fields.get("note") or "").split())[:500]
    library = _check(actor, consultation, **{k: v for k, v in fields.items() if k != "note"})
    created = consultation is None
    if created:
        consultation = Consultation(author_id=actor.id)
        db.session.add(consultation)
    for key, value in fields.items():
        setattr(consultation, key, value)
    consultation.library = library
    db.session.flush()
    events.consultation_saved.send(consultation, created=created, by=actor)
    return consultation


NOT_EDITABLE = _l("Only the author can change an entry, until the coordinator closes its "
                  "month.")


def move_consultations(kept: User, other: User) -> None:
    """Two accounts of one person joined: the consultations given to either are hers."""
    db.session.execute(update(Consultation).where(Consultation.learner_id == other.id)
                       .values(learner_id=kept.id).execution_options(synchronize_session=False))


def may_edit(actor: User, consultation: Consultation) -> bool:
    return consultation.author_id == actor.id and not is_closed(
        consultation.library.network_id, consultation.on)


def delete(actor: User, consultation: Consultation) -> None:
    if not may_edit(actor, consultation):
        raise ConsultationError(NOT_EDITABLE)
    record("consultation_deleted", actor=actor, library=consultation.library,
           consultation=consultation.id)
    events.consultation_deleted.send(consultation, by=actor)
    db.session.delete(consultation)
    db.session.flush()


def closed_through(network_id: int) -> date | None:
    """The last day of the log the coordinator has closed, if any (read once per request:
    the log page asks for every entry it lists)."""
    known = g.setdefault("lms_closed_through", {})
    if network_id not in known:
        known[network_id] = db.session.scalar(select(ClosedPeriod.through)
                                              .where(ClosedPeriod.network_id == network_id))
    return known[network_id]


def is_closed(network_id: int, on: date) -> bool:
    through = closed_through(network_id)
    return through is not None and on <= through


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def close_month(actor: User, network_id: int, month: date) -> date:
    """Close the log up to the end of ``month``, which must be over already."""
    through = month_end(month)
    if through >= utcnow().date():
        raise ConsultationError(_l("A month can be closed once it is over."))
    period = db.session.get(ClosedPeriod, network_id) or ClosedPeriod(network_id=network_id)
    if period.through is not None and through <= period.through:
        raise ConsultationError(_l("That month is closed already."))
    period.through, period.closed_by_id, period.closed_at = through, actor.id, utcnow()
    g.pop("lms_closed_through", None)
    db.session.add(period)
    record("consultations_closed", actor=actor, network=network_id,
           through=through.isoformat())
    db.session.flush()
    return through


def reopen_month(actor: User, network_id: int) -> date | None:
    """Reopen the last closed month (to correct it); return the new closing date."""
    period = db.session.get(ClosedPeriod, network_id)
    if period is None:
        raise ConsultationError(_l("No month is closed."))
    reopened = period.through
    period.through = period.through.replace(day=1) - timedelta(days=1)
    g.pop("lms_closed_through", None)
    record("consultations_reopened", actor=actor, network=network_id,
           month=reopened.strftime("%Y-%m"))
    db.session.flush()
    return period.through
