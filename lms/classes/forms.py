"""Forms of the class pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from ..numbers import coerce_row_id


class NewClassForm(FlaskForm):
    name = StringField(_l("Name of the class"), validators=[
        DataRequired(_l("Give the class a name.")), Length(max=200)],
        description=_l("For example: Tuesday group, autumn 2026"))
    course = SelectField(_l("Course"), choices=[], validate_choice=False)
    library_id = SelectField(_l("Branch"), coerce=coerce_row_id, choices=[], validate_choice=False)
    starts_on = DateField(_l("First session"), validators=[
        DataRequired(_l("Give the date as day, month and year."))])


class SessionForm(FlaskForm):
    on = DateField(_l("Date"), validators=[DataRequired(_l("Give the date."))])
    at = TimeField(_l("Time (optional)"), validators=[Optional()])
