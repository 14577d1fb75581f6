"""Template helpers, every one registered here: dates in the learner's own time zone,
durations, inline Markdown, memoised URLs."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, g
from flask_login import current_user
from markupsafe import Markup

from quiz.banks.model import CHOICE_KINDS
from quiz.scheduling.schedule import RATING_LABELS
from quiz.web.caching import memoised_url_for
from quiz.web.nav import site_nav
from quiz.web.rendering import render_inline, without_model_answer_label
from quiz.web.timezones import current_zone_names


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


@lru_cache(maxsize=4096)  # a pure function of the text: lists render the same headlines
def inline_markdown(text: str) -> Markup:
    """One line of Markdown (a question's headline) as sanitised HTML."""
    return Markup(render_inline(text))


def register_filters(app: Flask) -> None:
    app.add_template_global(memoised_url_for(), "url_for")
    app.add_template_global(site_nav, "site_nav")
    app.add_template_filter(localtime, "localtime")
    app.add_template_global(RATING_LABELS, "rating_labels")
    app.add_template_global(CHOICE_KINDS, "choice_kinds")
    app.add_template_global(current_zone_names, "timezone_names")
    app.add_template_global(duration_text, "duration")
    app.add_template_global(percent_text, "percent")
    app.add_template_filter(inline_markdown, "inline_markdown")
    app.add_template_filter(without_model_answer_label, "without_model_answer_label")
