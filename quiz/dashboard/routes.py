from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.activity import end_of_local_day
from quiz.auth.account import account_row
from quiz.charts import accuracy_chart, activity_calendar
from quiz.dashboard import bp
from quiz.dashboard.forms import SettingsForm
from quiz.extensions import db
from quiz.filters import user_zone
from quiz.grading import model_grader_settings
from quiz.main.routes import welcome_dismissed
from quiz.models import utcnow
from quiz.page_cache import learner_stamp, page_cache
from quiz.practice.routes import bank_or_404, pending_or_next, scope_url_from, show, topic_or_404
from quiz.review.dashboard import build_dashboard, dashboard_stamp
from quiz.review.queue import queue_status
from quiz.serving import Scope
from quiz.url_patterns import id_url


@bp.get("/dashboard")
@login_required
def dashboard():
    now = utcnow()
    user_id = current_user.id
    stamp = learner_stamp(db.session, dashboard_stamp(db.session, user_id))
    cache = page_cache("dashboard")
    cached = cache.get(user_id, stamp, now)
    if cached is None:
        data = build_dashboard(db.session, user_id, now, user_zone())
        summary = render_template(
            "dashboard/_summary.html",
            data=data,
            accuracy_svg=accuracy_chart(data.last_30_days),
            calendar_svg=activity_calendar(data.activity, data.today),
            question_url=id_url("practice.question", "question_id"),
        )
        cached = (bool(data.activity), Markup(summary))
        cache.put(user_id, stamp, data.changes_at, cached)
    has_activity, summary = cached
    return render_template(
        "dashboard/dashboard.html",
        has_activity=has_activity,
        summary=summary,
        show_welcome=not welcome_dismissed(),
    )


@bp.get("/review/", defaults={"bank_slug": None})
@bp.get("/review/<bank_slug>/")
@login_required
def queue(bank_slug: str | None):
    bank = bank_or_404(bank_slug) if bank_slug else None
    scope = Scope(bank_id=bank.id if bank else None, mode="review")
    now = utcnow()
    status = queue_status(
        db.session, current_user.id, now, end_of_local_day(now, user_zone()), scope
    )
    shown = pending_or_next(scope)
    if shown is None:
        return render_template("dashboard/caught_up.html", status=status, bank=bank)
    url = scope_url_from("review", bank.slug if bank else None, None)
    return show(*shown, scope_url=url, status=status)


@bp.get("/review/drill/<bank_slug>/<topic_slug>")
@login_required
def drill(bank_slug: str, topic_slug: str):
    bank = bank_or_404(bank_slug)
    topic = topic_or_404(bank, topic_slug)
    shown = pending_or_next(Scope(bank_id=bank.id, topic_id=topic.id, mode="drill"))
    if shown is None:
        flash("This topic has no questions.")
        return redirect(url_for("review.dashboard"))
    url = scope_url_from("drill", bank.slug, topic.slug)
    return show(*shown, scope_url=url, drill_topic=topic)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(timezone=current_user.timezone)
    if form.validate_on_submit():
        account_row(db.session).timezone = form.timezone.data
        db.session.commit()
        flash(f"Time zone set to {form.timezone.data}.")
        return redirect(url_for("review.settings"))
    model = model_grader_settings()
    return render_template(
        "dashboard/settings.html", form=form, grader_host=model.host if model else None
    )
