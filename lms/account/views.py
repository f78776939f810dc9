"""My courses, my data (see, download, ask to erase) and my PIN."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..audit.services import record
from ..certificates.queries import certificates_of
from ..db import db
from ..i18n import current_language
from ..people import services
from ..progress.queries import progress_by_course
from ..web.caching import no_copy_kept
from ..web.courses import visible_courses
from .forms import ChangeSecretForm
from .queries import personal_data

bp = Blueprint("account", __name__, url_prefix="/me")


@bp.get("/")
@login_required
def home():
    courses = visible_courses()
    progress = progress_by_course(current_user, courses)
    started = [course for course in courses if progress[course.slug].started]
    return render_template("lms/account/home.html", courses=started, progress=progress,
                           certificates=certificates_of(current_user.id),
                           lang=current_language())


@bp.get("/data")
@login_required
@no_copy_kept
def data():
    return render_template("lms/account/data.html", data=personal_data(current_user))


@bp.get("/data.json")
@login_required
@no_copy_kept
def data_json():
    record("data_exported", actor=current_user, subject=current_user)
    body = json.dumps(personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="gramota-{current_user.username}.json"',
        "Cache-Control": "no-store"})


@bp.post("/erasure")
@login_required
def erasure():
    services.request_erasure(current_user)
    flash(_("Your request has been recorded. A librarian will erase your data and tell you "
            "when it is done."), "success")
    return redirect(url_for(".data"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangeSecretForm()
    if form.validate_on_submit():
        try:
            services.change_own_secret(current_user, form.current.data, form.new.data)
        except services.PeopleError as exc:
            db.session.rollback()
            form.new.errors.append(str(exc))
        else:
            # The change ended every session; start a fresh one on this computer.
            login_user(current_user._get_current_object())
            flash(_("Your PIN or password has been changed."), "success")
            return redirect(url_for(".home"))
    return render_template("lms/account/password.html", form=form), 422 if form.errors else 200
