"""Jinja filters: dates shown in the learner's own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask
from flask_login import current_user

from quiz.scheduling import RATING_LABELS
from quiz.timezones import current_zone_names


def user_zone() -> ZoneInfo:
    name = getattr(current_user, "timezone", None) or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def localtime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(user_zone()).strftime(fmt)


def register_filters(app: Flask) -> None:
    app.add_template_filter(localtime, "localtime")
    app.add_template_global(RATING_LABELS, "rating_labels")
    app.add_template_global(current_zone_names, "timezone_names")
