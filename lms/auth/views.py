"""Sign in with a username and a PIN or password; sign out."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from ..audit.services import record
from ..db import db
from ..people.pin_notes import forget_pins
from ..people.services import self_registration_libraries
from ..security import limiter
from .devices import COOKIE, known_here, remember_device
from .forms import LoginForm
from .services import SignInPaused, authenticate, end_sessions, find_by_username
from .sessions import mark_active

bp = Blueprint("auth", __name__)

FAILED = 422


def safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path of this site, never to another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def _same_site_path(address: str | None) -> str | None:
    """The path of ``address`` if it is a page of this site (to go back to), else None."""
    parts = urlsplit(address or "")
    if parts.netloc != request.host or not parts.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _ip_limit() -> str:
    return current_app.config["LMS_LOGIN_RATE_LIMIT"]


def _known_device_signing_in() -> bool:
    """A try from a browser that has seen this person sign in: not counted against the
    address, which a whole library shares behind one router."""
    if not request.cookies.get(COOKIE):
        return False
    username = request.form.get("username", "")[:64]
    user = find_by_username(username) if username.strip() else None
    return user is not None and known_here(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"], exempt_when=_known_device_signing_in)
def login():
    next_page = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_page or url_for("lms.courses.catalogue"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("username"):
        form.username.data = request.args["username"].strip().lower()[:64]  # from a card's QR
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except SignInPaused as paused:
            return _paused(form, paused)
        if user is not None:
            # A new form secret for the signed-in session: a token seen before signing in
            # (on a shared computer, or planted by another site) no longer works.
            session.pop("csrf_token", None)
            generate_csrf()  # in the cookie sent now, not in the first page with a form
            # No "remember me": many learners use a shared library computer.
            login_user(user)
            mark_active()
            record("sign_in", actor=user, subject=user)
            flash(_("Welcome, %(name)s!", name=user.addressed_as), "success")
            return remember_device(redirect(next_page or url_for("lms.courses.catalogue")), user)
        record("sign_in_failed", username=form.username.data[:64])
        db.session.commit()  # kept, with the count of wrong PINs, though the page is a 422
        form.password.errors.append(
            _("The username or PIN is not right. Check them on your card and try again."))
    status = FAILED if request.method == "POST" else 200
    can_register = bool(self_registration_libraries())
    return render_template("lms/auth/login.html", form=form,
                           can_register=can_register), status


def _paused(form, paused: SignInPaused):
    """The sign-in page saying how long this username must wait; nothing was checked."""
    minutes = max(1, math.ceil(paused.wait.total_seconds() / 60))
    if minutes <= 90:
        form.password.errors.append(ngettext(
            "Too many wrong PINs for this username. Please try again in %(num)s minute, or "
            "ask your librarian for a new PIN.",
            "Too many wrong PINs for this username. Please try again in %(num)s minutes, or "
            "ask your librarian for a new PIN.", minutes))
    else:
        form.password.errors.append(ngettext(
            "Too many wrong PINs for this username. Please try again in %(num)s hour, or ask "
            "your librarian for a new PIN.",
            "Too many wrong PINs for this username. Please try again in %(num)s hours, or "
            "ask your librarian for a new PIN.", math.ceil(minutes / 60)))
    page = render_template("lms/auth/login.html", form=form,
                           can_register=bool(self_registration_libraries()))
    return page, 429, {"Retry-After": str(minutes * 60)}


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """The header's "Sign out" (``ask``) opens a page that asks first: a key pressed by
    mistake on a library PC does not end the session; the page's button does."""
    if request.method == "GET" or request.form.get("ask"):
        if not current_user.is_authenticated:
            return redirect(url_for("lms.courses.catalogue"))
        return render_template("lms/auth/logout.html", back=safe_next(
            _same_site_path(request.referrer)) or url_for("lms.courses.catalogue"))
    if current_user.is_authenticated:
        end_sessions(current_user)
        forget_pins(current_user)  # PINs made and not yet shown go with the session
        record("sign_out", actor=current_user, subject=current_user)
        logout_user()
        flash(_("You have signed out. See you next time!"), "success")
    return redirect(url_for("lms.courses.catalogue"))
