"""What to review next, and how much is due."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.database import FieldColumns
from quiz.models import Card, Question
from quiz.practice.scope import Scope, first_not, in_scope_bound, scope_params, scope_shape
from quiz.review.cards import card_state
from quiz.review.interview_date import (
    PLANNED_CARD_COLUMNS,
    SETTINGS_SUBQUERIES,
    Plan,
    PlannedCard,
    interview_plan,
    plan_for,
    planned_cards,
    settings_of,
)
from quiz.review.mastery import topic_masteries
from quiz.scheduling.readiness import due_at, due_first
from quiz.scheduling.schedule import retrievability

# built once per scope shape, with placeholders: user_id, now, skip_ids (questions a
# session must not ask again) and the scope's params
OWN_CARD = (Card.question_id == Question.id) & (Card.user_id == sa.bindparam("user_id"))
NOT_SKIPPED = Question.id.not_in(sa.bindparam("skip_ids", expanding=True))


@cache
def _due(has_bank: bool, has_topic: bool) -> sa.Select:
    return (
        sa.select(Question)
        .join(Card, OWN_CARD)
        .where(Card.due <= sa.bindparam("now"), NOT_SKIPPED, *in_scope_bound(has_bank, has_topic))
        .order_by(Card.due, Question.position)
        .limit(2)
    )


@cache
def _unseen(has_bank: bool, has_topic: bool) -> sa.Select:
    return (
        sa.select(Question.id, Question.topic_id)
        .outerjoin(Card, OWN_CARD)
        .where(Card.id.is_(None), NOT_SKIPPED, *in_scope_bound(has_bank, has_topic))
        .order_by(Question.position)
    )


@cache
def _planned(has_bank: bool, has_topic: bool) -> sa.Select:
    """The scope's cards, as the interview date reads them."""
    return (
        sa.select(*PLANNED_CARD_COLUMNS)
        .join(Card, OWN_CARD)
        .where(*in_scope_bound(has_bank, has_topic))
        .order_by(Question.position, Question.id)
    )


def _planned_cards(session: Session, scope: Scope, params: dict) -> list[PlannedCard]:
    return planned_cards(session.connection().execute(_planned(*scope_shape(scope)), params))


def _planned_due(
    session: Session, plan: Plan, scope: Scope, params: dict, now: datetime
) -> list[PlannedCard]:
    cards = _planned_cards(session, scope, params)
    return due_first(
        cards, lambda c: c.state, lambda c: plan.settings.covers(c.bank_id), now, plan.window
    )


@cache
def _seen(has_bank: bool, has_topic: bool) -> sa.Select:
    return (
        sa.select(Question, Card)
        .join(Card, OWN_CARD)
        .where(NOT_SKIPPED, *in_scope_bound(has_bank, has_topic))
    )


def next_review_question(
    session: Session,
    user_id: int,
    scope: Scope,
    now: datetime,
    exclude_id: int | None = None,
    skip_ids: Collection[int] = (),
) -> Question | None:
    """Due cards first (most overdue first), then unseen questions of the weakest topics,
    never one of ``skip_ids`` (what a session has asked and got right).

    With an interview date ahead, its banks' cards are due by the date-aware schedule
    (:mod:`quiz.scheduling.readiness`: intervals capped to end in its final days, and
    in those days the lowest predicted recall on the day first).
    A drill also falls back to the topic's least well remembered question, so it has
    something to ask while the topic has questions not skipped.
    """
    shape = scope_shape(scope)
    params = {"user_id": user_id, "now": now, "skip_ids": list(skip_ids), **scope_params(scope)}
    plan = interview_plan(session, user_id, now)
    if plan is None:
        due = list(session.scalars(_due(*shape), params))
        if due:
            return first_not(due, exclude_id)
    else:
        skipped = set(skip_ids)
        due_cards = _planned_due(session, plan, scope, params, now)
        planned = [card for card in due_cards if card.id not in skipped]
        if planned:
            return session.get(Question, first_not(planned, exclude_id).id)

    unseen = session.execute(_unseen(*shape), params).all()
    if unseen:
        bank_ids = None if scope.bank_id is None else {scope.bank_id}
        # new questions go first to the topics least mastered (never started counts 0)
        by_mastery = sorted(
            topic_masteries(session, user_id, now, bank_ids), key=lambda t: (t.mastery, -t.due)
        )
        rank = {t.topic_id: i for i, t in enumerate(by_mastery)}
        ranked = sorted(unseen, key=lambda row: rank.get(row.topic_id, len(rank)))
        # an open question answered but not yet self-rated has no card: don't loop on it
        return session.get(Question, first_not(ranked, exclude_id).id)

    if scope.mode == "drill":
        seen = session.execute(_seen(*shape), params).all()
        weakest = sorted(seen, key=lambda row: retrievability(card_state(row.Card), now))
        return first_not([row.Question for row in weakest[:2]], exclude_id)
    return None


@dataclass
class QueueStatus:
    due_now: int
    due_today: int
    next_due: datetime | None


_NOW = sa.bindparam("now", type_=Card.due.type)
QUEUE_STATUS_COLUMNS = FieldColumns(
    QueueStatus,
    due_now=sa.func.count(Card.id).filter(Card.due <= _NOW),
    due_today=sa.func.count(Card.id).filter(Card.due <= sa.bindparam("end_of_today")),
    next_due=sa.func.min(Card.due).filter(Card.due > _NOW),
)


def queue_status(
    session: Session, user_id: int, now: datetime, end_of_today: datetime, scope: Scope
) -> QueueStatus:
    """Counts of due cards now and by the end of the learner's day, and the next due time
    (by the date-aware schedule while an interview date is ahead)."""
    params = {"user_id": user_id, "now": now, "end_of_today": end_of_today, **scope_params(scope)}
    # the counts and the learner's interview settings in one statement (one row always)
    row = session.connection().execute(_queue_status(*scope_shape(scope)), params).one()
    plan = plan_for(settings_of(*row[-len(SETTINGS_SUBQUERIES) :]), now)
    if plan is not None:
        times = [
            due_at(c.state, plan.settings.covers(c.bank_id), now, plan.window)
            for c in _planned_cards(session, scope, params)
        ]
        later = [t for t in times if t > now]
        return QueueStatus(
            due_now=len(times) - len(later),
            due_today=sum(t <= end_of_today for t in times),
            next_due=min(later, default=None),
        )
    return QUEUE_STATUS_COLUMNS.read(row)


@cache
def _queue_status(has_bank: bool, has_topic: bool) -> sa.Select:
    return (
        sa.select(*QUEUE_STATUS_COLUMNS, *SETTINGS_SUBQUERIES)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == sa.bindparam("user_id"), *in_scope_bound(has_bank, has_topic))
    )
