from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from quiz.extensions import db
from quiz.progress import bp
from quiz.progress.queries import progress_report, recent_attempts


@bp.get("/")
@login_required
def overview():
    return render_template(
        "progress/overview.html",
        banks=progress_report(db.session, current_user.id),
        recent=recent_attempts(db.session, current_user.id),
    )
