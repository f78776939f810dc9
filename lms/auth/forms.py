"""Sign-in form (CSRF-protected through Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(_l("Please enter your username.")), Length(max=64)],
        filters=[lambda value: value.strip().lower() if value else value],
        description=_l("It is printed on your card, for example ivanova.ma"),
    )
    password = PasswordField(
        _l("PIN or password"),
        validators=[DataRequired(_l("Please enter your PIN or password.")), Length(max=200)],
    )
