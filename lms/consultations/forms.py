"""The consultation form: a few seconds to fill in at the desk."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from ..numbers import coerce_row_id
from ..web.forms import choices

FORMAT_NAMES = {"individual": _l("One person"), "group": _l("A group")}
OUTCOME_NAMES = {"service-obtained": _l("Service obtained"), "explained": _l("Explained"),
                 "referred": _l("Referred elsewhere")}


class ConsultationForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired(_l("Give the date."))])
    library_id = SelectField(_l("Branch"), coerce=coerce_row_id, choices=[], validate_choice=False)
    topic = SelectField(_l("Topic"), choices=[], validate_choice=False)
    format = RadioField(_l("Who"), choices=choices(FORMAT_NAMES.items()), default="individual",
                        validate_choice=False)
    people = IntegerField(_l("Number of people"), default=1, validators=[
        DataRequired(_l("Give the number of people.")), NumberRange(min=1, max=10_000)])
    outcome = RadioField(_l("Outcome"), choices=choices(OUTCOME_NAMES.items()),
                         default="explained", validate_choice=False)
    learner = StringField(_l("Learner (optional)"), validators=[Length(max=100)],
                          description=_l("Her username, name or phone number."))
    note = StringField(_l("Note (optional)"), validators=[Length(max=500)])
