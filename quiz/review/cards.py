"""Feeding attempts to the learner's fsrs cards (the schedule lives in quiz.scheduling.schedule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from quiz.database import FieldColumns
from quiz.models import Attempt, Card, ReviewLog, User
from quiz.scheduling.schedule import (
    AGAIN,
    CardState,
    ReviewRecord,
    after_rating,
    count_lapses,
    new_card,
    rating_for,
    replay,
    review,
)


def card_state(card: Card) -> CardState:
    return CardState(
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


@dataclass(frozen=True)
class StoredAttempt:
    """What reviewing a card reads of an attempt, for a caller that stored it as values."""

    id: int
    user_id: int
    question_id: int
    score: float
    self_rating: int | None
    time_taken_ms: int | None


Reviewable = Attempt | StoredAttempt  # a stored Attempt, or its values


# Prebuilt Core statements: a card is read, written and logged as columns, not loaded
# as an ORM object (the answer POST is hot). Placeholder names differ from the column
# names, which an UPDATE reserves for its SET clause.
CARD_STATE_COLUMNS = FieldColumns(
    CardState,
    state=Card.state,
    step=Card.step,
    stability=Card.stability,
    difficulty=Card.difficulty,
    due=Card.due,
    last_review=Card.last_review,
)
# with the learner's desired retention, which schedules the review
CARD_OF = (
    sa.select(
        Card.id,
        *CARD_STATE_COLUMNS,
        Card.reviews,
        Card.lapses,
        Card.learned,
        User.desired_retention,
    )
    .join(User, User.id == Card.user_id)
    .where(
        Card.user_id == sa.bindparam("card_user_id"),
        Card.question_id == sa.bindparam("card_question_id"),
    )
)
INSERT_CARD = sa.insert(Card.__table__)
UPDATE_CARD = sa.update(Card.__table__).where(Card.id == sa.bindparam("card_id"))
INSERT_REVIEW_LOG = sa.insert(ReviewLog.__table__)


def _card_for(session: Session, user_id: int, question_id: int, now: datetime) -> sa.Row:
    """The learner's card of the question (a row of CARD_OF), made new on the first answer."""
    connection = session.connection()
    key = {"card_user_id": user_id, "card_question_id": question_id}
    card = connection.execute(CARD_OF, key).first()
    if card is not None:
        return card
    fresh = new_card(now)
    try:
        # a savepoint: if the same learner's first answer to this question is being
        # recorded at the same moment elsewhere, use that card and keep this attempt
        with session.begin_nested():
            connection.execute(
                INSERT_CARD,
                {
                    "user_id": user_id,
                    "question_id": question_id,
                    "state": fresh.state,
                    "step": fresh.step,
                    "stability": fresh.stability,
                    "difficulty": fresh.difficulty,
                    "due": fresh.due,
                    "last_review": None,
                    "first_seen": now,
                    "reviews": 0,
                    "lapses": 0,
                    "learned": False,
                },
            )
    except sa.exc.IntegrityError:
        pass
    return connection.execute(CARD_OF, key).one()


def review_attempt(session: Session, attempt: Reviewable, kind: str, now: datetime) -> bool:
    """Review the card of ``attempt``'s question; the caller commits. True when reviewed.

    Open questions are reviewed with the learner's self-rating, so they wait for it;
    every other kind is rated from its score and speed.
    """
    if kind == "open" and attempt.self_rating is None:
        return False
    seconds = attempt.time_taken_ms / 1000 if attempt.time_taken_ms is not None else None
    rating = rating_for(kind, attempt.score, seconds, attempt.self_rating)
    card = _card_for(session, attempt.user_id, attempt.question_id, now)
    state, record = review(
        CARD_STATE_COLUMNS.read(card), rating, now, attempt.time_taken_ms, card.desired_retention
    )
    lapses, learned = after_rating(card.lapses, card.learned, rating)
    connection = session.connection()
    connection.execute(
        UPDATE_CARD,
        {
            "card_id": card.id,
            "state": state.state,
            "step": state.step,
            "stability": state.stability,
            "difficulty": state.difficulty,
            "due": state.due,
            "last_review": state.last_review,
            "reviews": card.reviews + 1,
            "last_rating": rating,
            "lapses": lapses,
            "learned": learned,
        },
    )
    connection.execute(
        INSERT_REVIEW_LOG,
        {
            "card_id": card.id,
            "attempt_id": attempt.id,
            "rating": record.rating,
            "reviewed_at": record.reviewed_at,
            "duration_ms": record.duration_ms,
        },
    )
    # a Card this session loaded before shows the review when read again
    loaded = session.identity_map.get(identity_key(Card, card.id))
    if loaded is not None:
        session.expire(loaded)
    return True


def rerate_attempt(session: Session, attempt: Attempt, rating: int) -> bool:
    """Give ``attempt``'s review a new rating and replay its card's whole history, as if
    it had been rated so at the time (an "I was right" override). The caller commits;
    True when the card changed. An attempt that reviewed no card changes nothing."""
    log = session.scalar(sa.select(ReviewLog).where(ReviewLog.attempt_id == attempt.id))
    if log is None or log.rating == rating:
        return False
    log.rating = rating
    card = session.get(Card, log.card_id)
    retention = session.scalar(sa.select(User.desired_retention).where(User.id == card.user_id))
    logs = session.scalars(
        sa.select(ReviewLog)
        .where(ReviewLog.card_id == card.id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ).all()
    ratings = [entry.rating for entry in logs]
    state = replay(
        [ReviewRecord(entry.rating, entry.reviewed_at, entry.duration_ms) for entry in logs],
        card.first_seen,
        retention,
    )
    card.state, card.step = state.state, state.step
    card.stability, card.difficulty = state.stability, state.difficulty
    card.due, card.last_review = state.due, state.last_review
    card.last_rating = ratings[-1]
    card.lapses = count_lapses(ratings)
    card.learned = any(r != AGAIN for r in ratings)
    return True
