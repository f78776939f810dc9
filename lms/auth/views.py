"""Sign in with a username and a PIN or password; sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..audit.services import record
from ..db import db
from ..people.services import self_registration_libraries
from ..security import limiter
from .forms import LoginForm
from .services import authenticate, end_sessions
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


def _ip_limit() -> str:
    return current_app.config["LMS_LOGIN_RATE_LIMIT"]


def _username_limit() -> str:
    return current_app.config["LMS_LOGIN_USERNAME_LIMIT"]


def _username_key() -> str:
    return "login-name:" + request.form.get("username", "").strip().lower()[:64]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_ip_limit, methods=["POST"])
@limiter.limit(_username_limit, methods=["POST"], key_func=_username_key,
               deduct_when=lambda response: response.status_code == FAILED)
def login():
    next_page = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_page or url_for("lms.courses.catalogue"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("username"):
        form.username.data = request.args["username"].strip().lower()[:64]  # from a card's QR
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            # No "remember me": many learners use a shared library computer.
            login_user(user)
            mark_active()
            record("sign_in", actor=user, subject=user)
            flash(_("Welcome, %(name)s!", name=user.full_name), "success")
            return redirect(next_page or url_for("lms.courses.catalogue"))
        record("sign_in_failed", username=form.username.data[:64])
        db.session.commit()  # kept although the page answers 422 (which rolls back)
        form.password.errors.append(
            _("The username or PIN is not right. Check them on your card and try again."))
    status = FAILED if request.method == "POST" else 200
    can_register = bool(self_registration_libraries())
    return render_template("lms/auth/login.html", form=form,
                           can_register=can_register), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user)
        record("sign_out", actor=current_user, subject=current_user)
        logout_user()
        flash(_("You have signed out. See you next time!"), "success")
    return redirect(url_for("lms.courses.catalogue"))
