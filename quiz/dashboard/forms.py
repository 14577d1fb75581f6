from __future__ import annotations

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

TIMEZONES = sorted(available_timezones())


class SettingsForm(FlaskForm):
    timezone = SelectField("Time zone", choices=TIMEZONES)
    submit = SubmitField("Save settings")
