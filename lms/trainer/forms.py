"""Forms of the trainer's workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..numbers import coerce_row_id
from ..people.forms import (
    birth_year_field,
    consent_field,
    email_field,
    language_field,
    name_field,
    phone_field,
    username_field,
)


class LearnerDetailsForm(FlaskForm):
    """What staff may correct about a learner (her name has its own form: certificates)."""

    library_id = SelectField(_l("Home branch"), coerce=coerce_row_id, choices=[],
                             validate_choice=False)
    language = language_field()
    birth_year = birth_year_field()
    phone = phone_field()
    email = email_field()


class RegisterLearnerForm(LearnerDetailsForm):
    """Her details, and what registering needs besides: name, consent, a username."""

    full_name = name_field()
    consent = consent_field()
    username = username_field()
    # the name and year the page warned of (a learner already registered so): sent back
    # unchanged, the trainer says it is a different person
    different_person = HiddenField(default="")


class AnonymiseForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(_l("Please write the reason.")), Length(max=500)],
        description=_l("For example: the learner asked to erase their data on 12 May."))


class MergeForm(FlaskForm):
    """Her other account, to join into this one; ``confirmed`` once both were shown."""

    other = StringField(_l("Username of her other account"), validators=[
        DataRequired(_l("Write the username of the other account.")), Length(max=64)],
        description=_l("For example: ivanova.ma2"))
    confirmed = HiddenField()


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search, nothing is changed

    q = StringField(_l("Find a learner by name or username"), validators=[Length(max=100)])
