"""Form fields for personal details, checked by the same rules as the services."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ..web.forms import choices
from .validation import InvalidDetail, clean_birth_year, clean_email, clean_name, clean_phone


def checked_by(clean: Callable):
    """Make a WTForms validator from a ``clean_*`` function; the field keeps the clean value."""

    def validator(_form, field):
        try:
            field.data = clean(field.data)
        except InvalidDetail as exc:
            raise ValidationError(str(exc)) from None

    return validator


def name_field(label=None):
    return StringField(label or _l("Surname, first name, patronymic"),
                       validators=[checked_by(clean_name)])


def birth_year_field():
    return StringField(_l("Year of birth (optional)"), validators=[checked_by(clean_birth_year)],
                       description=_l("Only the year, for the programme's figures by age."))


def phone_field():
    return StringField(_l("Phone (optional)"), validators=[checked_by(clean_phone)])


def email_field():
    return StringField(_l("E-mail (optional)"), validators=[checked_by(clean_email)])


def language_field():
    # The choice is checked by the service, with a message that says what to do.
    return SelectField(_l("Language of the lessons"), choices=[], validate_choice=False)


def consent_field():
    return RadioField(
        _l("Consent to the processing of personal data"),
        choices=choices([("paper", _l("Signed the paper consent form")),
                         ("screen", _l("Read the consent text on the screen and agreed"))]),
        validators=[lambda form, field: _require_choice(field)], validate_choice=False)


def _require_choice(field):
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_l("Record how the learner gave their consent. Without consent "
                                 "a learner cannot be registered."))


def username_field():
    return StringField(_l("Username (optional)"), validators=[Optional(), Length(max=64)],
                       filters=[lambda v: v.strip().lower() if v else v],
                       description=_l("Leave empty: Gramota will make one from the name, "
                                      "such as ivanova.ma."))
