"""Mock interview views: start, answer one question per page, finish, report, history.

Every view is for the logged-in learner's own interviews only: another learner's id
is a 404. The deadline is checked on the server at every step (see ``service``).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, Serializer, URLSafeSerializer
from itsdangerous.encoding import base64_encode
from markupsafe import Markup

from quiz.bank_store.catalog import bank_overview
from quiz.banks.model import CHOICE_KINDS
from quiz.database import database_int, retry_when_locked
from quiz.extensions import db
from quiz.interview import bp, results, service
from quiz.interview.forms import StartForm
from quiz.interview.page import question_page
from quiz.interview.start_state import start_state
from quiz.models import Interview, InterviewItem, InterviewState
from quiz.practice.answers import rate_attempt, shown_positions_to_indices, typed_answer_problem
from quiz.scheduling.schedule import RATING_LABELS
from quiz.web.caching import catalog_stamp, shared_part
from quiz.web.charts import score_trend
from quiz.web.filters import localtime

STATE_LABELS = {
    InterviewState.IN_PROGRESS: "In progress",
    InterviewState.FINISHED: "Finished",
    InterviewState.EXPIRED: "Time ran out",
    InterviewState.ABANDONED: "Abandoned",
}
TIME_UP = "Time is up: the interview was finished with the answers you had saved."


@bp.context_processor
def helpers():
    return {
        "clock": results.clock_text,
        "state_label": lambda state: STATE_LABELS.get(state, state),
    }


# ----------------------------------------------------------------------------- helpers


def own_or_404(interview_id: int) -> Interview:
    interview = service.own_interview(db.session, current_user.id, interview_id)
    if interview is None:
        abort(404)  # someone else's interview does not exist, as far as this learner knows
    return interview


def item_or_404(interview: Interview, position: int) -> InterviewItem:
    item = service.item_at(interview, position)
    if item is None:
        abort(404)
    return item


class _ShownAtSerializer(URLSafeSerializer):
    """URLSafeSerializer whose tokens are never zlib-compressed.

    The payload is ~30 bytes of JSON, which zlib makes longer (so the token was never
    compressed in practice), but trying cost ~40 µs a page. ``loads`` still reads
    compressed tokens too.
    """

    def dump_payload(self, obj: Any) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


@functools.lru_cache(maxsize=8)
def _signer_for(secret_key: str | bytes) -> URLSafeSerializer:
    return _ShownAtSerializer(secret_key, salt="interview-shown-at")


def _signer() -> URLSafeSerializer:
    return _signer_for(current_app.secret_key)


def shown_token(interview: Interview, position: int, at: datetime) -> str:
    """When the page was rendered, signed so the elapsed time cannot be made up."""
    return _signer().dumps([interview.id, position, at.timestamp()])


def shown_at_from(token: str | None, interview: Interview, position: int) -> datetime | None:
    if not token:
        return None
    try:
        interview_id, shown_position, timestamp = _signer().loads(token)
        if interview_id != interview.id or shown_position != position:
            return None
        return datetime.fromtimestamp(float(timestamp), UTC)
    except (BadSignature, ValueError, TypeError, OverflowError):
        return None


def elsewhere(interview: Interview):
    """Where an interview that is no longer in progress is shown instead."""
    if interview.state == InterviewState.ABANDONED:
        flash("That interview was abandoned, so it has no report.")
        return redirect(url_for("interview.history"))
    return redirect(url_for("interview.report", interview_id=interview.id))


def expired_now(interview: Interview) -> bool:
    if service.expire_if_due(db.session, interview, service.now()):
        flash(TIME_UP)
        return True
    return False


# ------------------------------------------------------------------------------- start

DOUBLE_SUBMIT_SECONDS = 10


def same_start(active: Interview, form: StartForm, clock: datetime) -> bool:
    """The Start form sent twice (double click, replay): the second one resumes the first."""
    minutes = form.minutes.data
    return (
        (clock - active.started_at).total_seconds() < DOUBLE_SUBMIT_SECONDS
        and sorted(set(form.banks.data)) == sorted(active.bank_ids)
        and len(active.items) == form.questions.data
        and (not minutes or minutes * 60 == active.time_limit_seconds)
    )


@bp.route("/", methods=["GET", "POST"])
@login_required
def start():
    clock = service.now()
    stamp = catalog_stamp(db.session)
    banks = bank_overview(db.session, stamp)
    form = StartForm()
    form.set_bank_choices(banks)
    if request.method == "GET":  # the hot one: what it reads of the learner in one statement
        state = start_state(db.session, current_user.id, clock)
        form.banks.data = state.banks_to_offer([b.id for b in banks])
        active = state.active
    else:
        state = None
        active = service.active_interview(db.session, current_user.id, clock)
    conflict = False
    status = 200
    if form.validate_on_submit():
        if active is not None and request.form.get("abandon_id", type=database_int) == active.id:
            service.abandon(db.session, active, clock)
            active = None
        if active is not None and same_start(active, form, clock):
            return redirect(url_for("interview.resume", interview_id=active.id))
        if active is not None:
            conflict = True
            status = 409
        else:
            try:
                started = service.start_interview(
                    db.session,
                    current_user.id,
                    form.banks.data,
                    form.questions.data,
                    form.minutes.data * 60 if form.minutes.data else None,
                    clock,
                )
            except service.InterviewInProgress as exc:
                active, conflict, status = exc.interview, True, 409
            except service.NoQuestions:
                form.banks.errors.append("The chosen banks have no questions yet.")
                status = 422
            else:
                if started.shortfall:
                    flash(
                        f"The chosen banks have only {started.drawn} questions, so this "
                        f"interview uses all {started.drawn} (you asked for {started.asked})."
                    )
                interview = started.interview
                return redirect(
                    url_for("interview.question", interview_id=interview.id, position=1)
                )
    elif form.errors:
        status = 422

    def fields() -> Markup:
        return Markup(
            render_template(
                "interview/_start_fields.html",
                form=form,
                seconds_per_question=service.SECONDS_PER_QUESTION,
            )
        )

    if request.method == "GET":  # the same for every learner ticking the same banks
        fields_html = shared_part("interview start fields", tuple(form.banks.data), stamp, fields)
    else:  # what was sent, with its errors
        fields_html = fields()
    return render_template(
        "interview/start.html",
        form=form,
        fields=fields_html,
        banks=banks,
        active=active,
        conflict=conflict,
        remaining=service.remaining_seconds(active, clock) if active else 0,
        question_count=(
            state.question_count
            if state is not None
            else (service.question_count(db.session, active) if active else 0)
        ),
    ), status


@bp.post("/<id:interview_id>/abandon")
@login_required
def abandon(interview_id: int):
    interview = own_or_404(interview_id)
    if expired_now(interview):
        return elsewhere(interview)
    if service.abandon(db.session, interview, service.now()):
        flash("Interview abandoned. You can start a new one.")
    return redirect(url_for("interview.start"))


# -------------------------------------------------------------------------------- run


@bp.get("/<id:interview_id>")
@login_required
def resume(interview_id: int):
    interview = own_or_404(interview_id)
    expired_now(interview)
    if interview.state != InterviewState.IN_PROGRESS:
        return elsewhere(interview)
    return redirect(
        url_for(
            "interview.question", interview_id=interview.id, position=interview.current_position
        )
    )


@bp.get("/<id:interview_id>/q/<int:position>")
@login_required
def question(interview_id: int, position: int):
    # read as plain values in one statement (see quiz/interview/page.py)
    page = question_page(db.session, current_user.id, interview_id, position)
    if page is None:
        abort(404)  # someone else's interview, or no such question in it
    interview = page.interview
    if interview.state != InterviewState.IN_PROGRESS:
        return elsewhere(interview)
    if service.now() >= interview.deadline:  # rare: the ORM interview, to finish it
        expiring = own_or_404(interview_id)
        if expired_now(expiring) or expiring.state != InterviewState.IN_PROGRESS:
            return elsewhere(expiring)
    clock = service.now()
    service.move_to(db.session, interview, position)
    item, question = page.item, page.question
    return render_template(
        "interview/question.html",
        interview=interview,
        item=item,
        question=question,
        total=page.total,
        answered=page.answered,
        text=item.answer if isinstance(item.answer, str) else "",
        autosaved=item.autosaved,
        options=service.options_in_order(question.options_html, item.option_order),
        picked=service.positions_of(item.answer, item.option_order),
        remaining=service.remaining_seconds(interview, clock),
        shown=shown_token(interview, position, clock),
    )


def posted_response(item: InterviewItem) -> tuple[list[int] | str, str | None]:
    """The answer in the posted form, and why it cannot be taken (or None)."""
    if item.question.kind in CHOICE_KINDS:
        return shown_positions_to_indices(item, request.form.getlist("choice")), None
    response = request.form.get("answer", "").strip()
    return response, typed_answer_problem(response, required=False)  # empty clears it


@bp.post("/<id:interview_id>/q/<int:position>")
@login_required
def save(interview_id: int, position: int):
    interview = own_or_404(interview_id)
    item = item_or_404(interview, position)
    if interview.state != InterviewState.IN_PROGRESS:
        flash("This interview is already over, so nothing was saved.")
        return elsewhere(interview)
    action = request.form.get("action", "next")
    response, problem = posted_response(item)
    if problem:
        flash(f"{problem} Nothing was saved.", "error")
        return redirect(url_for("interview.question", interview_id=interview.id, position=position))
    shown_at = shown_at_from(request.form.get("shown"), interview, position)
    outcome = retry_when_locked(
        db.session,
        lambda: service.save_answer(
            db.session,
            interview,
            item,
            response,
            shown_at,
            service.now(),
            keep_answer=action == "skip",
        ),
    )
    if outcome == service.Saved.LATE:
        flash(
            f"Time ran out at {localtime(interview.deadline, '%H:%M:%S')}: this answer arrived "
            "after the deadline and was not saved. The interview was finished with the answers "
            "saved before.",
            "error",
        )
        return elsewhere(interview)
    if outcome != service.Saved.SAVED:
        flash("This interview is already over, so nothing was saved.")
        return elsewhere(interview)
    total = len(interview.items)
    target = request.form.get("goto", type=database_int)
    if target is None or not 1 <= target <= total:
        if action == "finish":
            return finish_or_confirm(interview, confirmed=False)
        if action == "prev":
            target = max(1, position - 1)
        elif position < total:
            target = position + 1
        else:
            return redirect(url_for("interview.finish", interview_id=interview.id))
    service.move_to(db.session, interview, target)
    return redirect(url_for("interview.question", interview_id=interview.id, position=target))


# ------------------------------------------------------------------------------ finish


def finish_or_confirm(interview: Interview, confirmed: bool):
    """Finish now when nothing is unanswered or the learner confirmed; else ask first."""
    if service.unanswered_count(interview) and not confirmed:
        return redirect(url_for("interview.finish", interview_id=interview.id))
    if service.finish(db.session, interview, service.now()):
        flash("Interview finished. Here is your report.")
    return redirect(url_for("interview.report", interview_id=interview.id))


def confirm_page(interview: Interview):
    items = interview.items
    return render_template(
        "interview/finish.html",
        interview=interview,
        total=len(items),
        unanswered=[i for i in items if not service.is_answered(i)],
        remaining=service.remaining_seconds(interview, service.now()),
    )


@bp.get("/<id:interview_id>/finish")
@login_required
def finish(interview_id: int):
    interview = own_or_404(interview_id)
    if expired_now(interview) or interview.state != InterviewState.IN_PROGRESS:
        return elsewhere(interview)
    return confirm_page(interview)


@bp.post("/<id:interview_id>/finish")
@login_required
def finish_post(interview_id: int):
    interview = own_or_404(interview_id)
    if expired_now(interview):
        return elsewhere(interview)
    if interview.state != InterviewState.IN_PROGRESS:
        flash("This interview was already finished.")
        return elsewhere(interview)
    if service.unanswered_count(interview) and request.form.get("confirm") != "1":
        return confirm_page(interview)
    return finish_or_confirm(interview, confirmed=True)


# ------------------------------------------------------------------------------ report


@bp.get("/<id:interview_id>/report")
@login_required
def report(interview_id: int):
    interview = own_or_404(interview_id)
    expired_now(interview)
    if interview.state == InterviewState.IN_PROGRESS:
        return redirect(url_for("interview.resume", interview_id=interview.id))
    if interview.state == InterviewState.ABANDONED:
        return elsewhere(interview)
    return render_template(
        "interview/report.html",
        interview=interview,
        report=results.build_report(db.session, interview),
    )


@bp.post("/<id:interview_id>/rate/<int:position>")
@login_required
def rate(interview_id: int, position: int):
    interview = own_or_404(interview_id)
    found = results.attempt_for_position(db.session, interview, position)
    if found is None or found[0].question.kind != "open":
        abort(404)
    _, attempt = found
    rating = request.form.get("rating", type=database_int)
    if rating not in RATING_LABELS:
        flash("Choose Again, Hard, Good or Easy.", "error")
    elif rate_attempt(db.session, attempt, rating, service.now()):
        flash(f"Question {position} rated “{RATING_LABELS[rating]}”.")
    else:
        flash("You already rated this answer.")
    return redirect(
        url_for("interview.report", interview_id=interview_id, _anchor=f"item-{position}")
    )


# ----------------------------------------------------------------------------- history


@bp.get("/history")
@login_required
def history():
    rows = results.history(db.session, current_user.id, service.now())
    points = [(localtime(when), score) for when, score in results.graded_scores(rows)]
    return render_template(
        "interview/history.html", rows=rows, chart=score_trend(points) if points else None
    )
