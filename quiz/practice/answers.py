"""Answers: checking what was posted, grading it, storing exactly one attempt per
served question and feeding the learner's card. Views call these; no request objects.

The answer POST is one call, :func:`record_answer`, which reads the served question,
checks the response, grades and stores it and reviews the card in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.banks.model import CHOICE_KINDS
from quiz.banks.model import Question as QuestionSpec
from quiz.config import model_grader_settings
from quiz.database import commit_keeping_loaded, retry_when_locked
from quiz.models import (
    Attempt,
    Question,
    ServedQuestion,
    utcnow,
)
from quiz.practice.feedback import (
    MarkedOption,
    MultipleSelectScore,
    mark_options,
    multiple_select_breakdown,
)
from quiz.practice.rubric import Checklist, build_checklist
from quiz.practice.serving import QuestionView, ShownQuestion, served_for_answer
from quiz.review.cards import StoredAttempt, review_attempt
from quiz.scheduling.schedule import AGAIN
from quiz.scoring import correct_answers
from quiz.scoring.model_grader import grade_response

OPTION_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII only: "²".isdigit() is True
MAX_ANSWER_CHARS = 20_000  # a long interview answer fits; a pasted book does not


def typed_answer_problem(text: str, required: bool = True) -> str | None:
    """Why a typed answer cannot be taken as it is, or None when it can."""
    if required and not text:
        return "Type an answer before submitting."
    if len(text) > MAX_ANSWER_CHARS:
        return f"Answers are limited to {MAX_ANSWER_CHARS:,} characters; yours has {len(text):,}."
    return None


ATTEMPT_FOR = sa.select(Attempt).where(Attempt.served_id == sa.bindparam("served_id"))


def attempt_for(session: Session, served: ServedQuestion | ShownQuestion) -> Attempt | None:
    return session.scalar(ATTEMPT_FOR, {"served_id": served.id})


def is_stale(served: ServedQuestion | ShownQuestion) -> bool:
    """The question was retired or edited after it was shown."""
    question = served.question
    return question.retired or question.content_hash != served.content_hash


class ShownOptions(Protocol):
    """Anything that remembers the option order a learner saw (practice or interview)."""

    option_order: list[int]


def shown_positions_to_indices(shown: ShownOptions, positions: list[str]) -> list[int]:
    """Map the 1-based positions the learner saw to option indices in file order."""
    indices = []
    for raw in positions:
        if OPTION_NUMBER.fullmatch(raw) and 1 <= int(raw) <= len(shown.option_order):
            indices.append(shown.option_order[int(raw) - 1])
    return sorted(set(indices))


def snapshot(question: Question, spec: QuestionSpec) -> dict[str, Any]:
    """What the learner was graded against, kept with the attempt so its result page
    still shows that after the bank is edited."""
    return {
        "kind": question.kind,
        "content_hash": question.content_hash,
        "options_html": list(question.options_html),
        "correct": [i for i, option in enumerate(spec.options) if option.correct],
        "accepted": correct_answers(spec) if question.kind == "short" else [],
        "key_points": [list(p) for p in spec.key_points],
        # open: the rubric's wrong claims and their cap, for the checklist
        "misconceptions": [
            {"phrasings": list(m.phrasings), "why_md": m.why_md} for m in spec.misconceptions
        ],
        "misconception_cap": spec.misconception_cap,
    }


def graded_attempt(
    question: Question | QuestionView,
    response: list[int] | str,
    option_order: list[int],
    extra_detail: dict[str, Any] | None = None,
    *,
    ask_model: bool = True,
    **fields: Any,
) -> Attempt:
    """Grade ``response`` and build its Attempt; the caller adds who, when and how."""
    return Attempt(
        **graded_values(
            question, response, option_order, extra_detail, ask_model=ask_model, **fields
        )
    )


def graded_values(
    question: Question | QuestionView,
    response: list[int] | str,
    option_order: list[int],
    extra_detail: dict[str, Any] | None = None,
    *,
    ask_model: bool = True,
    **fields: Any,
) -> dict[str, Any]:
    """:func:`graded_attempt` as the columns of the Attempt row.

    An open answer goes to the model grader when one is configured (else, or when it
    gives no verdict, the key-point grader scores it). ``ask_model=False`` uses only
    verdicts already cached (see ``model_grader.prefetch``), never waiting on the model.
    """
    spec = question.to_spec()
    result = grade_response(spec, response, model_grader_settings(), fetch=ask_model)
    detail = {
        **result.detail(),
        "option_order": option_order,
        "shown": snapshot(question, spec),
        **(extra_detail or {}),
    }
    return {
        "question_id": question.id,
        "answer": response,
        "score": result.score,
        "verdict": result.verdict,
        "detail": detail,
        **fields,
    }


@dataclass
class AnswerView:
    """An answered question as the result pages show it."""

    kind: str
    picked_html: list[str]
    right_html: list[str]
    accepted: list[str]
    key_points: list[tuple[list[str], bool]]
    text: str
    changed: bool  # the question was edited after it was answered
    options: list[MarkedOption] = field(default_factory=list)  # choice kinds, as shown
    scored_by: str = ""  # open: "the key-point grader" or "the model grader (NAME)"
    point_reasons: list[str] = field(default_factory=list)  # open, model: one per key point
    # an open answer's rubric check the learner may correct (given its attempt)
    checklist: Checklist | None = None

    @property
    def multiple_score(self) -> MultipleSelectScore | None:
        """How a multiple-select answer was scored (None for other kinds, or no pick)."""
        if self.kind != "multiple" or not self.picked_html:
            return None
        return multiple_select_breakdown(self.options)


def scored_by(name: object) -> str:
    """Which grader scored an open answer, in words, from ``Grade.grader`` as stored;
    attempts stored before the model grader existed (no name) were scored by key points."""
    if isinstance(name, str) and name.startswith("model: "):
        return f"the model grader ({name.removeprefix('model: ')})"
    return "the key-point grader"


def answer_view(
    question: Question, answer: Any, detail: dict[str, Any], attempt: Attempt | None = None
) -> AnswerView:
    """The learner's answer against the right one, as the question was when answered;
    with ``attempt``, an open answer's checklist too (see quiz/practice/rubric.py)."""
    shown = detail.get("shown") or snapshot(question, question.to_spec())
    if "misconceptions" not in shown and shown["content_hash"] == question.content_hash:
        # a snapshot from before misconceptions were kept: the question is unchanged
        current = snapshot(question, question.to_spec())
        shown = {**shown, **{k: current[k] for k in ("misconceptions", "misconception_cap")}}
    options = shown["options_html"]
    picked = answer if shown["kind"] in CHOICE_KINDS and isinstance(answer, list) else []
    covered = set(detail.get("covered", []))
    return AnswerView(
        kind=shown["kind"],
        picked_html=[options[i] for i in picked if isinstance(i, int) and 0 <= i < len(options)],
        right_html=[options[i] for i in shown["correct"] if 0 <= i < len(options)],
        accepted=shown["accepted"],
        key_points=[(p, i in covered) for i, p in enumerate(shown["key_points"])],
        text=answer if isinstance(answer, str) else "",
        changed=shown["content_hash"] != question.content_hash,
        options=mark_options(options, detail.get("option_order", []), picked, shown["correct"])
        if shown["kind"] in CHOICE_KINDS
        else [],
        scored_by=scored_by(detail.get("grader")) if shown["kind"] == "open" else "",
        point_reasons=[r if isinstance(r, str) else "" for r in detail.get("point_reasons", [])],
        checklist=build_checklist(
            attempt.id,
            answer,
            attempt.score,
            detail,
            shown,
            attempt.corrected_checklist,
            attempt.corrected_score,
            attempt.corrected_at,
            attempt.overridden_at is not None,
        )
        if attempt is not None and has_checklist(shown["kind"], answer)
        else None,
    )


def has_checklist(kind: str, answer: Any) -> bool:
    """Only a typed open answer has a checklist ("I don't know" said nothing to check)."""
    return kind == "open" and isinstance(answer, str) and answer != ""


INSERT_ATTEMPT = sa.insert(Attempt.__table__)


RECORDED = "recorded"
ALREADY_RECORDED = "already recorded"
STALE = "stale"  # the question was edited or retired after it was shown
INVALID = "invalid"  # nothing to record: ``problem`` says what to fix


@dataclass(frozen=True)
class AnswerOutcome:
    """What became of a posted answer: ``status`` is one of the four above."""

    status: str
    served: ShownQuestion
    attempt_id: int | None = None  # recorded, or already recorded
    problem: str | None = None  # invalid


def posted_response(
    served: ShownQuestion, dont_know: bool, positions: list[str], text: str
) -> tuple[list[int] | str, str | None]:
    """The response a form posted, in the grader's terms, and why it cannot be taken
    (None when it can). "I don't know" is an empty response: a wrong attempt."""
    choice = served.question.kind in CHOICE_KINDS
    if dont_know:
        return ([] if choice else ""), None
    if choice:
        indices = shown_positions_to_indices(served, positions)
        return indices, None if indices else "Pick an answer before submitting."
    typed = text.strip()
    return typed, typed_answer_problem(typed)


def record_answer(
    session: Session,
    user_id: int,
    token: str,
    *,
    dont_know: bool,
    positions: list[str],
    text: str,
    now: datetime | None = None,
) -> AnswerOutcome | None:
    """Record the answer posted through the served question ``token`` names (None when
    it names none of this learner's): graded, stored and its card reviewed in one
    transaction, retried when SQLite stayed locked. "I don't know" on an open question
    is rated Again in that same transaction (there is nothing to self-rate)."""
    found = served_for_answer(session, user_id, token)
    if found is None:
        return None
    served, existing_id = found
    if existing_id is not None:
        return AnswerOutcome(ALREADY_RECORDED, served, existing_id)
    if is_stale(served):
        return AnswerOutcome(STALE, served)
    response, problem = posted_response(served, dont_know, positions, text)
    if problem is not None:
        return AnswerOutcome(INVALID, served, problem=problem)
    rating = AGAIN if dont_know and served.question.kind == "open" else None
    attempt_id = retry_when_locked(
        session, lambda: store_attempt(session, served, response, now, self_rating=rating)
    )
    return AnswerOutcome(RECORDED, served, attempt_id)


def store_attempt(
    session: Session,
    served: ServedQuestion | ShownQuestion,
    response: list[int] | str,
    now: datetime | None = None,
    self_rating: int | None = None,
) -> int:
    """Grade, store and review the card in one transaction; the attempt's id. Exactly
    one attempt per served question: the caller checks for one first (a double click,
    the back button), and should one be stored meanwhile (the same token submitted
    concurrently, or before a retry), the unique served_id refuses this one and the
    first one's id is returned. ``self_rating``: a rating known at once ("I don't know"
    on an open question is Again), reviewed with the attempt.
    """
    now = now or utcnow()
    question = served.question
    values = graded_values(
        question,
        response,
        served.option_order,
        user_id=served.user_id,
        served_id=served.id,
        mode=served.mode,
        self_rating=self_rating,
        time_taken_ms=max(0, int((now - served.served_at).total_seconds() * 1000)),
        created_at=now,
    )
    try:
        inserted = session.connection().execute(INSERT_ATTEMPT, values)
        stored = StoredAttempt(
            inserted.inserted_primary_key[0],
            values["user_id"],
            values["question_id"],
            values["score"],
            self_rating,
            values["time_taken_ms"],
        )
        review_attempt(session, stored, question.kind, now)
        commit_keeping_loaded(session)
    except sa.exc.IntegrityError:  # the same token submitted concurrently: keep the first
        session.rollback()
        existing = attempt_for(session, served)
        if existing is None:
            raise
        return existing.id
    return stored.id


def rate_attempt(
    session: Session,
    attempt: Attempt,
    rating: int,
    now: datetime | None = None,
    by_default: bool = False,
) -> bool:
    """Store a self-rating once and review the card with it; a second rating changes nothing.

    Only open questions are self-rated: the others were rated from their score.
    ``by_default``: the learner moved on without rating, so the rating is the page's
    default from the score, and a corrected checklist re-rates it later.
    """
    if attempt.question.kind != "open":
        return False
    updated = session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.self_rating.is_(None))
        .values(self_rating=rating, rated_by_default=by_default)
    ).rowcount
    if updated == 1:
        session.refresh(attempt)
        newer = session.scalar(
            sa.select(Attempt.id).where(
                Attempt.user_id == attempt.user_id,
                Attempt.question_id == attempt.question_id,
                Attempt.created_at > attempt.created_at,
            )
        )
        if newer is None:  # a late rating of an old attempt must not undo newer reviews
            review_attempt(session, attempt, attempt.question.kind, now or utcnow())
    session.commit()
    return updated == 1
