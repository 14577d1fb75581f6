from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.database import retry_when_locked
from quiz.extensions import db
from quiz.models import Attempt, Bank, PracticeSession, ServedQuestion, Topic, utcnow
from quiz.practice import bp, corrections, overrides, session_rules, sessions
from quiz.practice.answers import (
    answer_view,
    is_stale,
    rate_attempt,
    shown_positions_to_indices,
    store_attempt,
    typed_answer_problem,
)
from quiz.practice.service import (
    CHOICE_KINDS,
    ShownQuestion,
    pending_served,
    pick_next,
    question_view,
    serve,
    served_for_answer,
)
from quiz.practice.sessions import SessionView
from quiz.scheduling import AGAIN, RATING_LABELS, rating_for
from quiz.serving import Scope


def scope_url(served: ServedQuestion | PracticeSession) -> str:
    """Where the session a question was served in carries on."""
    return scope_url_for(Scope(served.bank_id, served.topic_id, served.mode))


def scope_url_for(scope: Scope) -> str:
    bank = db.session.get(Bank, scope.bank_id) if scope.bank_id is not None else None
    topic = db.session.get(Topic, scope.topic_id) if scope.topic_id is not None else None
    return scope_url_from(scope.mode, bank.slug if bank else None, topic.slug if topic else None)


def scope_url_from(mode: str, bank_slug: str | None, topic_slug: str | None) -> str:
    """:func:`scope_url_for` a scope whose bank's and topic's slugs are known."""
    if mode == "review":
        return url_for("review.queue", bank_slug=bank_slug)
    if bank_slug is None:
        return url_for("main.index")
    if mode == "drill" and topic_slug is not None:
        return url_for("review.drill", bank_slug=bank_slug, topic_slug=topic_slug)
    if topic_slug is None:
        return url_for("practice.bank", bank_slug=bank_slug)
    return url_for("practice.topic", bank_slug=bank_slug, topic_slug=topic_slug)


@dataclass(frozen=True)
class Named:
    """A bank or topic as the question pages name it (read as columns)."""

    id: int
    slug: str
    title: str


BANK_BY_SLUG = sa.select(Bank.id, Bank.slug, Bank.title).where(Bank.slug == sa.bindparam("slug"))
TOPIC_BY_SLUG = sa.select(Topic.id, Topic.slug, Topic.title).where(
    Topic.bank_id == sa.bindparam("bank_id"), Topic.slug == sa.bindparam("slug"), ~Topic.retired
)


def bank_or_404(bank_slug: str) -> Named:
    row = db.session.connection().execute(BANK_BY_SLUG, {"slug": bank_slug}).first()
    if row is None:
        abort(404)
    return Named(*row)


def topic_or_404(bank: Named, topic_slug: str) -> Named:
    row = (
        db.session.connection()
        .execute(TOPIC_BY_SLUG, {"bank_id": bank.id, "slug": topic_slug})
        .first()
    )
    if row is None:
        abort(404)
    return Named(*row)


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
    shown = pending_or_next(scope)
    if shown is None:
        flash("There are no questions here yet.")
        return redirect(url_for("main.index"))
    return show(*shown, scope_url=url)


def pending_or_next(scope: Scope) -> tuple[ShownQuestion, SessionView] | None:
    """The question on screen in this scope's session, or the session's next one, with
    the session (and how much of it is answered).

    Without a session in progress, one of the default size starts (None when the scope
    has nothing to ask). A session with nothing left ends in its summary.
    """
    now = utcnow()
    active = sessions.active_session_and_pending(db.session, current_user.id, scope)
    if active is None:
        question_id = pick_next(
            db.session, current_user.id, scope, now, request.args.get("after", type=int)
        )
        if question_id is None:
            return None
        practice = sessions.start_session(
            db.session, current_user.id, scope, session_rules.DEFAULT_SIZE, now
        )
    else:
        practice, served = active
        if served is not None:
            return served, practice
        question_id = None
        if not practice.progress.done:
            question_id = sessions.next_in_session(db.session, practice, now)
        if question_id is None:
            sessions.finish_session(db.session, practice, now)
            # the queue and drill views render whatever this returns: leave by raising
            abort(redirect(url_for("practice.summary", session_id=practice.id)))
    view = question_view(db.session, question_id)
    served = serve(db.session, current_user.id, view, scope, now, session_id=practice.id)
    return served, practice


def session_of(served: ServedQuestion | None) -> PracticeSession | None:
    if served is None or served.session_id is None:
        return None
    return db.session.get(PracticeSession, served.session_id)


def show(
    served: ShownQuestion,
    practice: SessionView | None = None,
    scope_url: str | None = None,
    **context,
):
    """The question page; the session and the scope's URL are looked up unless given."""
    question = served.question
    options = [(pos, question.options_html[i]) for pos, i in enumerate(served.option_order, 1)]
    if practice is None and served.session_id is not None:
        practice = sessions.session_view(db.session, served.session_id)
    return render_template(
        "practice/question.html",
        served=served,
        question=question,
        options=options,
        scope_url=scope_url or scope_url_for(served.scope),
        practice=practice,
        progress=practice.progress if practice else None,
        **context,
    )


@bp.post("/answer/<token>")
@login_required
def answer(token: str):
    found = served_for_answer(db.session, current_user.id, token)
    if found is None:
        abort(404)
    served, existing_id = found
    if existing_id is not None:
        flash("This answer was already recorded; here is its result.")
        return redirect(url_for("practice.attempt", attempt_id=existing_id))
    if is_stale(served):
        flash("This question was changed or retired after it was shown. Nothing was recorded.")
        return redirect(scope_url_for(served.scope))
    if request.form.get("dont_know") == "1":
        # a wrong attempt with an empty answer; the feedback shows the right one
        response: list[int] | str = [] if served.question.kind in CHOICE_KINDS else ""
    elif served.question.kind in CHOICE_KINDS:
        response = shown_positions_to_indices(served, request.form.getlist("choice"))
        if not response:
            flash("Pick an answer before submitting.", "error")
            return show(served), 422
    else:
        response = request.form.get("answer", "").strip()
        problem = typed_answer_problem(response)
        if problem:
            flash(problem, "error")
            return show(served), 422
    attempt_id = retry_when_locked(db.session, lambda: store_attempt(db.session, served, response))
    if not response and served.question.kind == "open":
        # "I don't know": nothing to self-rate, so the card learns it was not known
        attempt = db.session.get(Attempt, attempt_id)
        retry_when_locked(db.session, lambda: rate_attempt(db.session, attempt, AGAIN))
    return redirect(url_for("practice.attempt", attempt_id=attempt_id))


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
    rating = request.form.get("rating", type=int)
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
    flash(overrides.MESSAGES[outcome], "error" if outcome == overrides.REFUSED else "message")
    return redirect(result_url(attempt))
