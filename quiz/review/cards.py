"""Feeding attempts to the learner's fsrs cards (the schedule lives in quiz.scheduling)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Attempt, Card, ReviewLog
from quiz.scheduling import AGAIN, CardState, new_card, rating_for, review


def card_state(card: Card) -> CardState:
    return CardState(
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _card_for(session: Session, user_id: int, question_id: int, now: datetime) -> Card:
    card = session.scalar(
        sa.select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    )
    if card is not None:
        return card
    fresh = new_card(now)
    card = Card(
        user_id=user_id,
        question_id=question_id,
        state=fresh.state,
        step=fresh.step,
        stability=fresh.stability,
        difficulty=fresh.difficulty,
        due=fresh.due,
        last_review=None,
        first_seen=now,
        reviews=0,
        lapses=0,
        learned=False,
    )
    try:
        # a savepoint: if the same learner's first answer to this question is being
        # recorded at the same moment elsewhere, use that card and keep this attempt
        with session.begin_nested():
            session.add(card)
    except sa.exc.IntegrityError:
        card = session.scalar(
            sa.select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
        )
    return card


def review_attempt(session: Session, attempt: Attempt, kind: str, now: datetime) -> Card | None:
    """Review the card of ``attempt``'s question; the caller commits.

    Open questions are reviewed with the learner's self-rating, so they wait for it;
    every other kind is rated from its score and speed.
    """
    if kind == "open" and attempt.self_rating is None:
        return None
    seconds = attempt.time_taken_ms / 1000 if attempt.time_taken_ms is not None else None
    rating = rating_for(kind, attempt.score, seconds, attempt.self_rating)
    card = _card_for(session, attempt.user_id, attempt.question_id, now)
    state, record = review(card_state(card), rating, now, attempt.time_taken_ms)
    card.state, card.step = state.state, state.step
    card.stability, card.difficulty = state.stability, state.difficulty
    card.due, card.last_review = state.due, state.last_review
    card.reviews += 1
    card.last_rating = rating
    if rating == AGAIN and card.learned:
        card.lapses += 1
    elif rating != AGAIN:
        card.learned = True
    session.flush()
    session.add(
        ReviewLog(
            card_id=card.id,
            attempt_id=attempt.id,
            rating=record.rating,
            reviewed_at=record.reviewed_at,
            duration_ms=record.duration_ms,
        )
    )
    return card
