"""Practice session views: choose the length, see the summary, review what was missed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.database import optional_database_int
from quiz.extensions import db
from quiz.models import PracticeSession, utcnow
from quiz.practice import bp, session_rules, sessions
from quiz.practice.forms import SessionForm
from quiz.practice.pages import scope_url_for
from quiz.practice.scope import Scope


def own_session_or_404(session_id: int) -> PracticeSession:
    practice = sessions.own_session(db.session, current_user.id, session_id)
    if practice is None:
        abort(404)
    return practice


def scope_from(form: SessionForm) -> Scope | None:
    """The scope the form names, or None when its bank or topic is not a live one."""
    bank_id = optional_database_int(form.bank.data) if form.bank.data else None
    topic_id = optional_database_int(form.topic.data) if form.topic.data else None
    if (form.bank.data and bank_id is None) or (form.topic.data and topic_id is None):
        return None
    return sessions.scope_named(db.session, bank_id, topic_id, form.mode.data)


@bp.route("/session/new", methods=["GET", "POST"])
@login_required
def new_session():
    # the page is linked with the scope in its query string; the POST carries it back
    form = SessionForm(request.args) if request.method == "GET" else SessionForm()
    scope = scope_from(form)
    if scope is None or form.mode.data not in session_rules.MODES:
        flash("That bank or topic does not exist, so no session was started.", "error")
        return redirect(url_for("main.index"))
    active = sessions.active_session(db.session, current_user.id, scope)
    if request.method == "POST":
        if form.validate_on_submit():
            size = form.size.data
            started = sessions.start_session(db.session, current_user.id, scope, size, utcnow())
            note = session_rules.shortened_note(size, started.size, sessions.scope_place(scope))
            if note:
                flash(note)
            return redirect(scope_url_for(scope))
        status = 422
    else:
        status = 200
    return render_template(
        "practice/start.html",
        form=form,
        title=sessions.scope_title(db.session, scope),
        active=active,
        progress=active.progress if active else None,
        resume_url=scope_url_for(scope),
        choices=session_rules.SIZE_CHOICES,
    ), status


@bp.get("/session/<id:session_id>")
@login_required
def summary(session_id: int):
    practice = own_session_or_404(session_id)
    if practice.finished_at is None:
        return redirect(scope_url_for(sessions.scope_of(practice)))
    scope = sessions.scope_of(practice)
    result = session_rules.summarise(sessions.session_answers(db.session, practice))
    return render_template(
        "practice/summary.html",
        practice=practice,
        title=sessions.scope_title(db.session, scope),
        summary=result,
    )


@bp.post("/session/<id:session_id>/again")
@login_required
def start_another(session_id: int):
    """A new session over the same scope and of the same length, at once (no form)."""
    practice = own_session_or_404(session_id)
    scope = sessions.scope_of(practice)
    # a "Review missed" session's length was its list's; another one draws as usual
    size = practice.size if practice.question_ids is None else session_rules.DEFAULT_SIZE
    sessions.start_session(db.session, current_user.id, scope, size, utcnow())
    return redirect(scope_url_for(scope))


@bp.post("/session/<id:session_id>/missed")
@login_required
def review_missed(session_id: int):
    """A new session of exactly the questions this one missed (still in their bank)."""
    practice = own_session_or_404(session_id)
    missed = [
        a.question_id
        for a in session_rules.summarise(sessions.session_answers(db.session, practice)).missed
        if not a.retired
    ]
    if not missed:
        flash("Nothing to review: no question of that session was missed.")
        return redirect(url_for("practice.summary", session_id=practice.id))
    scope = sessions.scope_of(practice)
    sessions.start_session(
        db.session, current_user.id, scope, len(missed), utcnow(), question_ids=missed
    )
    return redirect(scope_url_for(scope))
