from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField

from quiz.web.fields import TimeZoneField


class SettingsForm(FlaskForm):
    timezone = TimeZoneField()
    submit = SubmitField("Save settings")
