"""What to review next, and how much is due."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Card, Question
from quiz.review.cards import card_state
from quiz.review.mastery import topic_masteries
from quiz.scheduling import retrievability
from quiz.serving import Scope, first_not, in_scope


def next_review_question(
    session: Session, user_id: int, scope: Scope, now: datetime, exclude_id: int | None = None
) -> Question | None:
    """Due cards first (most overdue first), then unseen questions of the weakest topics.

    A drill also falls back to the topic's least well remembered question, so it always
    has something to ask while the topic has questions.
    """
    own_card = (Card.question_id == Question.id) & (Card.user_id == user_id)
    due = list(
        session.scalars(
            sa.select(Question)
            .join(Card, own_card)
            .where(Card.due <= now, *in_scope(scope))
            .order_by(Card.due, Question.position)
            .limit(2)
        )
    )
    if due:
        return first_not(due, exclude_id)

    unseen = session.execute(
        sa.select(Question.id, Question.topic_id)
        .outerjoin(Card, own_card)
        .where(Card.id.is_(None), *in_scope(scope))
        .order_by(Question.position)
    ).all()
    if unseen:
        bank_ids = None if scope.bank_id is None else {scope.bank_id}
        rank = {
            t.topic_id: i for i, t in enumerate(topic_masteries(session, user_id, now, bank_ids))
        }
        ranked = sorted(unseen, key=lambda row: rank.get(row.topic_id, len(rank)))
        # an open question answered but not yet self-rated has no card: don't loop on it
        return session.get(Question, first_not(ranked, exclude_id).id)

    if scope.mode == "drill":
        seen = session.execute(
            sa.select(Question, Card).join(Card, own_card).where(*in_scope(scope))
        ).all()
        weakest = sorted(seen, key=lambda row: retrievability(card_state(row.Card), now))
        return first_not([row.Question for row in weakest[:2]], exclude_id)
    return None


@dataclass
class QueueStatus:
    due_now: int
    due_today: int
    next_due: datetime | None


def queue_status(
    session: Session, user_id: int, now: datetime, end_of_today: datetime, scope: Scope
) -> QueueStatus:
    """Counts of due cards now and by the end of the learner's day, and the next due time."""
    params = {"user_id": user_id, "now": now, "end_of_today": end_of_today}
    if scope.bank_id is not None:
        params["bank_id"] = scope.bank_id
    if scope.topic_id is not None:
        params["topic_id"] = scope.topic_id
    statement = _status_statement(scope.bank_id is not None, scope.topic_id is not None)
    due_now, due_today, next_due = session.connection().execute(statement, params).one()
    return QueueStatus(due_now, due_today, next_due)


@functools.cache
def _status_statement(by_bank: bool, by_topic: bool) -> sa.Select:
    """The status query of one scope shape, built once (building it cost more than running it).

    The same filters as :func:`quiz.serving.in_scope`, with placeholders for the ids.
    """
    scope = Scope(
        bank_id=sa.bindparam("bank_id") if by_bank else None,
        topic_id=sa.bindparam("topic_id") if by_topic else None,
    )
    now, end_of_today = sa.bindparam("now"), sa.bindparam("end_of_today")
    return (
        sa.select(
            sa.func.count(Card.id).filter(Card.due <= now),
            sa.func.count(Card.id).filter(Card.due <= end_of_today),
            sa.func.min(Card.due).filter(Card.due > now),
        )
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == sa.bindparam("user_id"), *in_scope(scope))
    )
