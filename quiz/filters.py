"""Template helpers: dates in the learner's own time zone, durations, memoised URLs."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g, request
from flask import url_for as build_url
from flask_login import current_user

from quiz.scheduling import RATING_LABELS
from quiz.timezones import current_zone_names


def user_zone() -> ZoneInfo:
    # once per request: a page formats dozens of dates, each went through current_user
    # (a time zone change redirects, so no page renders with the old one cached)
    zone = g.get("user_zone")
    if zone is None:
        name = getattr(current_user, "timezone", None) or "UTC"
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        g.user_zone = zone
    return zone


def localtime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(user_zone()).strftime(fmt)


def duration_text(milliseconds: int | float | None) -> str:
    """42 s, 3 min 05 s, 1 h 02 min."""
    if milliseconds is None:
        return "—"
    seconds = round(milliseconds / 1000)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def percent_text(fraction: float | None) -> str:
    """0.667 → "67%"."""
    return f"{round((fraction or 0) * 100)}%"


URL_CACHE_SIZE = 20_000


def memoised_url_for(max_size: int = URL_CACHE_SIZE):
    """url_for for templates, memoised for one app.

    A page builds 20 to 100 URLs, most of them the same on every request (the menu,
    per-topic links); werkzeug builds each in 3-5 µs. The cache holds relative URLs
    of absolute endpoint names only: a URL then depends on nothing but the endpoint,
    its arguments and the script root (the app defines no url_defaults).
    """
    urls: dict[tuple, str] = {}

    def url_for(endpoint: str, **values) -> str:
        if endpoint.startswith(".") or any(name.startswith("_") for name in values):
            return build_url(endpoint, **values)  # relative endpoint, _external, _anchor...
        try:
            key = (request.script_root, endpoint, *sorted(values.items()))
            return urls[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable argument
            return build_url(endpoint, **values)
        url = build_url(endpoint, **values)
        if len(urls) >= max_size:
            urls.clear()
        urls[key] = url
        return url

    return url_for


def register_filters(app: Flask) -> None:
    app.add_template_global(memoised_url_for(), "url_for")
    app.add_template_filter(localtime, "localtime")
    app.add_template_global(RATING_LABELS, "rating_labels")
    app.add_template_global(current_zone_names, "timezone_names")
    app.add_template_global(duration_text, "duration")
    app.add_template_global(percent_text, "percent")
