"""A bundle: the statements of one node from a number on, compressed (zstandard) and
signed (Ed25519), small enough for a 20 kbit/s line, a stick or an e-mail.

    GRAMOTA-BUNDLE 1 \\n  <node name> \\n  <64 bytes: the signature>  <the compressed JSON>

The node's name is in clear so that the region checks the signature with that node's key
before it reads a byte of the rest. A statement already here is left as it is: a bundle
applied twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from flask import current_app
from sqlalchemy import select

from ..db import db, utcnow
from ..eventlog import xapi
from ..eventlog.log import object_id_of, statement_id
from ..eventlog.models import Statement
from ..people.branches import library_of
from ..people.models import Library
from . import people, records
from .keys import public_key
from .models import RegionNode
from .people import Arrivals, PersonRefused
from .replay import Replay

MAGIC = b"GRAMOTA-BUNDLE 1\n"
SIGNATURE_BYTES = 64
MAX_UNPACKED = 64 * 1024 * 1024  # a bundle that unpacks to more is refused


class BundleError(ValueError):
    """A bundle that cannot be applied; the message says why, for the person syncing."""


def zstandard():
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd
    return zstd


def seal(magic: bytes, name: str, document: dict, key) -> bytes:
    """``magic``, the sender's name, the signature, the compressed document."""
    payload = zstandard().compress(json.dumps(document, ensure_ascii=False,
                                              separators=(",", ":")).encode(), level=19)
    return magic + name.encode() + b"\n" + key.sign(payload) + payload


def unseal(data: bytes, magic: bytes, key_of, what: str = "the bundle",
           kind: str = "a Gramota bundle") -> tuple[str, dict]:
    """The sender's name and the document, once the signature is checked with the key
    ``key_of(name)`` gives (it raises BundleError for a sender not known)."""
    if not data.startswith(magic):
        raise BundleError(f"this is not {kind}")
    line_end = data.find(b"\n", len(magic))
    if line_end == -1 or line_end - len(magic) > 64:
        raise BundleError(f"{what} names no sender")
    name = data[len(magic):line_end].decode("utf-8", "replace")
    signature = data[line_end + 1:line_end + 1 + SIGNATURE_BYTES]
    payload = data[line_end + 1 + SIGNATURE_BYTES:]
    key = key_of(name)  # a BundleError of its own when the sender is not known
    try:
        public_key(key).verify(signature, payload)
    except (InvalidSignature, ValueError):
        raise BundleError(f"{what} is not signed by {name}'s key: it was changed or cut on "
                          f"the way; send it again") from None
    zstd = zstandard()
    reader = zstd.ZstdDecompressor()
    try:
        unpacked = reader.decompress(payload, max_length=MAX_UNPACKED)
        document = json.loads(unpacked) if reader.eof else None
    except (zstd.ZstdError, ValueError) as exc:  # signed, yet unreadable: the sender's fault
        raise BundleError(f"{what} cannot be read: {exc}") from None
    if not reader.eof:
        raise BundleError(f"{what} unpacks to more than 64 MB: send smaller ones")
    if not isinstance(document, dict):
        raise BundleError(f"{what}'s contents are not in the expected form")
    return name, document


def pack(node: str, since: int, key) -> tuple[bytes, int]:
    """The node's statements after number ``since``; also the last number packed (``since``
    when there is nothing new)."""
    rows = list(db.session.scalars(select(Statement).where(
        Statement.node == node, Statement.sequence > since).order_by(Statement.sequence)))
    last = rows[-1].sequence if rows else since
    bodies = [row.body for row in rows]
    document = {"node": node, "first": since + 1, "last": last,
                "iri": current_app.config["LMS_XAPI_IRI"],
                "statements": [_compact(body) for body in bodies]}
    described = {"people": people.described(bodies, everyone=since == 0),
                 "certificates": records.certificates(bodies),
                 "classes": records.classes(bodies)}
    document.update({name: found for name, found in described.items() if found})
    return seal(MAGIC, node, document, key), last


def _compact(body: dict) -> dict:
    """What the region cannot make again: not the id (from the node and number), nor the
    version."""
    return {key: value for key, value in body.items() if key not in ("id", "version")}


@dataclass
class Applied:
    node: str
    added: int
    already: int
    last: int
    people: Arrivals = field(default_factory=Arrivals)
    skipped: list[str] = field(default_factory=list)  # statements kept but not replayed


def apply(data: bytes) -> Applied:
    """Check a node's bundle, take in the learners it describes, add the statements not yet
    here in their order, and make each into the region's rows and figures (replay.py).
    Everything or nothing: the caller commits once."""
    node, document = _open(data)
    known = db.session.get(RegionNode, node)
    first, statements = document.get("first"), document.get("statements")
    if type(first) is not int or first < 1 or not isinstance(statements, list):
        raise BundleError("the bundle's contents are not in the expected form")
    if document.get("iri") != current_app.config["LMS_XAPI_IRI"]:
        raise BundleError(f"the bundle is of another region ({document.get('iri')})")
    if first > known.last_sequence + 1:
        raise BundleError(f"statements {known.last_sequence + 1}–{first - 1} of {node} have not "
                          f"arrived yet: apply the bundles in their order, or ask the node "
                          f"for a bundle from {known.last_sequence + 1}")
    if first + len(statements) - 1 <= known.last_sequence:  # all here: nothing to do
        known.last_received_at = utcnow()
        return Applied(node, 0, len(statements), known.last_sequence)
    try:
        arrivals = people.receive(node, known.branches, document.get("people", []))
    except PersonRefused as exc:
        raise BundleError(str(exc)) from None
    libraries = {branch: library_of(branch) for branch in known.branches}
    replay = Replay(_by(document, "certificates", "number"), _by(document, "classes", "uid"))
    added = already = 0
    for sequence, compact in enumerate(statements, start=first):
        if sequence <= known.last_sequence:
            already += 1
            continue
        row = _statement(node, sequence, compact, libraries)
        db.session.add(row)
        db.session.flush()
        try:
            replay.run(row)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            raise BundleError(f"statement {sequence} of {node} cannot be made into the "
                              f"region's records") from None
        known.last_sequence = sequence
        added += 1
    known.last_received_at = utcnow()
    db.session.flush()
    return Applied(node, added, already, known.last_sequence, arrivals, replay.skipped)


def _by(document: dict, section: str, key: str) -> dict[str, dict]:
    found = document.get(section, [])
    if not isinstance(found, list) or not all(isinstance(item, dict) for item in found):
        raise BundleError(f"the bundle's {section} are not in the expected form")
    return {str(item.get(key)): item for item in found}


def _open(data: bytes) -> tuple[str, dict]:
    def key_of(node: str) -> str:
        known = db.session.get(RegionNode, node)
        if known is None:
            raise BundleError(f"no node {node!r} is registered here: run 'flask --app wsgi "
                              f"lms node register {node} <its public key> --branch …'")
        return known.public_key

    node, document = unseal(data, MAGIC, key_of)
    if document.get("node") != node:
        raise BundleError("the bundle's contents are not in the expected form")
    return node, document


def _statement(node: str, sequence: int, compact: dict,
               libraries: dict[str, Library | None]) -> Statement:
    """The statement as kept here; ``libraries``: the node's branches, each found once."""
    if not isinstance(compact, dict):
        raise BundleError(f"statement {sequence} of {node} is not a whole statement")
    body = {"id": statement_id(node, sequence), **compact, "version": "1.0.3"}
    try:
        actor = body["actor"]["account"]["name"]
        when = datetime.fromisoformat(body["timestamp"])
        verb, object_id = body["verb"]["id"], object_id_of(body["object"])
        branch = (body.get("context") or {}).get("extensions", {}).get(
            xapi.extension("branch"))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BundleError(f"statement {sequence} of {node} is not a whole statement") from None
    if branch is not None and branch not in libraries:
        raise BundleError(f"statement {sequence} of {node} tells of {branch}, not one of its "
                          f"branches ({', '.join(libraries) or 'none'}): register the node "
                          f"with its branches at the region")
    library = libraries.get(branch)
    return Statement(uuid=body["id"], node=node, sequence=sequence, verb=verb, actor=actor,
                     object_id=object_id, user_id=people.person_id(actor),
                     library_id=library.id if library is not None else None,
                     occurred_at=when, body=body)
