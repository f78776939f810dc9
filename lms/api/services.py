"""Making API tokens and recognising them on a request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..db import db, utcnow
from ..people.models import User
from ..security import API_BLUEPRINT, within_limit
from .models import ApiToken

PREFIX = "gramota_"
LAST_USE_EVERY = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> str:
    """Make a token acting as ``user``; return it (it is stored only as a digest)."""
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name[:100], digest=_digest(token)))
    db.session.flush()
    return token


def refused_too_often() -> bool:
    """Whether this address sent more refused tokens than ``LMS_API_REFUSED_TOKEN_LIMIT``."""
    limit = current_app.config["LMS_API_REFUSED_TOKEN_LIMIT"]
    return not within_limit(limit, "api-refused-token", get_remote_address(), count=False)


def count_refused_token() -> None:
    within_limit(current_app.config["LMS_API_REFUSED_TOKEN_LIMIT"], "api-refused-token",
                 get_remote_address())


def user_from_token(req=None) -> User | None:
    """Flask-Login's request loader for the API: ``Authorization: Bearer <token>``. Past
    the limit of refused tokens from this address, no token is looked up at all."""
    req = req or request
    if req.blueprint != API_BLUEPRINT:
        return None  # tokens open the API only, never the pages
    if refused_too_often():
        return None
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(PREFIX) or len(token) > 200:
        return None
    found = db.session.scalar(select(ApiToken).options(joinedload(ApiToken.user))  # one query
                              .where(ApiToken.digest == _digest(token),
                                     ApiToken.revoked_at.is_(None)))
    if found is None or not found.user.is_active:
        return None
    now = utcnow()
    if found.last_used_at is None or now - found.last_used_at > LAST_USE_EVERY:
        found.last_used_at = now  # at most every few minutes: an API call is a read
        try:
            db.session.flush()
        except OperationalError:  # a busy database must not fail a read
            db.session.rollback()
            return db.session.get(User, found.user_id)
    return found.user


def tokens() -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).order_by(ApiToken.id)))


def revoke_token(token_id: int) -> bool:
    """Stop a token from working (kept, with when it was revoked, for the record)."""
    found = db.session.get(ApiToken, token_id)
    if found is None or found.revoked_at is not None:
        return False
    found.revoked_at = utcnow()
    record("api_token_revoked", subject=found.user, token=found.id)
    db.session.flush()
    return True
