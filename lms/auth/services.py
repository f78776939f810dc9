"""Checking who someone is, and creating accounts with safe passwords."""

from __future__ import annotations

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, utcnow
from ..people.models import User

# Compared against when the username does not exist, so a wrong name takes as long
# as a wrong PIN and does not reveal which usernames exist.
_DUMMY_HASH: dict[str, str] = {}


def hash_password(password: str) -> str:
    """Return a hash of ``password`` using the configured method."""
    return generate_password_hash(password, method=current_app.config["LMS_PASSWORD_HASH_METHOD"])


def load_user(user_id: str) -> User | None:
    """Return the signed-in user for Flask-Login, or None if gone or switched off."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.is_active else None


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with this username and PIN/password, else None."""
    user = db.session.scalar(db.select(User).filter_by(username=username.strip().lower()))
    if user is None or not user.is_active:
        method = current_app.config["LMS_PASSWORD_HASH_METHOD"]
        dummy = _DUMMY_HASH.setdefault(method, generate_password_hash("-", method=method))
        check_password_hash(dummy, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    return user
