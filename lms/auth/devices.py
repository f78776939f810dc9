"""Computers a person has signed in on, so that a stranger's wrong PINs do not keep her out.

After a right PIN the browser keeps a mark for that person (the cookie ``lms_device``,
sent to the sign-in page only). Wrong PINs typed with a mark are counted apart from the
others (lms/auth/services.py): whoever types a learner's username five times at home
pauses the sign-in on computers that do not know her, not on the library PC she uses, and
tries with a mark do not count towards the library address's limit either.

A mark is a keyed hash of the person and their current PIN's hash: it says nothing
readable about who signed in (a shared PC keeps several), and a new PIN retires it.
"""

from __future__ import annotations

import hashlib
import hmac
from base64 import urlsafe_b64encode
from typing import TYPE_CHECKING

from flask import current_app, request, url_for

if TYPE_CHECKING:
    from flask import Response

    from ..people.models import User

COOKIE = "lms_device"
KEPT = 8  # marks one browser keeps: the learners who last signed in on a shared PC
YEAR = 365 * 24 * 3600


def mark_of(user: User) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    message = f"known-device:{user.id}:{user.password_hash}".encode()
    return urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()[:16]).decode()[:22]


def _marks() -> list[str]:
    return [mark for mark in request.cookies.get(COOKIE, "").split(".") if len(mark) == 22]


def known_here(user: User) -> bool:
    """Whether this browser has seen ``user`` sign in (with the PIN they have now)."""
    marks = _marks()
    return bool(marks) and any(hmac.compare_digest(mark, mark_of(user)) for mark in marks)


def remember_device(response: Response, user: User) -> Response:
    mine = mark_of(user)
    marks = [mine, *(mark for mark in _marks() if mark != mine)][:KEPT]
    response.set_cookie(COOKIE, ".".join(marks), max_age=YEAR, path=url_for("lms.auth.login"),
                        secure=request.is_secure, httponly=True, samesite="Lax")
    return response
