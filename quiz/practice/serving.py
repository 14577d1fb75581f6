"""Serving questions: the practice order, the question on screen, the served record, and
the bank or topic a URL names.

Views call these; no request objects here. Answers are graded and stored in
:mod:`quiz.practice.answers`.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from quiz.banks.model import CHOICE_KINDS
from quiz.banks.model import Question as QuestionSpec
from quiz.database import FieldColumns, commit_keeping_loaded
from quiz.models import (
    Attempt,
    AttemptSummary,
    Bank,
    Question,
    ServedQuestion,
    Topic,
    question_spec,
    utcnow,
)
from quiz.practice.scope import (
    Scope,
    in_scope_bound,
    scope_equals_bound,
    scope_params,
    scope_shape,
)
from quiz.practice.session_rules import first_other, practice_order
from quiz.review.queue import next_review_question


@cache
def scope_questions(has_bank: bool, has_topic: bool, live_topics_only: bool) -> sa.Select:
    """A scope's live questions with the learner's attempt summary of each, as
    :func:`~quiz.practice.session_rules.practice_order` orders them (only those of live
    topics with ``live_topics_only``). Built once per scope shape; run it with
    ``user_id`` and the scope's params.
    """
    # the learner's attempts per question, kept by triggers: grouping the history here
    # cost 0.3 ms at 1,000 attempts and grew with it
    stats = AttemptSummary
    stmt = (
        sa.select(
            Question.id,
            Question.topic_id,
            Question.position,
            sa.type_coerce(stats.last_at, sa.String),  # as stored: compared, not shown
            stats.score_sum / stats.attempts,
        )
        .outerjoin(
            stats,
            (stats.question_id == Question.id) & (stats.user_id == sa.bindparam("user_id")),
        )
        .where(*in_scope_bound(has_bank, has_topic))
    )
    if live_topics_only:
        stmt = stmt.join(Topic, Topic.id == Question.topic_id).where(~Topic.retired)
    return stmt


def questions_in_practice_order(
    session: Session, user_id: int, scope: Scope, live_topics_only: bool = False
) -> list[tuple[int, int]]:
    """The scope's questions (id, topic id) in practice order."""
    rows = session.connection().execute(
        scope_questions(*scope_shape(scope), live_topics_only),
        {"user_id": user_id, **scope_params(scope)},
    )
    return practice_order(rows.all())  # fetched at once: a sixth less than row by row


def next_question(
    session: Session, user_id: int, scope: Scope, exclude_id: int | None = None
) -> int | None:
    """The id of the first question in practice order other than the one just answered
    (unless it is the only one)."""
    return first_other(questions_in_practice_order(session, user_id, scope), exclude_id)


def pick_next(
    session: Session,
    user_id: int,
    scope: Scope,
    now: datetime,
    *,
    after: int | None = None,
    skip_ids: Collection[int] = (),
) -> int | None:
    """The id of the next question for the scope's mode (practice order, or the review
    queue, never one of ``skip_ids``), other than ``after``, the one just asked."""
    if scope.mode == "practice":
        return next_question(session, user_id, scope, after)
    question = next_review_question(session, user_id, scope, now, after, skip_ids)
    return question.id if question is not None else None


@dataclass(frozen=True)
class QuestionView:
    """A question as its practice page shows it and its answer is graded against it:
    plain values read as columns (no ORM object), with its bank's and topic's titles.

    ``spec`` is read only where an answer is graded (None on a page that only shows it).
    """

    id: int
    bank_id: int
    topic_id: int
    kind: str
    content_hash: str
    retired: bool
    prompt_html: str
    options_html: list[str]
    bank_title: str
    topic_title: str
    spec: dict[str, Any] | None = None

    def to_spec(self) -> QuestionSpec:
        assert self.spec is not None, "read with its spec to grade it"
        return question_spec(self.spec)


QUESTION_VIEW_COLUMNS = FieldColumns(
    QuestionView,
    prefix="q_",  # beside a served question's own id and content hash
    given=("spec",),
    id=Question.id,
    bank_id=Question.bank_id,
    topic_id=Question.topic_id,
    kind=Question.kind,
    content_hash=Question.content_hash,
    retired=Question.retired,
    prompt_html=Question.prompt_html,
    options_html=Question.options_html,
    bank_title=Bank.title,
    topic_title=Topic.title,
)


@dataclass(frozen=True)
class ShownQuestion:
    """A served question (its one-time token and the option order shown) with its
    question, as plain values: what the question page shows and an answer is recorded
    against."""

    id: int
    token: str
    user_id: int
    question_id: int
    content_hash: str  # the question as shown
    option_order: list[int]
    mode: str
    bank_id: int | None
    topic_id: int | None
    session_id: int | None
    served_at: datetime
    question: QuestionView

    @property
    def scope(self) -> Scope:
        return Scope(self.bank_id, self.topic_id, self.mode)


SHOWN_COLUMNS = FieldColumns(
    ShownQuestion,
    given=("question",),
    id=ServedQuestion.id,
    token=ServedQuestion.token,
    user_id=ServedQuestion.user_id,
    question_id=ServedQuestion.question_id,
    content_hash=ServedQuestion.content_hash,
    option_order=ServedQuestion.option_order,
    mode=ServedQuestion.mode,
    bank_id=ServedQuestion.bank_id,
    topic_id=ServedQuestion.topic_id,
    session_id=ServedQuestion.session_id,
    served_at=ServedQuestion.served_at,
)


def _shown(row: sa.Row, spec: dict[str, Any] | None = None) -> ShownQuestion:
    """A row with SHOWN_COLUMNS and QUESTION_VIEW_COLUMNS as a ShownQuestion."""
    return SHOWN_COLUMNS.read(row, question=QUESTION_VIEW_COLUMNS.read(row, spec=spec))


def _with_question(stmt: sa.Select) -> sa.Select:
    """A select of SHOWN_COLUMNS joined to its question, with the question's bank and topic."""
    return (
        stmt.join(Question, Question.id == ServedQuestion.question_id)
        .join(Bank, Bank.id == Question.bank_id)
        .join(Topic, Topic.id == Question.topic_id)
    )


def shown_or_none(row: sa.Row) -> ShownQuestion | None:
    """:func:`_shown` of outer-joined columns, None where no served question matched."""
    return None if SHOWN_COLUMNS.is_null(row) else _shown(row)


def _unanswered_live(served, question, attempt) -> tuple[sa.ColumnElement[bool], ...]:
    """A served question not answered yet (``attempt`` outer-joined on it) and still live
    as it was shown (an edited or retired question is not served again)."""
    return (
        attempt.id.is_(None),
        ~question.retired,
        served.content_hash == question.content_hash,
    )


def _latest_unanswered(*conditions: sa.ColumnElement[bool]) -> sa.Select:
    """The newest served question matching ``conditions`` that is not answered yet and
    is still live as it was shown."""
    return (
        _with_question(sa.select(*SHOWN_COLUMNS, *QUESTION_VIEW_COLUMNS))
        .outerjoin(Attempt, Attempt.served_id == ServedQuestion.id)
        .where(*conditions, *_unanswered_live(ServedQuestion, Question, Attempt))
        .order_by(ServedQuestion.served_at.desc())
        .limit(1)
    )


def latest_unanswered_in(session_id: sa.ColumnElement[int]) -> sa.ScalarSelect[int]:
    """The id of the newest served question of the practice session ``session_id`` that
    is not answered yet and still live as shown: a subquery for a statement reading the
    session (its own names are aliases, so it never correlates with the outer ones)."""
    served = aliased(ServedQuestion)
    question = aliased(Question)
    attempt = aliased(Attempt)
    return (
        sa.select(served.id)
        .join(question, question.id == served.question_id)
        .outerjoin(attempt, attempt.served_id == served.id)
        .where(served.session_id == session_id, *_unanswered_live(served, question, attempt))
        .order_by(served.served_at.desc())
        .limit(1)
        .scalar_subquery()
    )


@cache
def _pending_in_scope(has_bank: bool, has_topic: bool) -> sa.Select:
    return _latest_unanswered(
        ServedQuestion.user_id == sa.bindparam("user_id"),
        *scope_equals_bound(ServedQuestion, has_bank, has_topic),
    )


def pending_served(session: Session, user_id: int, scope: Scope) -> ShownQuestion | None:
    """The question already on screen for this scope, so a reload shows it again unchanged."""
    row = (
        session.connection()
        .execute(
            _pending_in_scope(*scope_shape(scope)), {"user_id": user_id, **scope_params(scope)}
        )
        .first()
    )
    return _shown(row) if row is not None else None


QUESTION_VIEW = (
    sa.select(*QUESTION_VIEW_COLUMNS)
    .join(Bank, Bank.id == Question.bank_id)
    .join(Topic, Topic.id == Question.topic_id)
    .where(Question.id == sa.bindparam("question_id"))
)


def question_view(session: Session, question_id: int) -> QuestionView | None:
    row = session.connection().execute(QUESTION_VIEW, {"question_id": question_id}).first()
    return QUESTION_VIEW_COLUMNS.read(row) if row is not None else None


def _served_values(
    user_id: int,
    question: QuestionView,
    scope: Scope,
    now: datetime | None,
    session_id: int | None,
) -> dict[str, Any]:
    """A new served question's columns: a one-time token and its option order."""
    order = list(range(len(question.options_html)))
    if question.kind in CHOICE_KINDS:
        random.shuffle(order)
    return {
        "token": secrets.token_urlsafe(32),
        "user_id": user_id,
        "question_id": question.id,
        "content_hash": question.content_hash,
        "option_order": order,
        "mode": scope.mode,
        "bank_id": scope.bank_id,
        "topic_id": scope.topic_id,
        "served_at": now or utcnow(),
        "session_id": session_id,
    }


INSERT_SERVED = sa.insert(ServedQuestion.__table__)


def serve(
    session: Session,
    user_id: int,
    question: QuestionView,
    scope: Scope,
    now: datetime | None = None,
    session_id: int | None = None,
) -> ShownQuestion:
    """Record that ``question`` is shown, with a one-time token and its option order."""
    values = _served_values(user_id, question, scope, now, session_id)
    served_id = session.connection().execute(INSERT_SERVED, values).inserted_primary_key[0]
    commit_keeping_loaded(session)
    return ShownQuestion(id=served_id, **values, question=question)


SERVED_FOR_ANSWER = (
    _with_question(
        sa.select(
            *SHOWN_COLUMNS,
            *QUESTION_VIEW_COLUMNS,
            Question.spec.label("spec"),
            Attempt.id.label("attempt_id"),
        )
    )
    .outerjoin(Attempt, Attempt.served_id == ServedQuestion.id)
    .where(
        ServedQuestion.token == sa.bindparam("token"),
        ServedQuestion.user_id == sa.bindparam("user_id"),
    )
)


def served_for_answer(
    session: Session, user_id: int, token: str
) -> tuple[ShownQuestion, int | None] | None:
    """The served question a submitted token names, with its question to grade against,
    and the id of the attempt already recorded through it (None while unanswered).

    A token only works for the learner it was served to.
    """
    row = (
        session.connection()
        .execute(SERVED_FOR_ANSWER, {"token": token, "user_id": user_id})
        .first()
    )
    if row is None:
        return None
    return _shown(row, row.spec), row.attempt_id


@dataclass(frozen=True)
class Named:
    """A bank or topic as the question pages name it (read as columns)."""

    id: int
    slug: str
    title: str


BANK_NAMED = FieldColumns(Named, id=Bank.id, slug=Bank.slug, title=Bank.title)
TOPIC_NAMED = FieldColumns(Named, id=Topic.id, slug=Topic.slug, title=Topic.title)
BANK_BY_SLUG = sa.select(*BANK_NAMED).where(Bank.slug == sa.bindparam("slug"))
TOPIC_BY_SLUG = sa.select(*TOPIC_NAMED).where(
    Topic.bank_id == sa.bindparam("bank_id"), Topic.slug == sa.bindparam("slug"), ~Topic.retired
)


def bank_named(session: Session, slug: str) -> Named | None:
    row = session.connection().execute(BANK_BY_SLUG, {"slug": slug}).first()
    return BANK_NAMED.read(row) if row is not None else None


def topic_named(session: Session, bank_id: int, slug: str) -> Named | None:
    """A live topic of the bank, by its slug."""
    row = session.connection().execute(TOPIC_BY_SLUG, {"bank_id": bank_id, "slug": slug}).first()
    return TOPIC_NAMED.read(row) if row is not None else None
