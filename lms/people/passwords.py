"""PINs for learners and passwords for staff."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from ..i18n import N_
from ..numbers import is_ascii_number
from .guessable import is_guessable, known_passwords

if TYPE_CHECKING:
    from .models import User

STAFF_PASSWORD_MIN = 10
LEARNER_PASSWORD_MIN = 8


def hash_password(password: str) -> str:
    """Return a hash of ``password`` using the configured method."""
    return generate_password_hash(password, method=current_app.config["LMS_PASSWORD_HASH_METHOD"])


def verify_password(user: User, password: str) -> bool:
    """Tell whether ``password`` is the user's PIN or password."""
    if not user.password_hash.startswith(("scrypt:", "pbkdf2:")):
        return False  # an anonymised or locked account
    return check_password_hash(user.password_hash, password)


def new_pin() -> str:
    """Return a random 6-digit PIN that is not an easy one such as 111111 or 123456."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if not is_easy_pin(pin):
            return pin


READABLE = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread from a screen


def one_time_password() -> str:
    """A password an admin reads out or writes down once: 'k7mq-x2rt-9pwa' (about 62 bits)."""
    while True:
        word = "-".join("".join(secrets.choice(READABLE) for _ in range(4)) for _ in range(3))
        if staff_password_problem(word) is None:
            return word


def is_easy_pin(pin: str) -> bool:
    digits = [int(d) for d in pin]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    return len(set(digits)) <= 2 or steps in ({1}, {-1}, {0}) or pin in known_passwords()


def staff_password_problem(password: str, username: str = "") -> str | None:
    """Return why a staff password is refused (an English msgid), or None if it is fine."""
    if len(password) < STAFF_PASSWORD_MIN:
        return N_("The password must be at least 10 characters long.")
    if (len(set(password)) < 4 or is_guessable(password)
            or (username and username.lower() in password.lower())):
        return N_("This password is too easy to guess. Please choose another one.")
    return None


def learner_secret_problem(secret: str) -> str | None:
    """A learner's secret is a 6-digit PIN or a password of at least 8 characters."""
    if is_ascii_number(secret):
        if len(secret) != 6:
            return N_("A PIN has exactly 6 digits.")
        if is_easy_pin(secret):
            return N_("This PIN is too easy to guess. Please choose another one.")
        return None
    if len(secret) < LEARNER_PASSWORD_MIN:
        return N_("A password must be at least 8 characters long, or use a 6-digit PIN.")
    if len(set(secret)) < 4 or is_guessable(secret):
        return N_("This password is too easy to guess. Please choose another one.")
    return None
