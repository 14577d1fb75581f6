from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from quiz.database import retry_when_locked
from quiz.extensions import db
from quiz.models import Attempt, Bank, Question, ServedQuestion, Topic, utcnow
from quiz.practice import bp
from quiz.practice.service import (
    CHOICE_KINDS,
    answer_view,
    attempt_for,
    find_served,
    is_stale,
    pending_served,
    pick_next,
    rate_attempt,
    record_attempt,
    serve,
    shown_positions_to_indices,
    typed_answer_problem,
)
from quiz.scheduling import RATING_LABELS
from quiz.serving import Scope


def scope_url(served: ServedQuestion) -> str:
    """Where the session a question was served in carries on."""
    bank = db.session.get(Bank, served.bank_id) if served.bank_id is not None else None
    topic = db.session.get(Topic, served.topic_id) if served.topic_id is not None else None
    if served.mode == "review":
        return url_for("review.queue", bank_slug=bank.slug if bank else None)
    if bank is None:
        return url_for("main.index")
    if served.mode == "drill" and topic is not None:
        return url_for("review.drill", bank_slug=bank.slug, topic_slug=topic.slug)
    if topic is None:
        return url_for("practice.bank", bank_slug=bank.slug)
    return url_for("practice.topic", bank_slug=bank.slug, topic_slug=topic.slug)


def load_bank_or_404(bank_slug: str) -> Bank:
    bank = db.session.scalar(sa.select(Bank).where(Bank.slug == bank_slug))
    if bank is None:
        abort(404)
    return bank


def load_topic_or_404(bank: Bank, topic_slug: str) -> Topic:
    topic = db.session.scalar(
        sa.select(Topic).where(Topic.bank_id == bank.id, Topic.slug == topic_slug, ~Topic.retired)
    )
    if topic is None:
        abort(404)
    return topic


@bp.get("/<bank_slug>/")
@login_required
def bank(bank_slug: str):
    return practise(Scope(bank_id=load_bank_or_404(bank_slug).id))


@bp.get("/<bank_slug>/<topic_slug>")
@login_required
def topic(bank_slug: str, topic_slug: str):
    bank = load_bank_or_404(bank_slug)
    return practise(Scope(bank_id=bank.id, topic_id=load_topic_or_404(bank, topic_slug).id))


@bp.get("/question/<id:question_id>")
@login_required
def question(question_id: int):
    """Practise one chosen question (linked from progress), then carry on in its topic."""
    question = db.session.get(Question, question_id)
    if question is None or question.retired:
        flash("That question is no longer in its bank.")
        return redirect(url_for("main.index"))
    scope = Scope(bank_id=question.bank_id, topic_id=question.topic_id)
    pending = pending_served(db.session, current_user.id, scope)
    if pending is None or pending.question_id != question.id:
        pending = serve(db.session, current_user.id, question, scope)
    return show(pending)


def practise(scope: Scope):
    served = pending_or_next(scope)
    if served is None:
        flash("There are no questions here yet.")
        return redirect(url_for("main.index"))
    return show(served)


def pending_or_next(scope: Scope) -> ServedQuestion | None:
    """The question on screen for this scope, or the next one the scope's mode picks."""
    served = pending_served(db.session, current_user.id, scope)
    if served is None:
        question = pick_next(
            db.session, current_user.id, scope, utcnow(), request.args.get("after", type=int)
        )
        if question is None:
            return None
        served = serve(db.session, current_user.id, question, scope)
    return served


def show(served: ServedQuestion, **context):
    question = served.question
    options = [(pos, question.options_html[i]) for pos, i in enumerate(served.option_order, 1)]
    return render_template(
        "practice/question.html",
        served=served,
        question=question,
        options=options,
        scope_url=scope_url(served),
        **context,
    )


@bp.post("/answer/<token>")
@login_required
def answer(token: str):
    served = find_served(db.session, current_user.id, token)
    if served is None:
        abort(404)
    back = scope_url(served)
    existing = attempt_for(db.session, served)
    if existing is not None:
        flash("This answer was already recorded; here is its result.")
        return redirect(url_for("practice.attempt", attempt_id=existing.id))
    if is_stale(served):
        flash("This question was changed or retired after it was shown. Nothing was recorded.")
        return redirect(back)
    if served.question.kind in CHOICE_KINDS:
        response: list[int] | str = shown_positions_to_indices(
            served, request.form.getlist("choice")
        )
        if not response:
            flash("Pick an answer before submitting.", "error")
            return show(served), 422
    else:
        response = request.form.get("answer", "").strip()
        problem = typed_answer_problem(response)
        if problem:
            flash(problem, "error")
            return show(served), 422
    attempt = retry_when_locked(db.session, lambda: record_attempt(db.session, served, response))
    return redirect(url_for("practice.attempt", attempt_id=attempt.id))


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
    served = attempt.served
    next_url = scope_url(served) if served else url_for("main.index")
    return render_template(
        "practice/feedback.html",
        attempt=attempt,
        question=question,
        view=answer_view(question, attempt.answer, attempt.detail),
        next_url=f"{next_url}?after={question.id}",
    )


@bp.post("/attempt/<id:attempt_id>/rate")
@login_required
def rate(attempt_id: int):
    attempt = own_attempt_or_404(attempt_id)
    rating = request.form.get("rating", type=int)
    if attempt.question.kind != "open":
        flash("Only open questions take a self-rating; this one was rated from its score.")
    elif rating not in RATING_LABELS:
        flash("Choose Again, Hard, Good or Easy.", "error")
    elif rate_attempt(db.session, attempt, rating):
        flash(f"Rated “{RATING_LABELS[rating]}”.")
    else:
        flash("You already rated this answer.")
    return redirect(url_for("practice.attempt", attempt_id=attempt.id))
