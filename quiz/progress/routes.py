from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.extensions import db
from quiz.models import utcnow
from quiz.progress import bp
from quiz.progress.history import HISTORY_HEADER, history_rows
from quiz.progress.queries import progress_report, progress_stamp, recent_attempts
from quiz.web.caching import cached_part
from quiz.web.exports import csv_text
from quiz.web.urls import id_url


@bp.get("/")
@login_required
def overview():
    user_id = current_user.id

    def build() -> tuple[Markup, None]:
        content = render_template(
            "progress/_content.html",
            banks=progress_report(db.session, user_id),
            recent=recent_attempts(db.session, user_id),
            attempt_url=id_url("practice.attempt", "attempt_id"),
            question_url=id_url("practice.question", "question_id"),
        )
        return Markup(content), None  # nothing on it changes with time alone

    content = cached_part("progress", progress_stamp(db.session, user_id), utcnow(), build)
    return render_template("progress/overview.html", content=content)


@bp.get("/export.csv")
@login_required
def export_csv():
    """The signed-in learner's own attempts, never anyone else's."""
    return Response(
        csv_text(HISTORY_HEADER, history_rows(db.session, current_user.id)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="my-history.csv"'},
    )
