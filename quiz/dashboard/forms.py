from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from quiz.filters import TIMEZONES


class SettingsForm(FlaskForm):
    timezone = SelectField("Time zone", choices=TIMEZONES)
    submit = SubmitField("Save settings")
