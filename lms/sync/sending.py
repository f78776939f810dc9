"""The node's side: pack what the region has not acknowledged, and send it by resumable
upload. The bundle waits in the instance folder (``node/outbox.bundle``) until the region
has applied it, so a dropped line resumes the same bytes where they stopped.

``transport(method, url, headers, body) -> (status, headers)`` does the HTTP: urllib for
the command, a test client in the tests; the answer's bytes are in ``headers["_data"]``,
an error's words in ``headers["_body"]``.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..db import utcnow
from .answers import Taken, take
from .bundles import pack
from .keys import node_key
from .packs import header_of, node_has
from .uploads import sign_proof

PIECE = 4096  # bytes per PATCH: about 2 s at 20 kbit/s, so little is sent twice
TUS = {"Tus-Resumable": "1.0.0"}


class SendInterrupted(RuntimeError):
    """The line dropped or the region refused; what was sent is kept for the next try."""


@dataclass
class Sent:
    statements: int
    bytes: int
    resumed_at: int   # 0: a new upload; else the byte it went on from
    acknowledged: int


class NodeState:
    """What the node remembers between sends (``instance/node/sync.json``)."""

    def __init__(self, instance_path: str):
        self.folder = Path(instance_path) / "node"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path, self.outbox = self.folder / "sync.json", self.folder / "outbox.bundle"
        self.data = json.loads(self.path.read_text()) if self.path.is_file() else {}

    def save(self) -> None:
        self.path.write_text(json.dumps(self.data))

    @property
    def acknowledged(self) -> int:
        return int(self.data.get("acknowledged", 0))

    @property
    def sent_at(self) -> datetime | None:
        return datetime.fromisoformat(self.data["sent_at"]) if "sent_at" in self.data else None

    @property
    def interrupted_at(self) -> tuple[int, int] | None:
        """Where an upload stopped, of how many bytes (as far as this node knows)."""
        if not (self.outbox.is_file() and self.data.get("upload")):
            return None
        return int(self.data.get("offset", 0)), self.outbox.stat().st_size


def send(region: str, node: str, key, state: NodeState, transport, piece: int = PIECE) -> Sent:
    """Send every statement after the acknowledged one; resume an upload cut before."""
    before = state.acknowledged
    if state.outbox.is_file() and state.data.get("upload"):
        data, last = state.outbox.read_bytes(), int(state.data["last"])
        status, headers = transport("HEAD", state.data["upload"], TUS, b"")
        offset = int(headers.get("Upload-Offset", 0)) if status == 200 else None
    else:
        offset = None
    if offset is None:  # nothing waiting, or the region forgot it: a new upload
        data, last = pack(node, state.acknowledged, key)
        if last == state.acknowledged:  # nothing new: the region is not even asked
            return Sent(0, 0, 0, last)
        status, headers = transport("POST", region.rstrip("/") + "/sync/uploads", {
            **TUS, "Upload-Length": str(len(data)), "Gramota-Node": node,
            "Gramota-Statements": str(last - state.acknowledged),
            "Gramota-Proof": sign_proof(key, node, len(data))}, b"")
        if status != 201:
            raise SendInterrupted(f"the region refused the upload ({status}): "
                                  f"{headers.get('_body', '').strip()}")
        state.outbox.write_bytes(data)
        state.data.update(upload=headers["Location"], last=last)
        state.save()
        resumed_at, offset = 0, 0
    else:
        resumed_at = offset
    while offset < len(data):
        status, headers = transport("PATCH", state.data["upload"], {
            **TUS, "Content-Type": "application/offset+octet-stream",
            "Upload-Offset": str(offset)}, data[offset:offset + piece])
        if status != 204:
            raise SendInterrupted(f"the region refused the bundle ({status}): "
                                  f"{headers.get('_body', '').strip()}")
        offset = int(headers["Upload-Offset"])
        state.data["offset"] = offset
        state.save()
    acknowledged = int(headers.get("Gramota-Last-Sequence", last))
    state.outbox.unlink()
    state.data = {"acknowledged": acknowledged, "sent_at": utcnow().isoformat()}
    state.save()
    return Sent(last - before, len(data), resumed_at, acknowledged)


def exchange(app, transport, region: str | None = None) -> tuple[Sent, Taken | None]:
    """What a node does to sync: send its work, then take the region's answer when it knows
    the region's key (``lms node init``)."""
    config, state = app.config, NodeState(app.instance_path)
    region, node, key = region or config["LMS_REGION_URL"], config["LMS_NODE_ID"], \
        node_key(app.instance_path)
    if not region:
        raise SendInterrupted("no region: give its address, or run 'lms node init'")
    sent = send(region, node, key, state, transport)
    taken = fetch_answer(region, node, key, config["LMS_REGION_KEY"], state, transport) \
        if config["LMS_REGION_KEY"] else None
    return sent, taken


def fetch_answer(region: str, node: str, key, region_key: str, state: NodeState,
                 transport) -> Taken:
    """Ask the region what it has for this node since the last answer taken, and take it."""
    since = int(state.data.get("answered", 0))
    status, headers = transport("GET", f"{region.rstrip('/')}/sync/answer?since={since}", {
        "Gramota-Node": node, "Gramota-Proof": sign_proof(key, node, since, "answer"),
        "Gramota-Packs": header_of(node_has(str(state.folder.parent)))}, b"")
    if status != 200:
        raise SendInterrupted(f"the region did not answer ({status}): "
                              f"{headers.get('_body', '').strip()}")
    taken = take(headers["_data"], region_key)
    state.data["answered"] = taken.upto
    state.save()
    return taken


def urllib_transport(timeout: float = 60):
    """HTTP by the standard library; a dropped line raises SendInterrupted."""

    def transport(method: str, url: str, headers: dict, body: bytes):
        request = urllib.request.Request(url, data=body or None, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, {**dict(response.headers), "_data": response.read()}
        except urllib.error.HTTPError as exc:
            return exc.code, {**dict(exc.headers), "_body": exc.read(2000).decode(
                "utf-8", "replace")}
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise SendInterrupted(f"the line to the region dropped ({exc}); run the sync "
                                  f"again: it goes on where it stopped") from None

    return transport
