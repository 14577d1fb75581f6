"""The autosave endpoint the question page calls while the learner types (autosave.js)."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import login_required

from quiz.extensions import db
from quiz.interview import bp, drafts, service
from quiz.interview.routes import item_or_404, own_or_404, posted_response


@bp.post("/<id:interview_id>/q/<int:position>/draft")
@login_required
def draft(interview_id: int, position: int):
    """Autosave from the page (fetch, CSRF token in the form data); answers JSON."""
    interview = own_or_404(interview_id)
    item = item_or_404(interview, position)
    response, problem = posted_response(item)
    if problem:
        return jsonify(status="invalid", message=f"{problem} The draft was not saved."), 422
    clock = service.now()
    outcome = drafts.save_draft(db.session, interview, item, response, clock)
    if outcome == drafts.DraftSaved.LATE:
        service.expire_if_due(db.session, interview, clock)
    if outcome != drafts.DraftSaved.SAVED:
        return jsonify(
            status=outcome,
            message="The interview is over; this draft was not saved.",
            url=url_for("interview.resume", interview_id=interview.id),
        ), 409
    return jsonify(status="saved", saved_at=clock.isoformat())
