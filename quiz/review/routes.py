"""The review queue's pages: due cards over every bank or one, and a topic's drill."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.database import database_int
from quiz.extensions import db
from quiz.models import utcnow
from quiz.practice.pages import bank_or_404, scope_url_from, show_on_screen, topic_or_404
from quiz.practice.scope import Scope
from quiz.practice.sessions import next_on_screen
from quiz.review import bp
from quiz.review.queue import queue_status
from quiz.scheduling.days import end_of_local_day
from quiz.web.filters import user_zone


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
    on_screen = next_on_screen(
        db.session, current_user.id, scope, now, request.args.get("after", type=database_int)
    )
    if on_screen is None:
        return render_template("review/caught_up.html", status=status, bank=bank)
    url = scope_url_from("review", bank.slug if bank else None, None)
    return show_on_screen(on_screen, scope_url=url, status=status)


@bp.get("/review/drill/<bank_slug>/<topic_slug>")
@login_required
def drill(bank_slug: str, topic_slug: str):
    bank = bank_or_404(bank_slug)
    topic = topic_or_404(bank, topic_slug)
    scope = Scope(bank_id=bank.id, topic_id=topic.id, mode="drill")
    on_screen = next_on_screen(
        db.session, current_user.id, scope, utcnow(), request.args.get("after", type=database_int)
    )
    if on_screen is None:
        flash("This topic has no questions.")
        return redirect(url_for("dashboard.index"))
    url = scope_url_from("drill", bank.slug, topic.slug)
    return show_on_screen(on_screen, scope_url=url, drill_topic=topic)
