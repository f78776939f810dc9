"""Forms for networks, branches and staff accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..numbers import coerce_row_id
from ..people.forms import name_field


class NetworkForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)],
                       description=_l("Latin letters and digits, e.g. ekb-cbs."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Main language"), choices=[])
    self_registration = BooleanField(_l("Learners may register themselves on the site"))


class LibraryForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Length(max=300)])
    country = StringField(_l("Country"), default="RU",
                          description=_l("Two letters: RU, UA, KZ …"))
    timezone = StringField(_l("Time zone"), default="Europe/Moscow",
                           validators=[Length(max=64)])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), description=_l(
        "Columns: code; name; address; country; timezone. The first line names them."))


class StaffForm(FlaskForm):
    username = StringField(_l("Username"), validators=[Optional(), Length(max=64)],
                           filters=[lambda v: v.strip().lower() if v else v])
    full_name = name_field(_l("Full name"))
    # Roles, branches and networks are checked by the staff service against what the
    # signed-in manager may give, so a forged value gets that service's message.
    role = SelectField(_l("Role"), choices=[], validate_choice=False)
    library_ids = SelectMultipleField(_l("Branches"), coerce=coerce_row_id, choices=[],
                                      widget=ListWidget(prefix_label=False),
                                      option_widget=CheckboxInput(), validate_choice=False)
    network_id = SelectField(_l("Network of a coordinator"), choices=[], validate_choice=False)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=200)],
                             description=_l("At least 10 characters; not a common word."))
    is_active = BooleanField(_l("The account is active"), default=True)
