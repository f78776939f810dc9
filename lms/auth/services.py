"""Checking who someone is, and keeping sessions honest."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, redirect, request, url_for
from limits import parse as parse_limit
from sqlalchemy import case, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import db, utcnow
from ..numbers import row_id, whole_number
from ..people.keyboard import keys_pressed
from ..people.models import User
from ..people.passwords import verify_password
from ..security import API_BLUEPRINT
from .devices import known_here

# Compared against when the username does not exist, so a wrong name takes as long
# as a wrong PIN and does not reveal which usernames exist.
_DUMMY_HASH: dict[str, str] = {}
# The longest pause after wrong PINs, and how long wrong PINs are remembered.
LONGEST_PAUSE = timedelta(days=1)


def load_user(session_id: str) -> User | None:
    """Return the signed-in user for Flask-Login, if the session is still valid.

    The session id is ``<user id>:<session version>``; signing out or changing the PIN
    raises the version, so a copied cookie from before stops working.
    """
    if has_request_context() and request.blueprint == API_BLUEPRINT:
        return None  # the API takes tokens only (lms/api/services.py), never the cookie
    user_id, _, version = session_id.partition(":")
    user_id, version = row_id(user_id), whole_number(version)
    if user_id is None or version is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


class SignInPaused(Exception):
    """Too many wrong PINs for this username lately: no PIN is checked for ``wait``."""

    def __init__(self, wait: timedelta):
        super().__init__(wait)
        self.wait = wait


def find_by_username(typed: str) -> User | None:
    """The person with the username ``typed``, in any case and spaces, or typed with the
    Russian, Ukrainian or Kazakh layout on ("ыьшктщмфюфз9" is smirnova.ap9): a learner
    may sign in before she has learned to switch layouts (lesson 3 teaches it)."""
    typed = typed.strip().lower()
    user = db.session.scalar(db.select(User).filter_by(username=typed))
    if user is None and not typed.isascii():
        candidates = keys_pressed(typed)
        found = {u.username: u for u in db.session.scalars(
            db.select(User).where(User.username.in_(candidates)))}
        user = next((found[key] for key in candidates if key in found), None)
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with this username and PIN/password, else None.

    Wrong PINs are counted per person in the database (``LMS_LOGIN_USERNAME_LIMIT``, 5 in
    10 minutes), so every worker and server counts the same tries; past the limit no PIN
    is checked (SignInPaused) for the window since the last wrong one, and the pause
    doubles with every further 5 (10, 20, 40 minutes… a day at most): a guesser gets about
    70 tries in a month, not thousands. A right PIN, a new PIN, or a day without wrong
    ones clears the count. Tries on a computer where the person has signed in before are
    counted apart (devices.py), so a stranger cannot keep her out. A username nobody has
    costs one password hash, as a wrong PIN does."""
    user = find_by_username(username)
    if user is None or not user.is_active:
        method = current_app.config["LMS_PASSWORD_HASH_METHOD"]
        dummy = _DUMMY_HASH.get(method)
        if dummy is None:  # made once per process, not at every try
            dummy = _DUMMY_HASH.setdefault(method, generate_password_hash("-", method=method))
        check_password_hash(dummy, password)
        return None
    limit = parse_limit(current_app.config["LMS_LOGIN_USERNAME_LIMIT"])
    now, window = utcnow(), timedelta(seconds=limit.get_expiry())
    failures, failed_at = ((User.known_device_failures, User.known_device_failed_at)
                           if known_here(user) else (User.sign_in_failures, User.sign_in_failed_at))
    last, count = getattr(user, failed_at.key), getattr(user, failures.key)
    if last is not None and count >= limit.amount:
        pause = min(window * 2 ** (count // limit.amount - 1), LONGEST_PAUSE)
        if last > now - pause:
            raise SignInPaused(last + pause - now)
    if not verify_password(user, password):
        db.session.execute(  # one statement: two workers' tries both count
            update(User).where(User.id == user.id).values({
                failures: case((failed_at > now - LONGEST_PAUSE, failures + 1), else_=1),
                failed_at: now}).execution_options(synchronize_session=False))
        return None
    user.last_login_at = now
    setattr(user, failures.key, 0)
    return user


def end_sessions(user: User) -> None:
    """End every open session of ``user`` (on every computer)."""
    user.session_version += 1


def sign_in_first():
    """Send a visitor to the sign-in page, to come back to the page they were on.

    After a form was sent (a POST), coming back means the page the form was on: the form's
    own address may not be opened with GET.
    """


    if request.method == "GET":
        target = request.full_path.rstrip("?")
    else:
        referrer = urlsplit(request.referrer or "")
        same_site = referrer.netloc in ("", request.host)
        target = (referrer.path + (f"?{referrer.query}" if referrer.query else "")
                  if same_site and referrer.path else None)
    return redirect(url_for("lms.auth.login", next=target))
