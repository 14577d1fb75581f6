from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user, login_required

from quiz.exports import csv_text
from quiz.extensions import db
from quiz.progress import bp
from quiz.progress.history import HISTORY_HEADER, history_rows
from quiz.progress.queries import progress_report, recent_attempts


@bp.get("/")
@login_required
def overview():
    return render_template(
        "progress/overview.html",
        banks=progress_report(db.session, current_user.id),
        recent=recent_attempts(db.session, current_user.id),
    )


@bp.get("/export.csv")
@login_required
def export_csv():
    """The signed-in learner's own attempts, never anyone else's."""
    return Response(
        csv_text(HISTORY_HEADER, history_rows(db.session, current_user.id)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="my-history.csv"'},
    )
