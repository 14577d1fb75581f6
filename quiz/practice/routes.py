from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.database import database_int, retry_when_locked
from quiz.extensions import db
from quiz.models import Attempt, PracticeSession, ServedQuestion, utcnow
from quiz.practice import bp, corrections, overrides, sessions
from quiz.practice.answers import (
    ALREADY_RECORDED,
    INVALID,
    STALE,
    answer_view,
    rate_attempt,
    record_answer,
)
from quiz.practice.pages import (
    bank_or_404,
    scope_url,
    scope_url_for,
    scope_url_from,
    show,
    show_on_screen,
    topic_or_404,
)
from quiz.practice.scope import Scope
from quiz.practice.serving import pending_served, question_view, serve
from quiz.scheduling.schedule import RATING_LABELS, rating_for


@bp.get("/<bank_slug>/")
@login_required
def bank(bank_slug: str):
    bank = bank_or_404(bank_slug)
    return practise(Scope(bank_id=bank.id), scope_url_from("practice", bank.slug, None))


@bp.get("/<bank_slug>/<topic_slug>")
@login_required
def topic(bank_slug: str, topic_slug: str):
    bank = bank_or_404(bank_slug)
    topic = topic_or_404(bank, topic_slug)
    return practise(
        Scope(bank_id=bank.id, topic_id=topic.id), scope_url_from("practice", bank.slug, topic.slug)
    )


@bp.get("/question/<id:question_id>")
@login_required
def question(question_id: int):
    """Practise one chosen question (linked from progress), then carry on in its topic."""
    question = question_view(db.session, question_id)
    if question is None or question.retired:
        flash("That question is no longer in its bank.")
        return redirect(url_for("main.index"))
    scope = Scope(bank_id=question.bank_id, topic_id=question.topic_id)
    pending = pending_served(db.session, current_user.id, scope)
    if pending is None or pending.question_id != question.id:
        pending = serve(db.session, current_user.id, question, scope)
    return show(pending)


def practise(scope: Scope, url: str):
    on_screen = sessions.next_on_screen(
        db.session, current_user.id, scope, utcnow(), request.args.get("after", type=database_int)
    )
    if on_screen is None:
        flash("There are no questions here yet.")
        return redirect(url_for("main.index"))
    return show_on_screen(on_screen, scope_url=url)


def session_of(served: ServedQuestion | None) -> PracticeSession | None:
    if served is None or served.session_id is None:
        return None
    return db.session.get(PracticeSession, served.session_id)


@bp.post("/answer/<token>")
@login_required
def answer(token: str):
    outcome = record_answer(
        db.session,
        current_user.id,
        token,
        dont_know=request.form.get("dont_know") == "1",
        positions=request.form.getlist("choice"),
        text=request.form.get("answer", ""),
    )
    if outcome is None:
        abort(404)
    if outcome.status == ALREADY_RECORDED:
        flash("This answer was already recorded; here is its result.")
    elif outcome.status == STALE:
        flash("This question was changed or retired after it was shown. Nothing was recorded.")
        return redirect(scope_url_for(outcome.served.scope))
    elif outcome.status == INVALID:
        flash(outcome.problem, "error")
        return show(outcome.served), 422
    return redirect(url_for("practice.attempt", attempt_id=outcome.attempt_id))


def own_attempt_or_404(attempt_id: int) -> Attempt:
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)  # someone else's attempt does not exist, as far as this learner knows
    return attempt


@bp.get("/attempt/<id:attempt_id>")
@login_required
def attempt(attempt_id: int):
    attempt = own_attempt_or_404(attempt_id)
    question = attempt.question
    practice = session_of(attempt.served)
    progress = sessions.progress_of(db.session, practice) if practice else None
    if practice is not None and progress.done:
        sessions.finish_session(db.session, practice, utcnow())
    unrated = question.kind == "open" and attempt.self_rating is None
    return render_template(
        "practice/feedback.html",
        attempt=attempt,
        question=question,
        view=answer_view(question, attempt.answer, attempt.detail, attempt),
        next_url=next_url(attempt),
        practice=practice,
        progress=progress,
        # moving on without rating applies this one (from the score progress counts, a
        # corrected checklist's if corrected), and the page says so
        default_rating=rating_for(question.kind, attempt.credited_score, None) if unrated else None,
    )


def next_url(attempt: Attempt) -> str:
    """Where "Next question" leads: the session's summary once it is done, else its scope."""
    served = attempt.served
    practice = session_of(served)
    if practice is not None and practice.finished_at is not None:
        return url_for("practice.summary", session_id=practice.id)
    url = scope_url(served) if served else url_for("main.index")
    return f"{url}?after={attempt.question_id}"


@bp.post("/attempt/<id:attempt_id>/rate")
@login_required
def rate(attempt_id: int):
    attempt = own_attempt_or_404(attempt_id)
    rating = request.form.get("rating", type=database_int)
    by_default = request.form.get("then") == "next" and request.form.get("by_default") == "1"
    if by_default:
        # "Next question" without a rating: the default the page states, from the score
        # as it stands now (a checklist corrected in another tab counts)
        rating = rating_for(attempt.question.kind, attempt.credited_score, None)
    if attempt.question.kind != "open":
        flash("Only open questions take a self-rating; this one was rated from its score.")
    elif rating not in RATING_LABELS:
        flash("Choose Again, Hard, Good or Easy.", "error")
    elif rate_attempt(db.session, attempt, rating, by_default=by_default):
        flash(f"Rated “{RATING_LABELS[rating]}”.")
    else:
        flash("You already rated this answer.")
    if request.form.get("then") == "next" and attempt.self_rating is not None:
        return redirect(next_url(attempt))  # "Next question" with the stated default rating
    return redirect(url_for("practice.attempt", attempt_id=attempt.id))


@bp.post("/attempt/<id:attempt_id>/checklist")
@login_required
def correct(attempt_id: int):
    """The learner's corrected rubric checklist of an open answer (latest one wins)."""
    attempt = own_attempt_or_404(attempt_id)
    view = answer_view(attempt.question, attempt.answer, attempt.detail, attempt)
    result = retry_when_locked(
        db.session,
        lambda: corrections.correct(
            db.session,
            attempt,
            view.checklist,
            request.form.getlist(corrections.POINT_FIELD),
            request.form.getlist(corrections.MISCONCEPTION_FIELD),
            request.form.get(corrections.STAMP_FIELD),
            utcnow(),
        ),
    )
    flash(result.message, "error" if result.error else "message")
    return redirect(result_url(attempt, anchor="checklist"))


def result_url(attempt: Attempt, anchor: str | None = None) -> str:
    """The page showing ``attempt``'s result: its interview's report, or its own page."""
    interview_id = attempt.detail.get("interview_id") if attempt.mode == "interview" else None
    if interview_id is not None:
        position = attempt.detail.get("position")
        return url_for("interview.report", interview_id=interview_id, _anchor=f"item-{position}")
    return url_for("practice.attempt", attempt_id=attempt.id, _anchor=anchor)


@bp.post("/attempt/<id:attempt_id>/override")
@login_required
def override(attempt_id: int):
    """ "I was right": the learner overrules a wrong verdict on a typed answer, once."""
    attempt = own_attempt_or_404(attempt_id)
    outcome = overrides.override(db.session, attempt, utcnow())
    flash(
        overrides.OVERRIDE_MESSAGES[outcome], "error" if outcome == overrides.REFUSED else "message"
    )
    return redirect(result_url(attempt))
