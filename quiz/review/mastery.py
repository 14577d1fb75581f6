"""Topic mastery: how much of a topic a learner has seen and how well they remember it now.

mastery = coverage × mean retrievability over seen questions
        = (seen / total) × mean(R) = sum(R over seen questions) / total questions

R is fsrs's probability of recalling the question right now, except that a question
whose last answer was a failure (rated Again) counts 0 until it is recalled again:
fsrs measures elapsed time in whole days, so it would call a miss of a minute ago
"remembered". A topic never practised is 0%; a topic fully seen and fresh in memory
is near 100%; mastery decays as reviews fall due.

Which topics are weakest is ranked by evidence, not mastery (with little evidence every
topic's mastery is 0): the expected chance of a right answer from the learner's answers
with a prior (``quiz.scheduling.schedule.expected_recall``), so 0 of 6 right is weaker
than 1 wrong of 1. Topics never answered are "not started", listed after the others.
The dashboard and the progress page both show this ranking (:func:`topic_masteries_until`).
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
from quiz.models import AttemptSummary, Card, Question
from quiz.scheduling.days import SECONDS_PER_DAY
from quiz.scheduling.schedule import AGAIN, expected_recall, recall_probability, topic_mastery


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
    attempts: int = 0  # the learner's answers to the topic's live questions
    right: float = 0.0  # their credited scores summed ("I was right" counts 1)

    @property
    def percent(self) -> int:
        return round(self.mastery * 100)

    @property
    def started(self) -> bool:
        return self.attempts > 0

    @property
    def estimate(self) -> float:
        """The expected chance of a right answer, from the evidence (see the module)."""
        return expected_recall(self.right, self.attempts)

    @property
    def estimate_percent(self) -> int:
        return round(self.estimate * 100)


def weakest_first(topics: list[TopicMastery]) -> list[TopicMastery]:
    """Started topics by their estimate (ties: more due, then more answers, first), then
    the topics not started in the order given."""
    started = sorted(
        (t for t in topics if t.started),
        key=lambda t: (t.estimate, -t.due, -t.attempts, t.bank_title, t.topic_title),
    )
    return started + [t for t in topics if not t.started]


_LEARNER = sa.bindparam("user_id")
# What the learner's cards stamp on a page, for a select run with ``user_id``: cards are
# created and changed by reviewing them (quiz.review.cards.review_attempt), which adds
# one to their ``reviews`` (a self-rating reviews a card with no new attempt), and
# replayed by an "I was right" override or a corrected checklist, which
# ``quiz.web.caching.ATTEMPTS_STAMP`` counts. Select them from CARD_SUMS: the count and
# the sum in one pass over the learner's cards.
CARD_SUMS = (
    sa.select(sa.func.count().label("cards"), sa.func.sum(Card.reviews).label("reviews"))
    .where(Card.user_id == _LEARNER)
    .subquery("card_sums")
)
CARDS_STAMP = (CARD_SUMS.c.cards, CARD_SUMS.c.reviews)


@dataclass
class TopicAttempts:
    """A learner's answers to one topic's live questions, from the per-question summary."""

    seen: int  # questions answered at least once
    attempts: int
    credited_sum: float
    last_at: datetime | None


# Per question from the summary the triggers keep, not per attempt: grouping every
# attempt took 4 ms at 10,000 of them. Built once.
_TOPIC_ATTEMPTS = (
    sa.select(
        Question.topic_id,
        sa.func.count(),
        sa.func.sum(AttemptSummary.attempts),
        # "I was right" overrides count as right, corrected checklists as corrected (the
        # automatic score is kept apart): Attempt.credited_score, summed by the triggers
        sa.func.sum(AttemptSummary.credited_sum),
        sa.func.max(AttemptSummary.last_at),
    )
    .join(Question, Question.id == AttemptSummary.question_id)
    .where(AttemptSummary.user_id == sa.bindparam("user_id"), ~Question.retired)
    .group_by(Question.topic_id)
)


def topic_attempts(session: Session, user_id: int) -> dict[int, TopicAttempts]:
    """The learner's answers per topic id (topics never answered are absent)."""
    rows = session.connection().execute(_TOPIC_ATTEMPTS, {"user_id": user_id})
    return {
        topic_id: TopicAttempts(seen, attempts, float(credited or 0.0), last)
        for topic_id, seen, attempts, credited, last in rows
    }


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
        epoch_seconds(Card.due) + 1,  # whole seconds: the first one after it is due
    )
    .join(Question, Question.id == Card.question_id)
    .where(Card.user_id == sa.bindparam("user_id"), ~Question.retired)
)


def topic_masteries(
    session: Session, user_id: int, now: datetime, bank_ids: Collection[int] | None = None
) -> list[TopicMastery]:
    """Every live topic's mastery and evidence for the learner, weakest first
    (:func:`weakest_first`; four queries)."""
    return topic_masteries_until(session, user_id, now, bank_ids)[0]


def topic_masteries_until(
    session: Session,
    user_id: int,
    now: datetime,
    bank_ids: Collection[int] | None = None,
    answers: dict[int, TopicAttempts] | None = None,
) -> tuple[list[TopicMastery], float | None]:
    """:func:`topic_masteries`, and the first instant (epoch seconds) time alone changes
    them: a card falls due, or a card's whole days since its last review go up, so its
    recall probability may change (None: no card has either ahead). ``answers``: the
    learner's :func:`topic_attempts`, when the caller has read them already."""
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
    for topic_id, stability, reviewed_at, last_rating, due, due_tick in rows:
        topic = topics.get(topic_id)
        if topic is None:
            continue
        if due:
            topic.due += 1
        elif next_tick is None or due_tick < next_tick:
            next_tick = due_tick
        if reviewed_at is None or last_rating == AGAIN:
            recall[topic_id].append(0.0)
        else:
            days = int((now_seconds - reviewed_at) // SECONDS_PER_DAY)
            recall[topic_id].append(recall_probability(stability, days))
            tick = reviewed_at + (days + 1) * SECONDS_PER_DAY
            if next_tick is None or tick < next_tick:
                next_tick = tick
    if answers is None:
        answers = topic_attempts(session, user_id)
    for topic_id, topic in topics.items():
        topic.seen = len(recall[topic_id])
        topic.mastery = topic_mastery(topic.total, recall[topic_id])
        if topic_id in answers:
            topic.attempts = answers[topic_id].attempts
            topic.right = answers[topic_id].credited_sum
    return weakest_first(list(topics.values())), next_tick
