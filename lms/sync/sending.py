"""The node's side: pack what the region has not acknowledged, and send it by resumable
upload. The bundle waits in the instance folder (``node/outbox.bundle``) until the region
has applied it, so a dropped line resumes the same bytes where they stopped.

``transport(method, url, headers, body) -> (status, headers)`` does the HTTP: urllib for
the command, a test client in the tests.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..db import utcnow
from .bundles import pack
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


def urllib_transport(timeout: float = 60):
    """HTTP by the standard library; a dropped line raises SendInterrupted."""

    def transport(method: str, url: str, headers: dict, body: bytes):
        request = urllib.request.Request(url, data=body or None, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, {**dict(exc.headers), "_body": exc.read(2000).decode(
                "utf-8", "replace")}
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise SendInterrupted(f"the line to the region dropped ({exc}); run the sync "
                                  f"again: it goes on where it stopped") from None

    return transport
