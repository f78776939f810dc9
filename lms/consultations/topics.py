"""The consultation topics a network uses: the standard list, or the coordinator's own."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..audit.services import record
from ..db import db
from ..people.models import Network, User
from .models import TOPICS, Consultation, ConsultationTopic

STANDARD_NAMES = {
    "portal-registration": _l("Registration on the services portal"),
    "account-confirmation": _l("Confirming the portal account"),
    "e-signature": _l("Electronic signature"),
    "utilities": _l("Paying for utilities"),
    "pension": _l("Pension"),
    "medical-appointment": _l("Booking a doctor"),
    "job-search": _l("Looking for a job"),
    "other": _l("Other"),
}
MAX_TOPICS = 30


class TopicError(ValueError):
    """The topic list cannot be saved as given; the message says why."""


def topic_names(network_id: int | None, *, active_only: bool = True) -> dict[str, str]:
    """The network's topics, code → name, in the network's order (standard ones if unset)."""
    rows = list(db.session.scalars(
        select(ConsultationTopic).where(ConsultationTopic.network_id == network_id)
        .order_by(ConsultationTopic.position, ConsultationTopic.id))) if network_id else []
    if not rows:
        return {code: str(STANDARD_NAMES[code]) for code in TOPICS}
    return {row.code: row.name or str(STANDARD_NAMES.get(row.code, row.code))
            for row in rows if row.active or not active_only}


def save_topics(actor: User, network: Network, *, used: set[str], names: dict[str, str],
                new: list[str]) -> None:
    """Switch topics on and off, rename them, add new ones; the order is kept."""
    rows = {row.code: row for row in db.session.scalars(
        select(ConsultationTopic).where(ConsultationTopic.network_id == network.id))}
    if not rows:  # first change: the standard list becomes the network's own
        for position, code in enumerate(TOPICS):
            rows[code] = ConsultationTopic(network_id=network.id, code=code, position=position)
            db.session.add(rows[code])
    for code, row in rows.items():
        row.active = code in used
        name = " ".join(names.get(code, "").split())
        if len(name) > 120:
            raise TopicError(_l("A topic name is at most 120 characters."))
        row.name = "" if name == str(STANDARD_NAMES.get(code, "")) else name
        if not row.name and code not in STANDARD_NAMES:
            raise TopicError(_l("A topic of your own needs a name."))
    next_number = 1 + max((int(m[1]) for code in rows
                           if (m := re.fullmatch(r"own-(\d+)", code))), default=0)
    position = 1 + max((row.position for row in rows.values()), default=0)
    for name in (" ".join(n.split()) for n in new):
        if not name:
            continue
        if len(name) > 120:
            raise TopicError(_l("A topic name is at most 120 characters."))
        if name.casefold() in {n.casefold() for n in _names(rows.values())}:
            raise TopicError(_l("The topic «%(name)s» is already in the list.", name=name))
        row = ConsultationTopic(network_id=network.id, code=f"own-{next_number}", name=name,
                                active=True,
                                position=position)
        db.session.add(row)
        rows[row.code] = row
        next_number, position = next_number + 1, position + 1
    if not any(row.active for row in rows.values()):
        raise TopicError(_l("Leave at least one topic in the list."))
    if sum(row.active for row in rows.values()) > MAX_TOPICS:
        raise TopicError(_l("At most %(max)s topics: a short list is quicker to use.",
                            max=MAX_TOPICS))
    record("consultation_topics_changed", actor=actor, network=network.id,
           topics=sorted(code for code, row in rows.items() if row.active))
    db.session.flush()


def _names(rows) -> list[str]:
    return [row.name or str(STANDARD_NAMES.get(row.code, row.code)) for row in rows]


def topic_labeller():
    """Name an entry's topic in its network's list (one query per network on the page)."""
    networks: dict[int, dict[str, str]] = {}

    def label(entry: Consultation) -> str:
        nid = entry.library.network_id
        if nid not in networks:
            networks[nid] = topic_names(nid, active_only=False)
        return networks[nid].get(entry.topic, entry.topic)

    return label
