"""Writing to the event log: each statement gets the next number of this node, in the
transaction of the change it tells of (kept or undone with it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from ..db import db
from .models import NodeClock, Statement


def next_sequence(node: str) -> int:
    """The node's next number. The row is locked until the transaction ends, so two
    requests never take one number, and a number taken by a request undone is taken again
    (no gaps for sync to wait on)."""
    for _try in range(2):
        taken = db.session.execute(update(NodeClock).where(NodeClock.node == node)
                                   .values(last=NodeClock.last + 1)
                                   .returning(NodeClock.last)).scalar()
        if taken is not None:
            return taken
        try:
            with db.session.begin_nested():  # the node's first statement
                db.session.execute(insert(NodeClock).values(node=node, last=1))
            return 1
        except IntegrityError:  # another request wrote the first one: take the next
            continue
    raise RuntimeError(f"the clock of node {node} cannot be read")


def statement_id(node: str, sequence: int) -> str:
    """A statement's id, made from its node and number: the same wherever it is kept, so a
    bundle need not carry it and a statement received twice is known (a UUIDv5)."""
    region = uuid.uuid5(uuid.NAMESPACE_URL, current_app.config["LMS_XAPI_IRI"])
    return str(uuid.uuid5(region, f"{node}/{sequence}"))


_replaying: ContextVar[bool] = ContextVar("replaying", default=False)


@contextmanager
def replaying() -> Iterator[None]:
    """While the region makes a node's statement into its records through the features'
    own events (two accounts joined), those events write no statement of the region's:
    the node's is in the log already."""
    token = _replaying.set(True)
    try:
        yield
    finally:
        _replaying.reset(token)


def write(body: dict, *, user_id: int | None, library_id: int | None,
          when: datetime) -> Statement | None:
    if _replaying.get():
        return None
    node = current_app.config["LMS_NODE_ID"]
    sequence = next_sequence(node)
    body["id"] = statement_id(node, sequence)
    row = Statement(uuid=body["id"], node=node, sequence=sequence,
                    verb=body["verb"]["id"], actor=body["actor"]["account"]["name"],
                    object_id=object_id_of(body["object"]), user_id=user_id, library_id=library_id,
                    occurred_at=when, body=body)
    db.session.add(row)
    db.session.flush()
    return row


def object_id_of(found: dict) -> str:
    """An activity's or a statement's id; an agent's account name (a joined account)."""
    return found.get("id") or found.get("account", {}).get("name", "")


def last_about(object_id: str, actor_uid: str, verb_id: str) -> Statement | None:
    """The newest statement of this person, verb and activity (to void it)."""
    return db.session.scalar(
        select(Statement).where(Statement.object_id == object_id, Statement.actor == actor_uid,
                                Statement.verb == verb_id)
        .order_by(Statement.id.desc()).limit(1))
