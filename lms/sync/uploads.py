"""The region's side of a resumable upload (the tus protocol, core 1.0.0): a node says how
long its bundle is and proves who it is; the bytes then come in pieces, each appended where
the last one stopped; a dropped line resumes at the offset the region reports. The
finished bundle is applied at once."""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature

from ..db import db
from .keys import public_key
from .models import RegionNode

MAX_BUNDLE = 8 * 1024 * 1024
PROOF_MINUTES = 10  # a proof is good this many minutes either side of the region's clock
UPLOAD_ID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


class UploadError(ValueError):
    """Refused, with the HTTP status and words for the person syncing."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def proof_text(node: str, number: int, minute: int, purpose: str) -> bytes:
    return f"gramota-{purpose}\n{node}\n{number}\n{minute}".encode()


def sign_proof(key, node: str, number: int, purpose: str = "upload") -> str:
    """What a node sends to open an upload (``number``: its length) or to ask for the
    region's answer (the last one it took): its signature of its name, the number and the
    minute (so an old proof cannot be used again later)."""
    return base64.b64encode(key.sign(proof_text(node, number, int(time.time() // 60),
                                                purpose))).decode()


def check_proof(node: str, number: int, proof: str, purpose: str = "upload") -> RegionNode:
    """The node, if ``proof`` is its signature made within PROOF_MINUTES; else UploadError."""
    known = db.session.get(RegionNode, node)
    if known is None:
        raise UploadError(403, f"no node {node!r} is registered at this region")
    try:
        signature = base64.b64decode(proof, validate=True)
    except (ValueError, TypeError):
        raise UploadError(403, "the proof is not base64") from None
    now = int(time.time() // 60)
    for minute in range(now - PROOF_MINUTES, now + PROOF_MINUTES + 1):
        try:
            public_key(known.public_key).verify(signature,
                                                proof_text(node, number, minute, purpose))
            return known
        except (InvalidSignature, ValueError):
            continue
    raise UploadError(403, f"the proof is not {node}'s signature (or the node's clock is more "
                           f"than {PROOF_MINUTES} minutes off)")


@dataclass
class Upload:
    id: str
    node: str
    length: int
    folder: Path

    @property
    def part(self) -> Path:
        return self.folder / f"{self.id}.part"

    @property
    def offset(self) -> int:
        return self.part.stat().st_size if self.part.exists() else 0


def uploads_folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "sync" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def create(folder: Path, node: str, length_text: str, proof: str,
           statements_text: str = "") -> Upload:
    """An upload of ``length`` bytes from ``node`` (``statements``: how many changes the
    bundle holds, which the region shows as on their way until it is whole)."""
    if not length_text.isascii() or not length_text.isdigit() or not 0 < int(length_text) \
            <= MAX_BUNDLE:
        raise UploadError(413 if length_text.isdigit() else 400,
                          f"Upload-Length is the bundle's size in bytes, up to {MAX_BUNDLE}")
    length = int(length_text)
    check_proof(node, length, proof)
    upload = Upload(secrets.token_urlsafe(16), node, length, folder)
    statements = int(statements_text) if statements_text.isascii() and \
        statements_text.isdigit() and len(statements_text) < 10 else None
    (folder / f"{upload.id}.json").write_text(json.dumps({
        "node": node, "length": length, "statements": statements, "started": time.time()}))
    upload.part.touch()
    return upload


def find(folder: Path, upload_id: str) -> Upload:
    meta = folder / f"{upload_id}.json"
    if not UPLOAD_ID_RE.match(upload_id) or not meta.is_file():
        raise UploadError(404, "no such upload: start a new one")
    found = json.loads(meta.read_text())
    return Upload(upload_id, found["node"], found["length"], folder)


def append(upload: Upload, offset_text: str, piece: bytes) -> int:
    """Add a piece where the last one stopped; return the new offset."""
    if not offset_text.isascii() or not offset_text.isdigit():
        raise UploadError(400, "Upload-Offset is a number of bytes")
    if int(offset_text) != upload.offset:
        raise UploadError(409, f"the upload is at {upload.offset} bytes: send from there")
    if upload.offset + len(piece) > upload.length:
        raise UploadError(413, "more bytes than the upload's length")
    with upload.part.open("ab") as out:
        out.write(piece)
    return upload.offset


@dataclass
class OnTheWay:
    """An upload begun and not finished: the line dropped, the node will go on."""
    statements: int | None
    arrived: int
    length: int
    started: datetime


def on_the_way(folder: Path, node: str) -> list[OnTheWay]:
    found = []
    for meta in sorted(folder.glob("*.json")):
        told = json.loads(meta.read_text())
        if told.get("node") == node:
            found.append(OnTheWay(told.get("statements"), Upload(
                meta.stem, node, told["length"], folder).offset, told["length"],
                datetime.fromtimestamp(told.get("started", meta.stat().st_mtime), UTC)))
    return found


def finish(upload: Upload) -> bytes:
    """The whole bundle, and the upload gone."""
    data = upload.part.read_bytes()
    upload.part.unlink()
    (upload.folder / f"{upload.id}.json").unlink()
    return data
