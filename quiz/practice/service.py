"""Serving questions and recording answers. Views call these; no request objects here."""

from __future__ import annotations

import random
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager

from quiz.banks.model import Question as QuestionSpec
from quiz.database import commit_keeping_loaded
from quiz.models import Attempt, Question, ServedQuestion, utcnow
from quiz.practice.feedback import MarkedOption, mark_options
from quiz.review.cards import review_attempt
from quiz.review.queue import next_review_question
from quiz.scoring import correct_answers, grade
from quiz.serving import Scope, equals_or_null, first_not, in_scope

CHOICE_KINDS = frozenset({"single", "multiple"})
OPTION_NUMBER = re.compile(r"[0-9]{1,3}")  # ASCII only: "²".isdigit() is True
MAX_ANSWER_CHARS = 5000  # a long interview answer fits; a pasted book does not


def typed_answer_problem(text: str, required: bool = True) -> str | None:
    """Why a typed answer cannot be taken as it is, or None when it can."""
    if required and not text:
        return "Type an answer before submitting."
    if len(text) > MAX_ANSWER_CHARS:
        return f"Answers are limited to {MAX_ANSWER_CHARS:,} characters; yours has {len(text):,}."
    return None


def practice_order(user_id: int, scope: Scope) -> sa.Select:
    """The scope's questions: unseen first, then the weakest and least recent seen ones.

    Unseen questions take turns across topics (each topic's first, then each one's
    second, ...), so a topic made of one big table does not come as dozens in a row.
    """
    turn_in_topic = sa.func.row_number().over(
        partition_by=Question.topic_id, order_by=Question.position
    )
    stats = (
        sa.select(
            Attempt.question_id,
            sa.func.max(Attempt.created_at).label("last_at"),
            sa.func.avg(Attempt.score).label("mean_score"),
        )
        .where(Attempt.user_id == user_id)
        .group_by(Attempt.question_id)
        .subquery()
    )
    return (
        sa.select(Question)
        .outerjoin(stats, stats.c.question_id == Question.id)
        .where(*in_scope(scope))
        .order_by(
            stats.c.last_at.is_not(None),
            sa.func.coalesce(stats.c.mean_score, 0),
            stats.c.last_at,
            turn_in_topic,
            Question.position,
        )
    )


def next_question(
    session: Session, user_id: int, scope: Scope, exclude_id: int | None = None
) -> Question | None:
    """The first question in :func:`practice_order` other than the one just answered."""
    stmt = practice_order(user_id, scope).limit(2)
    return first_not(list(session.scalars(stmt)), exclude_id)


def pick_next(
    session: Session, user_id: int, scope: Scope, now: datetime, exclude_id: int | None = None
) -> Question | None:
    """The next question for the scope's mode (practice order, or the review queue)."""
    if scope.mode == "practice":
        return next_question(session, user_id, scope, exclude_id)
    return next_review_question(session, user_id, scope, now, exclude_id)


def pending_served(session: Session, user_id: int, scope: Scope) -> ServedQuestion | None:
    """The question already on screen for this scope, so a reload shows it again unchanged."""
    return latest_unanswered(
        session,
        ServedQuestion.user_id == user_id,
        ServedQuestion.mode == scope.mode,
        equals_or_null(ServedQuestion.bank_id, scope.bank_id),
        equals_or_null(ServedQuestion.topic_id, scope.topic_id),
    )


def latest_unanswered(
    session: Session, *conditions: sa.ColumnElement[bool]
) -> ServedQuestion | None:
    """The newest served question matching ``conditions`` that is not answered yet and
    is still live as it was shown (an edited or retired question is not served again)."""
    return session.scalar(
        sa.select(ServedQuestion)
        .join(Question, Question.id == ServedQuestion.question_id)
        .outerjoin(Attempt, Attempt.served_id == ServedQuestion.id)
        .where(
            *conditions,
            Attempt.id.is_(None),
            ~Question.retired,
            ServedQuestion.content_hash == Question.content_hash,
        )
        .order_by(ServedQuestion.served_at.desc())
        .limit(1)
        # the page shows the question with its bank and topic: one query, not four
        .options(
            contains_eager(ServedQuestion.question).joinedload(Question.bank),
            contains_eager(ServedQuestion.question).joinedload(Question.topic),
        )
    )


def serve(
    session: Session,
    user_id: int,
    question: Question,
    scope: Scope,
    now: datetime | None = None,
    session_id: int | None = None,
) -> ServedQuestion:
    """Record that ``question`` is shown, with a one-time token and its option order."""
    order = list(range(len(question.options_html)))
    if question.kind in CHOICE_KINDS:
        random.shuffle(order)
    served = ServedQuestion(
        token=secrets.token_urlsafe(32),
        user_id=user_id,
        question=question,  # not only its id: the page shows it next without reading it again
        content_hash=question.content_hash,
        option_order=order,
        mode=scope.mode,
        bank_id=scope.bank_id,
        topic_id=scope.topic_id,
        served_at=now or utcnow(),
        session_id=session_id,
    )
    session.add(served)
    commit_keeping_loaded(session)  # the page shows it next, with its question
    return served


def find_served(session: Session, user_id: int, token: str) -> ServedQuestion | None:
    """A token only works for the learner it was served to."""
    return session.scalar(
        sa.select(ServedQuestion).where(
            ServedQuestion.token == token, ServedQuestion.user_id == user_id
        )
    )


def attempt_for(session: Session, served: ServedQuestion) -> Attempt | None:
    return session.scalar(sa.select(Attempt).where(Attempt.served_id == served.id))


def is_stale(served: ServedQuestion) -> bool:
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
    }


def graded_attempt(
    question: Question,
    response: list[int] | str,
    option_order: list[int],
    extra_detail: dict[str, Any] | None = None,
    **fields: Any,
) -> Attempt:
    """Grade ``response`` and build its Attempt; the caller adds who, when and how."""
    spec = question.to_spec()
    result = grade(spec, response)
    detail = {
        **result.detail(),
        "option_order": option_order,
        "shown": snapshot(question, spec),
        **(extra_detail or {}),
    }
    return Attempt(
        question_id=question.id,
        answer=response,
        score=result.score,
        verdict=result.verdict,
        detail=detail,
        **fields,
    )


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


def answer_view(question: Question, answer: Any, detail: dict[str, Any]) -> AnswerView:
    """The learner's answer against the right one, as the question was when answered."""
    shown = detail.get("shown") or snapshot(question, question.to_spec())
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
    )


def record_attempt(
    session: Session, served: ServedQuestion, response: list[int] | str, now: datetime | None = None
) -> Attempt:
    """Grade and store exactly one attempt per served question.

    A second submit of the same token (double click, back button, replayed form)
    returns the first attempt unchanged.
    """
    existing = attempt_for(session, served)
    if existing is not None:
        return existing
    now = now or utcnow()
    question = served.question
    attempt = graded_attempt(
        question,
        response,
        served.option_order,
        user_id=served.user_id,
        served_id=served.id,
        mode=served.mode,
        time_taken_ms=max(0, int((now - served.served_at).total_seconds() * 1000)),
        created_at=now,
    )
    session.add(attempt)
    try:
        session.flush()
        review_attempt(session, attempt, question.kind, now)
        commit_keeping_loaded(session)  # the caller reads the attempt it just stored
    except sa.exc.IntegrityError:  # the same token submitted concurrently: keep the first
        session.rollback()
        existing = attempt_for(session, served)
        if existing is None:
            raise
        return existing
    return attempt


def rate_attempt(
    session: Session, attempt: Attempt, rating: int, now: datetime | None = None
) -> bool:
    """Store a self-rating once and review the card with it; a second rating changes nothing.

    Only open questions are self-rated: the others were rated from their score.
    """
    if attempt.question.kind != "open":
        return False
    updated = session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.self_rating.is_(None))
        .values(self_rating=rating)
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
