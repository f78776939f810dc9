"""Self-registration of learners, where a network has switched it on."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired

from ..db import db
from ..numbers import coerce_row_id
from ..people import services
from ..people.forms import birth_year_field, language_field, name_field
from ..security import limiter
from ..web.forms import choices, language_choices
from .sessions import mark_active

bp = Blueprint("registration", __name__)


class SelfRegistrationForm(FlaskForm):
    full_name = name_field()
    birth_year = birth_year_field()
    library_id = SelectField(_l("Your library"), coerce=coerce_row_id, choices=[],
                             validate_choice=False)
    language = language_field()
    consent = BooleanField(_l("I have read the text above and agree"), validators=[
        DataRequired(_l("Without your consent we cannot create an account."))])


def _limit() -> str:
    return current_app.config["LMS_REGISTRATION_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def register():
    libraries = services.self_registration_libraries()
    if not libraries or current_user.is_authenticated:
        abort(404)
    form = SelfRegistrationForm()
    form.library_id.choices = choices((lib.id, lib.name) for lib in libraries)
    form.language.choices = language_choices()
    error = None
    if form.validate_on_submit():
        try:
            registration = services.self_register(
                full_name=form.full_name.data, library_id=form.library_id.data,
                language=form.language.data, birth_year=form.birth_year.data)
        except services.PeopleError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            login_user(registration.learner)
            mark_active()
            session.pop("lms_card", None)
            response = current_app.make_response(render_template(
                "lms/auth/registered.html", learner=registration.learner,
                pin=registration.pin))
            response.headers["Cache-Control"] = "no-store"
            return response
    return render_template("lms/auth/register.html", form=form, error=error,
                           consent_version=current_app.config["LMS_CONSENT_VERSION"]), (
        422 if form.errors or error else 200)
