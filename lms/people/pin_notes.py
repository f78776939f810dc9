"""New PINs shown once: kept on the server, encrypted, never in the session cookie.

A trainer who registers a learner, makes a new PIN or imports a file sees the PINs once,
on the card page and in the cards' PDF. Until then they wait in ``lms_pin_note``,
encrypted with a key made from the site's secret (Fernet), for at most ``KEPT_FOR``; the
trainer's session holds only the note's random name. Reading a note deletes it, signing
out deletes the trainer's notes, and old ones go when the next is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session
from sqlalchemy import delete

from ..db import db, utcnow
from .models import PinNote, User

KEPT_FOR = timedelta(minutes=30)


def keep_pins(staff: User, key: str, pins: dict[int, str]) -> None:
    """Keep ``pins`` (learner id → PIN) for ``staff`` under the session's ``key``."""
    take_pins(staff, key)  # a note left unread under the same key goes
    session[key] = seal_pins(staff, pins)


def seal_pins(staff: User, pins: dict[int, str]) -> str:
    """Keep ``pins`` (learner id → PIN) for ``staff``; return the note's name."""
    db.session.execute(delete(PinNote).where(PinNote.created_at < utcnow() - KEPT_FOR))
    name = secrets.token_urlsafe(32)
    sealed = _fernet().encrypt(json.dumps({str(k): v for k, v in pins.items()}).encode())
    db.session.add(PinNote(name=name, staff_id=staff.id, sealed=sealed.decode()))
    db.session.flush()
    return name


def take_pins(staff: User, key: str) -> dict[int, str]:
    """The PINs kept under ``key`` for ``staff`` (once: the note is deleted), or {}."""
    return open_note(staff, session.pop(key, None))


def open_note(staff: User, name: str | None) -> dict[int, str]:
    """The PINs of the note called ``name``, if ``staff`` made it (once), or {}."""
    note = db.session.get(PinNote, name) if isinstance(name, str) else None
    if note is None or note.staff_id != staff.id:
        return {}
    db.session.delete(note)
    db.session.flush()
    if note.created_at < utcnow() - KEPT_FOR:
        return {}
    try:
        return {int(k): v for k, v in json.loads(_fernet().decrypt(note.sealed)).items()}
    except InvalidToken:  # the site's secret changed since: the PINs cannot be read
        return {}


def forget_pins(staff: User) -> None:
    """Delete every note of ``staff`` (on signing out)."""
    db.session.execute(delete(PinNote).where(PinNote.staff_id == staff.id))


def _fernet() -> Fernet:
    secret = hashlib.sha256(b"lms-pin-notes:" + str(current_app.secret_key).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(secret))
