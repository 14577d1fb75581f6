"""Form fields shared by several blueprints."""

from __future__ import annotations

from wtforms import StringField
from wtforms.validators import ValidationError

from quiz.web.timezones import DEFAULT_ZONE, normalise_zone


class TimeZoneField(StringField):
    """A text input searched through a <datalist> of current IANA names (templates:
    ``timezone_input``); an alias is stored under its current name, blank means UTC."""

    def __init__(self, label="Time zone", **kwargs):
        render_kw = {"list": "timezone-names", "autocomplete": "off", "spellcheck": "false"}
        super().__init__(label, render_kw=render_kw | kwargs.pop("render_kw", {}), **kwargs)

    def pre_validate(self, form) -> None:
        if not (self.data or "").strip():
            self.data = DEFAULT_ZONE
            return
        current = normalise_zone(self.data)
        if current is None:
            raise ValidationError(
                "Unknown time zone: choose one from the list, like Europe/Berlin or "
                "America/New_York."
            )
        self.data = current
