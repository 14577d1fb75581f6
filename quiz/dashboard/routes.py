from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.auth.account import account_row
from quiz.bank_store.catalog import bank_overview
from quiz.config import model_grader_settings
from quiz.dashboard import bp
from quiz.dashboard.forms import InterviewDateForm, RetentionForm, SettingsForm
from quiz.dashboard.summary import build_dashboard, dashboard_stamp
from quiz.extensions import db
from quiz.models import utcnow
from quiz.practice.pages import scope_url_from
from quiz.practice.sessions import SessionPlace
from quiz.review.interview_date import (
    Rehearsal,
    clear_interview_date,
    interview_settings,
    set_interview_date,
)
from quiz.scheduling.days import local_date
from quiz.scheduling.readiness import interview_date_problem
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

    def build() -> tuple[tuple[bool, str | None, Markup, Rehearsal | None], datetime | None]:
        data = build_dashboard(db.session, user_id, now, user_zone())
        summary = render_template(
            "dashboard/_summary.html",
            data=data,
            accuracy_svg=accuracy_chart(data.last_30_days),
            calendar_svg=activity_calendar(data.activity, data.today),
            question_url=id_url("practice.question", "question_id"),
        )
        # Start practising leads to the weakest topic's bank (the first bank, at first);
        # the dress rehearsal's form carries a CSRF token: rendered with the page, not kept
        first_bank = data.topics[0].bank_slug if data.topics else None
        rehearsal = data.interview.rehearsal
        return (bool(data.activity), first_bank, Markup(summary), rehearsal), data.changes_at

    own_rows, place = dashboard_stamp(db.session, user_id)
    has_activity, first_bank, summary, rehearsal = cached_part("dashboard", own_rows, now, build)
    return render_template(
        "dashboard/dashboard.html",
        has_activity=has_activity,
        summary=summary,
        rehearsal=rehearsal,
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
    return _settings_page(form=form)


def _settings_page(status: int = 200, **forms):
    """The settings page with its three forms, ``forms`` replacing the blank ones."""
    model = model_grader_settings()
    saved = interview_settings(db.session, current_user.id)
    banks = bank_overview(db.session)
    date_form = forms.get("date_form") or InterviewDateForm(
        formdata=None, interview_date=saved.day, banks=list(saved.bank_ids or ())
    )
    date_form.set_bank_choices(banks)
    retention_form = forms.get("retention_form") or RetentionForm(
        formdata=None, target=round(saved.retention * 100)
    )
    page = render_template(
        "dashboard/settings.html",
        form=forms.get("form") or SettingsForm(formdata=None, timezone=current_user.timezone),
        date_form=date_form,
        retention_form=retention_form,
        saved=saved,
        covered=[b.title for b in banks if saved.bank_ids and b.id in saved.bank_ids],
        grader_host=model.host if model else None,
    )
    return page, status


@bp.post("/settings/interview-date")
@login_required
def interview_date():
    form = InterviewDateForm()
    form.set_bank_choices(bank_overview(db.session))
    form.validate()  # the banks ticked must be banks; the date is checked below
    if form.banks.errors:
        form.banks.errors = ["Choose among the banks listed, or none for every bank."]
        return _settings_page(422, date_form=form)
    if form.clear.data:
        clear_interview_date(db.session, account_row(db.session))
        db.session.commit()
        flash("Interview date cleared. Your reviews are kept; they follow the usual schedule.")
        return redirect(url_for("dashboard.settings"))
    day = form.interview_date.data  # None when not a date at all
    problem = interview_date_problem(day, local_date(utcnow(), user_zone()))
    if problem is not None:
        form.interview_date.errors = [problem]
        return _settings_page(422, date_form=form)
    set_interview_date(db.session, account_row(db.session), day, form.banks.data)
    db.session.commit()
    flash(
        f"Interview date set to {day:%-d %B %Y}. Your reviews are kept;"
        " the schedule now plans for that day."
    )
    return redirect(url_for("dashboard.index"))


@bp.post("/settings/target")
@login_required
def retention():
    form = RetentionForm()
    if form.validate_on_submit():
        account_row(db.session).desired_retention = form.target.data / 100
        db.session.commit()
        flash(f"Target recall set to {form.target.data}%: reviews are scheduled to keep it.")
        return redirect(url_for("dashboard.settings"))
    return _settings_page(422, retention_form=form)
