from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.auth.account import account_row
from quiz.config import model_grader_settings
from quiz.dashboard import bp
from quiz.dashboard.forms import SettingsForm
from quiz.dashboard.summary import build_dashboard, dashboard_stamp
from quiz.extensions import db
from quiz.models import utcnow
from quiz.practice.pages import scope_url_from
from quiz.practice.sessions import SessionPlace, latest_session_place
from quiz.web.caching import cached_part
from quiz.web.charts import accuracy_chart, activity_calendar
from quiz.web.filters import user_zone
from quiz.web.urls import id_url

# Remembered in the browser for a year: the welcome explains the app once.
WELCOME_COOKIE = "welcome_dismissed"


def welcome_dismissed() -> bool:
    return request.cookies.get(WELCOME_COOKIE) == "1"


@bp.get("/dashboard")
@login_required
def index():
    now = utcnow()
    user_id = current_user.id

    def build() -> tuple[tuple[bool, str | None, Markup], datetime | None]:
        data = build_dashboard(db.session, user_id, now, user_zone())
        summary = render_template(
            "dashboard/_summary.html",
            data=data,
            accuracy_svg=accuracy_chart(data.last_30_days),
            calendar_svg=activity_calendar(data.activity, data.today),
            question_url=id_url("practice.question", "question_id"),
        )
        # Start practising leads to the weakest topic's bank (the first bank, at first)
        first_bank = data.topics[0].bank_slug if data.topics else None
        return (bool(data.activity), first_bank, Markup(summary)), data.changes_at

    own_rows = dashboard_stamp(db.session, user_id)
    has_activity, first_bank, summary = cached_part("dashboard", own_rows, now, build)
    # not in the kept part: a session starts with no attempt, which its stamp would miss
    place = latest_session_place(db.session, user_id)
    return render_template(
        "dashboard/dashboard.html",
        has_activity=has_activity,
        summary=summary,
        show_welcome=not welcome_dismissed(),
        place=place,
        start_url=start_url(place, first_bank),
    )


def start_url(place: SessionPlace | None, first_bank: str | None) -> str | None:
    """Where the dashboard's primary button leads: back to the latest session's place,
    else practice of ``first_bank``; None when there is no bank."""
    if place is not None:
        return scope_url_from(place.mode, place.bank_slug, place.topic_slug)
    return url_for("practice.bank", bank_slug=first_bank) if first_bank else None


@bp.post("/welcome/dismiss")
@login_required
def dismiss_welcome():
    response = redirect(url_for("dashboard.index"))
    response.set_cookie(WELCOME_COOKIE, "1", max_age=365 * 24 * 3600, httponly=True, samesite="Lax")
    return response


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(timezone=current_user.timezone)
    if form.validate_on_submit():
        account_row(db.session).timezone = form.timezone.data
        db.session.commit()
        flash(f"Time zone set to {form.timezone.data}.")
        return redirect(url_for("dashboard.settings"))
    model = model_grader_settings()
    return render_template(
        "dashboard/settings.html", form=form, grader_host=model.host if model else None
    )
