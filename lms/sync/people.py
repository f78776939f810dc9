"""The learners a bundle tells of: the node says who they are, the region takes them in.

A learner registered at a node arrives with her details and consent; one known already
keeps the later edit of her details (the other one is kept in the audit log), and one who
looks like a learner registered elsewhere is named for staff to join (people/merging.py),
never joined by itself. A node speaks only of learners of its own branches: staff accounts
are the region's to make, and a bundle cannot make one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from ..audit.services import record
from ..db import db
from ..eventlog import xapi
from ..eventlog.models import Statement
from ..people.branches import library_of
from ..people.models import ConsentRecord, Library, Role, User
from ..people.services import propose_username, same_person
from ..people.validation import (
    InvalidDetail,
    clean_birth_year,
    clean_email,
    clean_name,
    clean_phone,
    search_key,
)

#: what a later edit at either side may change
DETAILS = ("full_name", "birth_year", "phone", "email", "language")
TOLD = ("registered", "corrected")  # the verbs after which a node sends her details


def branch_of(library: Library | None) -> str | None:
    return f"{library.network.code}/{library.code}" if library is not None else None


def person_id(uid: str | None) -> int | None:
    """The id here of the person a statement names by uid (None: not known here)."""
    return db.session.scalar(select(User.id).where(User.uid == uid)) if uid else None


def _edited_at(uids: set[str]) -> dict[str, datetime]:
    """When each person's details were last registered or corrected, by this log."""
    verbs = [xapi.verb(name)["id"] for name in TOLD]
    return dict(db.session.execute(
        select(Statement.actor, func.max(Statement.occurred_at))
        .where(Statement.actor.in_(uids), Statement.verb.in_(verbs))
        .group_by(Statement.actor)).all())


def described(bodies: list[dict], everyone: bool) -> list[dict]:
    """At the node: the learners registered or corrected in these statements (``everyone``
    in them, in a node's first bundle), as the region needs them."""
    verbs = {xapi.verb(name)["id"] for name in TOLD}
    uids = {body["actor"]["account"]["name"] for body in bodies
            if everyone or body["verb"]["id"] in verbs}
    return describe(select(User).where(User.uid.in_(uids))) if uids else []


def describe(people) -> list[dict]:
    """The learners of the query ``people``, as the other side takes them in (receive)."""
    persons = list(db.session.scalars(people.where(User.role == Role.LEARNER,
                                                   User.anonymised_at.is_(None))
                                      .order_by(User.id)))
    edited = _edited_at({person.uid for person in persons})
    found = []
    for person in persons:
        consent = max(person.consents, key=lambda c: c.recorded_at, default=None)
        found.append({
            "uid": person.uid, "username": person.username, "branch": branch_of(person.library),
            **{name: getattr(person, name) for name in DETAILS},
            "password_hash": person.password_hash, "active": person.is_active,
            "created": person.created_at.isoformat(),
            "edited": (edited.get(person.uid) or person.created_at).isoformat(),
            **({"consent": [consent.method, consent.text_version,
                            consent.recorded_at.isoformat()]} if consent else {})})
    return found


@dataclass
class Arrivals:
    """What the region did with the people of one bundle."""
    added: int = 0
    updated: int = 0
    kept: int = 0      # her details here were edited later than the node's
    maybe_twice: list[tuple[str, str]] = field(default_factory=list)  # (new, already here)


class PersonRefused(ValueError):
    """A person the other side may not speak of (not of its branches, not a learner), or
    one not described in full; says why."""


def receive(node: str, branches: list[str], people: list) -> Arrivals:
    """At the region (or a node, from the region's answer): take in the learners the other
    side describes; PersonRefused says why one cannot be."""
    arrivals = Arrivals()
    if not isinstance(people, list):
        raise PersonRefused("the bundle's people are not in the expected form")
    edited_here = _edited_at({p.get("uid") for p in people if isinstance(p, dict)})
    for entry in people:
        try:
            uid, branch = entry["uid"], entry["branch"]
            edited = datetime.fromisoformat(entry["edited"])
            details = _clean(entry)
        except (KeyError, TypeError, ValueError):  # InvalidDetail is a ValueError
            raise PersonRefused(f"a person in the bundle is not described in full "
                                f"({entry!r:.80})") from None
        if branch not in branches:
            raise PersonRefused(f"{node} tells of a learner of {branch}, not one of its "
                                f"branches ({', '.join(branches) or 'none'}): register the "
                                f"node with its branches at the region")
        person = db.session.scalar(select(User).where(User.uid == uid))
        if person is None:
            _arrive(node, entry, details, library_of(branch), arrivals)
        elif not person.is_learner:
            raise PersonRefused(f"{node} tells of {person.username}, who is not a learner "
                                f"here")
        elif branch_of(person.library) not in branches:  # she moved away from its branches
            record("details_not_taken", subject=person, node=node,
                   edited_at_node=edited.isoformat(), reason="not of the node's branches")
            arrivals.kept += 1
        else:
            _later_edit_wins(node, person, {**details, "library": library_of(branch)}, edited,
                             edited_here.get(uid), arrivals)
    return arrivals


def _clean(entry: dict) -> dict:
    language = entry["language"]
    if language not in current_app.config["LMS_LANGUAGES"]:
        raise InvalidDetail(language)
    return {"full_name": clean_name(entry["full_name"]),
            "birth_year": clean_birth_year(entry["birth_year"]),
            "phone": clean_phone(entry["phone"]), "email": clean_email(entry["email"]),
            "language": language}


def _arrive(node, entry, details, library, arrivals) -> None:
    if library is None:
        raise PersonRefused(f"the branch {entry['branch']} is not known at the region: add "
                            f"it first")
    taken = db.session.scalar(select(User.id).where(User.username == entry.get("username")))
    username = entry.get("username") if entry.get("username") and taken is None else \
        propose_username(details["full_name"], details["language"] or "ru")
    try:
        created = datetime.fromisoformat(entry["created"])
    except (KeyError, TypeError, ValueError):
        raise PersonRefused("a person in the bundle is not described in full") from None
    person = User(uid=entry["uid"], username=username, role=Role.LEARNER, library=library,
                  password_hash=str(entry.get("password_hash") or "!"),
                  is_active=bool(entry.get("active", True)), created_at=created,
                  search_key=search_key(f"{details['full_name']} {username}"), **details)
    consent = entry.get("consent")
    if isinstance(consent, list) and len(consent) == 3:
        person.consents.append(ConsentRecord(method=str(consent[0])[:16],
                                             text_version=str(consent[1])[:32],
                                             recorded_at=datetime.fromisoformat(consent[2])))
    already = same_person(library.id, [(person.full_name, person.birth_year)]).get(
        (person.full_name, person.birth_year), [])
    db.session.add(person)
    db.session.flush()
    record("learner_arrived", subject=person, library=library, node=node,
           username_at_node=entry.get("username"))
    for other in already:
        arrivals.maybe_twice.append((person.username, other.username))
        record("maybe_registered_twice", subject=person, library=library, node=node,
               other=other.username)
    arrivals.added += 1


def _later_edit_wins(node, person, details, edited, edited_here, arrivals) -> None:
    differs = {name: value for name, value in details.items()
               if getattr(person, name) != value}
    if not differs:
        return
    told = {name: branch_of(value) if name == "library" else value
            for name, value in differs.items()}  # for the audit log: words, not rows
    if edited_here is not None and edited_here >= edited:  # hers here is the later edit
        record("details_not_taken", subject=person, node=node, edited_at_node=edited.isoformat(),
               details=told)
        arrivals.kept += 1
        return
    record("details_replaced", subject=person, node=node, edited_at_node=edited.isoformat(),
           before={name: branch_of(person.library) if name == "library" else getattr(person, name)
                   for name in differs}, after=told)
    for name, value in differs.items():
        setattr(person, name, value)
    person.search_key = search_key(f"{person.full_name} {person.username}")
    arrivals.updated += 1
