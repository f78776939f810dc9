"""Signing staff out after a while without activity (library computers are shared).

Learners are not signed out by a timer unless a network asks for it
(``LMS_LEARNER_IDLE_MINUTES``): an older learner may take a long pause in the middle of a
lesson or a quiz. Their session ends when the browser is closed, or with *Sign out*.
"""

from __future__ import annotations

import time

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..security import API_BLUEPRINT, ASSET_ENDPOINT

SEEN_KEY = "lms_seen"


def mark_active() -> None:
    session[SEEN_KEY] = int(time.time())


def idle_limit_minutes() -> int:
    key = "LMS_LEARNER_IDLE_MINUTES" if current_user.is_learner else "LMS_STAFF_IDLE_MINUTES"
    return int(current_app.config[key])


def sign_out_when_idle() -> None:
    """Before each request: end the session if it has been idle too long, else refresh it."""
    if request.blueprint == API_BLUEPRINT:
        return  # a token, not a browser session: nothing to time out or to write
    if request.endpoint == ASSET_ENDPOINT:
        return  # a stylesheet or a script: the same for everyone, no need to read the person
    if not current_user.is_authenticated:
        return
    seen = session.get(SEEN_KEY)
    now = int(time.time())
    limit = idle_limit_minutes()  # 0: never (learners, by default: no timer on their work)
    if not limit:
        # No timer: nothing to keep up to date, so the session cookie is not sent again
        # every minute (bytes on a slow line). Forget the time of signing in, so that a
        # limit set later counts from the next page, not from then.
        if seen is not None:
            session.pop(SEEN_KEY)
        return
    if seen is not None and now - int(seen) > limit * 60:
        logout_user()
        session.pop(SEEN_KEY, None)
        flash(_("You were signed out because the page was not used for a while. Please sign "
                "in again."), "info")
        return
    if seen is None or now - int(seen) >= 60:
        session[SEEN_KEY] = now  # refresh at most once a minute
