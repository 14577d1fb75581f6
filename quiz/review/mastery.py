"""Topic mastery: how much of a topic a learner has seen and how well they remember it now.

mastery = coverage × mean retrievability over seen questions
        = (seen / total) × mean(R) = sum(R over seen questions) / total questions

R is fsrs's probability of recalling the question right now, except that a question
whose last answer was a failure (rated Again) counts 0 until it is recalled again:
fsrs measures elapsed time in whole days, so it would call a miss of a minute ago
"remembered". A topic never practised is 0%; a topic fully seen and fresh in memory
is near 100%; mastery decays as reviews fall due, which sends a learner back to it.
Among topics of equal mastery, those with due reviews, then those already seen (so
known to be weak, rather than merely new), come first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.catalog import bank_overview
from quiz.database import epoch_seconds
from quiz.models import Card, Question
from quiz.scheduling.days import SECONDS_PER_DAY
from quiz.scheduling.schedule import AGAIN, recall_probability, topic_mastery


@dataclass
class TopicMastery:
    topic_id: int
    topic_slug: str
    topic_title: str
    bank_id: int
    bank_slug: str
    bank_title: str
    total: int
    seen: int = 0
    due: int = 0
    mastery: float = 0.0

    @property
    def percent(self) -> int:
        return round(self.mastery * 100)


# numbers, not Card objects or datetimes: the dashboard reads every card of the learner,
# and parsing two datetimes and building an fsrs Card per row was most of its time.
# Whole seconds of the last review can add a day to a card reviewed within a second of a
# whole number of days ago; fsrs rounds to days anyway. Built once: building a select
# per request cost more than running it.
_CARD_ROWS = (
    sa.select(
        Question.topic_id,
        Card.stability,
        epoch_seconds(Card.last_review),
        Card.last_rating,
        Card.due <= sa.bindparam("now"),
    )
    .join(Question, Question.id == Card.question_id)
    .where(Card.user_id == sa.bindparam("user_id"), ~Question.retired)
)


def topic_masteries(
    session: Session, user_id: int, now: datetime, bank_ids: Collection[int] | None = None
) -> list[TopicMastery]:
    """Every live topic's mastery for the learner, weakest first (three queries)."""
    return topic_masteries_until(session, user_id, now, bank_ids)[0]


def topic_masteries_until(
    session: Session, user_id: int, now: datetime, bank_ids: Collection[int] | None = None
) -> tuple[list[TopicMastery], float | None]:
    """:func:`topic_masteries`, and the first instant (epoch seconds) a card's whole days
    since its last review go up, so its recall probability may change (None: no card
    has one). Until then, or until a card falls due, the masteries stay as they are."""
    topics: dict[int, TopicMastery] = {}
    for bank in bank_overview(session):
        if bank_ids is not None and bank.id not in bank_ids:
            continue
        for t in bank.topics:
            topics[t.id] = TopicMastery(
                t.id, t.slug, t.title, bank.id, bank.slug, bank.title, t.questions
            )
    recall: dict[int, list[float]] = defaultdict(list)
    now_seconds = now.timestamp()
    next_tick: float | None = None
    rows = session.connection().execute(_CARD_ROWS, {"user_id": user_id, "now": now})
    for topic_id, stability, reviewed_at, last_rating, due in rows:
        topic = topics.get(topic_id)
        if topic is None:
            continue
        if reviewed_at is None or last_rating == AGAIN:
            recall[topic_id].append(0.0)
        else:
            days = int((now_seconds - reviewed_at) // SECONDS_PER_DAY)
            recall[topic_id].append(recall_probability(stability, days))
            tick = reviewed_at + (days + 1) * SECONDS_PER_DAY
            if next_tick is None or tick < next_tick:
                next_tick = tick
        if due:
            topic.due += 1
    for topic_id, topic in topics.items():
        topic.seen = len(recall[topic_id])
        topic.mastery = topic_mastery(topic.total, recall[topic_id])
    ranked = sorted(
        topics.values(), key=lambda t: (t.mastery, -t.due, -t.seen, t.bank_title, t.topic_title)
    )
    return ranked, next_tick
