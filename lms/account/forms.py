"""Forms for a person's own account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length


class ChangeSecretForm(FlaskForm):
    current = PasswordField(_l("Your current PIN or password"),
                            validators=[DataRequired(_l("Please enter your current PIN."))])
    new = PasswordField(
        _l("New PIN or password"),
        validators=[DataRequired(_l("Please enter the new PIN or password.")),
                    Length(max=200)],
        description=_l("6 digits for a PIN, or a password of at least 8 characters."))
    repeat = PasswordField(
        _l("The new PIN or password again"),
        validators=[EqualTo("new", _l("The two new entries are not the same."))])
