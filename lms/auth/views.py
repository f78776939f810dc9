"""Sign in with a username and a PIN or password; sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..security import limiter
from .forms import ConfirmForm, LoginForm
from .services import authenticate

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a page of this site, never to another host."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LMS_LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    next_page = _safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_page or url_for("lms.courses.catalogue"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            # No "remember me": many learners use a shared library computer.
            login_user(user)
            flash(_("Welcome, %(name)s!", name=user.full_name), "success")
            return redirect(next_page or url_for("lms.courses.catalogue"))
        form.password.errors.append(
            _("The username or PIN is not right. Check them on your card and try again."))
    elif form.csrf_token.errors:
        form.password.errors.append(
            _("The page was open too long. Please enter your PIN again."))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("lms/auth/login.html", form=form, next=next_page), status


@bp.post("/logout")
def logout():
    if ConfirmForm().validate_on_submit():
        logout_user()
        flash(_("You have signed out. See you next time!"), "success")
    else:
        flash(_("The page was open too long. Please press “Sign out” again."), "error")
    return redirect(url_for("lms.courses.catalogue"))
