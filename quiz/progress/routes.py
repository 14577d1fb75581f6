from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, render_template
from flask_login import current_user, login_required
from markupsafe import Markup

from quiz.extensions import db
from quiz.models import utcnow
from quiz.progress import bp
from quiz.progress.history import HISTORY_HEADER, history_rows
from quiz.progress.queries import progress_report, progress_stamp, recent_attempts
from quiz.progress.retention import retention_table
from quiz.review.mastery import topic_attempts, topic_masteries_until
from quiz.scheduling.days import end_of_local_day
from quiz.scheduling.schedule import DEFAULT_RETENTION
from quiz.web.caching import cached_part
from quiz.web.exports import csv_text
from quiz.web.filters import user_zone
from quiz.web.urls import id_url


@bp.get("/")
@login_required
def overview():
    user_id = current_user.id
    now = utcnow()

    def build() -> tuple[Markup, datetime]:
        zone = user_zone()
        answers = topic_attempts(db.session, user_id)
        topics, next_tick = topic_masteries_until(db.session, user_id, now, answers=answers)
        content = render_template(
            "progress/_content.html",
            topics=topics,
            banks=progress_report(db.session, user_id, answers),
            retention=retention_table(db.session, user_id, now, zone),
            desired_retention=DEFAULT_RETENTION,
            recent=recent_attempts(db.session, user_id),
            attempt_url=id_url("practice.attempt", "attempt_id"),
            question_url=id_url("practice.question", "question_id"),
        )
        # due counts and recall change with time; the retention periods at midnight
        changes = [end_of_local_day(now, zone)]
        if next_tick is not None:
            changes.append(datetime.fromtimestamp(next_tick, UTC))
        return Markup(content), min(changes)

    content = cached_part("progress", progress_stamp(db.session, user_id), now, build)
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
