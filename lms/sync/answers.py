"""The region's answer to a node: what the node needs of the region for its own branches
and nothing else: the branches themselves, their trainers (so they sign in at the node),
their learners registered or corrected elsewhere, and the certificates revoked.

    GRAMOTA-ANSWER 1 \\n  <region's node name> \\n  <64 bytes: signature>  <compressed JSON>

Signed with the region's key (``lms node key`` at the region); the node checks it with the
region's public key it was given by ``lms node init``. An answer taken twice changes
nothing. The first answer (from 0) holds every learner of the node's branches; the next
ones only those changed at the region or at another node since the last one taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from ..certificates.models import Certificate
from ..classes.models import StudyClass
from ..db import db, utcnow
from ..eventlog import xapi
from ..eventlog.models import Statement
from ..people.branches import get_or_create_library, get_or_create_network, library_of
from ..people.models import Library, Role, User
from ..people.validation import search_key
from ..state import get_state
from . import people
from .bundles import BundleError, seal, unseal
from .models import RegionNode
from .packs import PackRefused, keep, region_packs, use_node_packs
from .people import Arrivals, PersonRefused, branch_of
from .records import describe_classes, make_class, member_of, session_of

MAGIC = b"GRAMOTA-ANSWER 1\n"


def answer(known: RegionNode, since: int, key, packs_known: dict[str, str] | None = None
           ) -> bytes:
    """At the region: the answer for node ``known``, with what changed after the region's
    statement row ``since`` (0: everything), and the course packs the node does not have
    as they are (``packs_known``: the node's, name → digest; None: all of them)."""
    libraries = [library for library in map(library_of, known.branches) if library is not None]
    ids = [library.id for library in libraries]
    upto = db.session.scalar(select(func.max(Statement.id))) or 0
    learners = select(User).where(User.library_id.in_(ids))
    if since:
        learners = learners.where(User.uid.in_(select(Statement.actor).where(
            Statement.id > since, Statement.id <= upto, Statement.node != known.node,
            Statement.verb.in_([xapi.verb(name)["id"] for name in people.TOLD]))))
    trainers = db.session.scalars(select(User).where(
        User.role == Role.TRAINER, User.libraries.any(Library.id.in_(ids))).order_by(User.id))
    revoked = db.session.scalars(select(Certificate).where(
        Certificate.library_id.in_(ids), Certificate.revoked_at.is_not(None)))
    document = {
        "region": current_app.config["LMS_NODE_ID"], "for": known.node, "upto": upto,
        "iri": current_app.config["LMS_XAPI_IRI"],
        "branches": [{"branch": branch_of(library), "network": library.network.name,
                      "name": library.name, "address": library.address,
                      "country": library.country, "timezone": library.timezone}
                     for library in libraries],
        "trainers": [{"uid": person.uid, "username": person.username,
                      "full_name": person.full_name, "language": person.language,
                      "password_hash": person.password_hash, "active": person.is_active,
                      "branches": sorted(b for b in map(branch_of, person.libraries)
                                         if b in known.branches)}
                     for person in trainers],
        "people": people.describe(learners),
        "revoked": [[paper.number, paper.revoked_at.isoformat(), paper.revoke_reason or ""]
                    for paper in revoked],
        "classes": describe_classes(select(StudyClass).where(
            StudyClass.library_id.in_(ids), StudyClass.closed_at.is_(None)), whole=True),
        "packs": region_packs(current_app, packs_known),
    }
    return seal(MAGIC, current_app.config["LMS_NODE_ID"], document, key)


@dataclass
class Taken:
    upto: int
    branches: int = 0
    trainers: int = 0
    people: Arrivals = field(default_factory=Arrivals)
    revoked: int = 0
    classes: int = 0  # new here
    packs: list[str] = field(default_factory=list)  # the course packs new or changed


def take(data: bytes, region_key: str) -> Taken:
    """At the node: check the region's answer with its public key, and take it in."""
    document = _open(data, region_key)
    if document.get("for") != current_app.config["LMS_NODE_ID"]:
        raise BundleError(f"this answer is for {document.get('for')}, not for this node "
                          f"({current_app.config['LMS_NODE_ID']})")
    if document.get("iri") != current_app.config["LMS_XAPI_IRI"]:
        raise BundleError(f"the answer is of another region ({document.get('iri')})")
    try:
        taken = Taken(int(document["upto"]))
        for branch in document["branches"]:
            network_code, code = branch["branch"].split("/", 1)
            get_or_create_library(get_or_create_network(network_code, branch["network"]), code,
                                  branch["name"], address=branch["address"],
                                  country=branch["country"], timezone=branch["timezone"])
            taken.branches += 1
        db.session.flush()
        for trainer in document["trainers"]:
            _trainer(trainer)
            taken.trainers += 1
        ours = [branch["branch"] for branch in document["branches"]]
        taken.people = people.receive(document["region"], ours, document["people"])
        for number, revoked_at, reason in document["revoked"]:
            paper = db.session.scalar(select(Certificate).where(Certificate.number == number))
            if paper is not None and paper.revoked_at is None:
                paper.revoked_at = datetime.fromisoformat(revoked_at)
                paper.revoke_reason = reason[:500]
                taken.revoked += 1
        for described in document.get("classes", []):
            taken.classes += _class(described)
        for pack in document.get("packs", []):
            keep(current_app.instance_path, pack)
            taken.packs.append(pack["name"])
    except (PackRefused, PersonRefused) as exc:  # before the ValueErrors below
        raise BundleError(str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BundleError("the region's answer is not in the expected form") from None
    db.session.flush()
    if taken.packs:  # read at the next start; at once in this process
        use_node_packs(current_app)
        get_state().loaded = None
    return taken


def _trainer(described: dict) -> None:
    """A trainer of the node's branches, as the region keeps her: she signs in with the
    same password here."""
    person = db.session.scalar(select(User).where(User.uid == described["uid"]))
    if person is None:
        person = db.session.scalar(select(User).where(
            User.username == described["username"], User.role == Role.TRAINER))
    if person is None:
        person = User(uid=described["uid"], username=described["username"], role=Role.TRAINER)
        db.session.add(person)
    elif person.role is not Role.TRAINER:
        raise BundleError(f"{described['username']} is a trainer at the region and not here")
    person.uid, person.full_name = described["uid"], str(described["full_name"])[:200]
    person.search_key = search_key(f"{person.full_name} {person.username}")
    person.language, person.password_hash = described["language"], described["password_hash"]
    person.is_active = bool(described["active"])
    branches = [library_of(branch) for branch in described["branches"]]
    person.libraries = [library for library in branches if library is not None]
    person.library = person.libraries[0] if person.libraries else None
    db.session.flush()


def _class(described: dict) -> int:
    """A class of the node's branches as the region has it: made here if new; one made
    here already only gains the learners and sessions it lacked (the node teaches it)."""
    found = db.session.scalar(select(StudyClass).where(StudyClass.uid == described["uid"]))
    made = found is None
    if made:
        found = make_class(described)
        if found is None:
            return 0
    now = utcnow()
    for person in db.session.scalars(select(User).where(User.uid.in_(described["learners"]))):
        member_of(found, person, now)
    for on in described["sessions"]:
        session_of(found, date.fromisoformat(on))
    return int(made)


def _open(data: bytes, region_key: str) -> dict:
    return unseal(data, MAGIC, lambda _region: region_key, "the region's answer",
                  "an answer of a Gramota region")[1]
