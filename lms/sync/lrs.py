"""Out to another learning record store (Ralph, Learning Locker, …): the log's statements
POSTed in order, in batches, with xAPI's REST call (``POST <LRS>/statements``,
``X-Experience-API-Version: 1.0.3``, HTTP Basic). A batch the store refuses for a moment
(a 5xx, a dropped line) is tried again; where it stopped is kept (``lms_lrs_cursor``), so
the next run goes on from there and nothing is sent twice once it was taken."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from sqlalchemy import select

from ..db import db
from ..eventlog.models import Statement
from .models import LrsCursor

BATCH = 200
TRIES = 3


class ForwardStopped(RuntimeError):
    """The store refused, or could not be reached after every try; the cursor stays."""


@dataclass
class Forwarded:
    statements: int
    batches: int
    retried: int


def forward(store: str, transport, *, batch: int = BATCH, pause: float = 1.0) -> Forwarded:
    """Send every statement after the cursor, oldest first."""
    cursor = db.session.get(LrsCursor, store) or LrsCursor(store=store, last_id=0)
    db.session.add(cursor)
    sent = batches = retried = 0
    while True:
        rows = list(db.session.scalars(select(Statement).where(Statement.id > cursor.last_id)
                                       .order_by(Statement.id).limit(batch)))
        if not rows:
            return Forwarded(sent, batches, retried)
        body = json.dumps([row.body for row in rows], ensure_ascii=False).encode()
        for attempt in range(TRIES):
            status, said = transport(store.rstrip("/") + "/statements", body)
            # 200: taken; 409: the store has these ids already (an earlier run it answered)
            if status in (200, 204, 409):
                break
            if status < 500 and status != 429:
                raise ForwardStopped(f"the store refused the statements ({status}): {said}")
            retried += 1
            time.sleep(pause * 2**attempt)
        else:
            raise ForwardStopped(f"the store did not take the statements after {TRIES} tries "
                                 f"({status}): {said}; run again later")
        cursor.last_id = rows[-1].id
        db.session.commit()  # what the store has taken stays taken, whatever comes next
        sent, batches = sent + len(rows), batches + 1


def basic_transport(user: str, password: str, timeout: float = 60):
    """xAPI's REST call by the standard library; a dropped line counts as a 503."""
    credentials = base64.b64encode(f"{user}:{password}".encode()).decode()

    def transport(url: str, body: bytes) -> tuple[int, str]:
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3",
            "Authorization": f"Basic {credentials}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(500).decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            return 503, str(exc)

    return transport
