"""The review schedule: a thin layer over the ``fsrs`` package (FSRS v6), plus the
progress metrics built on it (mastery, leeches, streaks).

Plain Python, no Flask, no database. The app stores a :class:`CardState` per
(learner, question) and a :class:`ReviewRecord` per attempt; every function here takes
an explicit ``now`` so schedules are deterministic and testable with fixed clocks.
All datetimes must be timezone-aware (naive ones raise ``ValueError``); results are in
UTC. Note that SQLite drops tzinfo, so the storage layer must re-attach UTC on load.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

AGAIN, HARD, GOOD, EASY = (int(r) for r in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy))
RATINGS = (AGAIN, HARD, GOOD, EASY)
RATING_LABELS = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}

# FSRS defaults (90% desired retention, 1 and 10 minute learning steps, 10 minute
# relearning step) without fuzzing, so the same reviews always give the same schedule.
SCHEDULER = Scheduler(enable_fuzzing=False)
# A learner may choose their desired retention (the recall probability at which a
# review falls due) within the range FSRS recommends.
DEFAULT_RETENTION = SCHEDULER.desired_retention
MIN_RETENTION, MAX_RETENTION = 0.70, 0.97

# A right answer given within this many seconds rates Easy instead of Good.
# Open questions are never Easy from their score: the learner rates them.
FAST_SECONDS: dict[str, float] = {"single": 8, "multiple": 15, "short": 12, "open": 0}

# An open question not self-rated is rated from its score: Again below 0.3, Hard
# below 0.7, Good from 0.7 (an 88% answer is Good, not Hard).
OPEN_HARD_FROM = 0.3
OPEN_GOOD_FROM = 0.7

LEECH_LAPSES = 4

# fsrs wants a card id; it only ends up in its own review logs, which we do not keep.
_CARD_ID = 0


@dataclass
class CardState:
    """What the app stores per (learner, question)."""

    state: int  # fsrs State value (1 learning, 2 review, 3 relearning)
    step: int | None  # learning/relearning step, None in review
    stability: float | None  # None until the first review
    difficulty: float | None  # None until the first review
    due: datetime  # timezone-aware UTC
    last_review: datetime | None


@dataclass(frozen=True)
class ReviewRecord:
    """One review, kept per attempt so the schedule can be replayed with :func:`replay`."""

    rating: int  # 1 again, 2 hard, 3 good, 4 easy
    reviewed_at: datetime  # timezone-aware UTC
    duration_ms: int | None


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value.isoformat()}")
    # fsrs insists on tzinfo being exactly datetime.timezone.utc (not ZoneInfo("UTC")).
    return value.astimezone(UTC)


def _to_fsrs(card: CardState) -> Card:
    return Card(
        card_id=_CARD_ID,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due, "card.due"),
        last_review=None if card.last_review is None else _utc(card.last_review, "last_review"),
    )


def _from_fsrs(card: Card) -> CardState:
    return CardState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def new_card(now: datetime) -> CardState:
    """A card never reviewed: in Learning at step 0, due immediately."""
    return CardState(
        state=int(State.Learning),
        step=0,
        stability=None,
        difficulty=None,
        due=_utc(now, "now"),
        last_review=None,
    )


@lru_cache(maxsize=32)
def scheduler_for(retention: float) -> Scheduler:
    """The fsrs scheduler for a desired retention (0.70..0.97), with the app's settings."""
    if not MIN_RETENTION <= retention <= MAX_RETENTION:
        raise ValueError(f"retention must be {MIN_RETENTION}..{MAX_RETENTION}, got {retention!r}")
    if retention == DEFAULT_RETENTION:
        return SCHEDULER
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


def review(
    card: CardState,
    rating: int,
    now: datetime,
    duration_ms: int | None = None,
    retention: float = DEFAULT_RETENTION,
) -> tuple[CardState, ReviewRecord]:
    """Apply one review (``rating`` 1..4) at ``now`` with the learner's desired
    ``retention``; returns the new state (the given one is not modified) and the record
    to store for :func:`replay`."""
    if isinstance(rating, bool) or rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, got {rating!r}")
    now = _utc(now, "now")
    updated, _log = scheduler_for(retention).review_card(
        _to_fsrs(card), Rating(rating), review_datetime=now, review_duration=duration_ms
    )
    return _from_fsrs(updated), ReviewRecord(int(rating), now, duration_ms)


# fsrs's forgetting curve R = (1 + FACTOR * days / stability) ** DECAY, with the
# scheduler's own parameters; for callers holding numbers rather than cards (the
# dashboard reads every card of a learner, and an fsrs Card per row cost 7 µs).
_DECAY = -SCHEDULER.parameters[20]
_FACTOR = 0.9 ** (1 / _DECAY) - 1


def recall_probability(stability: float | None, elapsed_days: int) -> float:
    """Predicted probability (0..1) of recalling a card ``elapsed_days`` whole days after
    its last review; 0.0 for a card never reviewed (no stability yet)."""
    if stability is None:
        return 0.0
    r = (1 + _FACTOR * max(0, elapsed_days) / stability) ** _DECAY
    return min(1.0, max(0.0, r))


def retrievability(card: CardState, now: datetime) -> float:
    """Predicted probability (0..1) of recalling the card at ``now``; 0.0 if never reviewed.

    FSRS counts elapsed time in whole days, so it stays at 1.0 on the day of a review.
    """
    now = _utc(now, "now")
    if card.last_review is None:
        return 0.0
    return recall_probability(card.stability, (now - _utc(card.last_review, "last_review")).days)


def _replayed(
    records: Sequence[ReviewRecord], first_seen: datetime, retention: float = DEFAULT_RETENTION
) -> tuple[list[tuple[CardState, ReviewRecord]], CardState]:
    """Each review record in time order (ties in the given order) with the card as it
    was before it, from :func:`new_card` at ``first_seen``; and the card after them all."""
    card = new_card(first_seen)
    before = []
    for record in sorted(records, key=lambda r: _utc(r.reviewed_at, "reviewed_at")):
        before.append((card, record))
        card, _ = review(card, record.rating, record.reviewed_at, record.duration_ms, retention)
    return before, card


def replay(
    records: Sequence[ReviewRecord], first_seen: datetime, retention: float = DEFAULT_RETENTION
) -> CardState:
    """Rebuild a card from its review records (applied in time order, ties in the given
    order), starting from :func:`new_card` at ``first_seen``."""
    return _replayed(records, first_seen, retention)[1]


REVIEW_STATE = int(State.Review)


def learned_reviews(
    records: Sequence[ReviewRecord], first_seen: datetime
) -> list[tuple[datetime, bool]]:
    """Of one card's reviews, those made while it was learned (fsrs's Review state, not
    learning or relearning), each as (when, recalled: rated other than Again). What
    Anki's true retention counts; the states come from replaying the card."""
    return [
        (record.reviewed_at, record.rating != AGAIN)
        for card, record in _replayed(records, first_seen)[0]
        if card.state == REVIEW_STATE
    ]


@dataclass(frozen=True)
class RetentionRow:
    """One period of the true retention table: reviews of learned questions, recalled."""

    label: str
    reviews: int
    recalled: int

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


def true_retention(
    reviews: Sequence[tuple[datetime, bool]], periods: Sequence[tuple[str, datetime | None]]
) -> list[RetentionRow]:
    """Per period (label, since: None for all time), how many of ``reviews`` (from
    :func:`learned_reviews`) fall in it and how many of those were recalled."""
    rows = []
    for label, since in periods:
        within = [recalled for at, recalled in reviews if since is None or at >= since]
        rows.append(RetentionRow(label, len(within), sum(within)))
    return rows


def rating_for(
    kind: str, score: float, seconds: float | None, self_rating: int | None = None
) -> int:
    """The FSRS rating (1..4) for one attempt.

    A learner's self-rating (1 again .. 4 easy, given for open questions) wins.
    Otherwise an open question (its default when the learner moves on without rating)
    follows its score: below ``OPEN_HARD_FROM`` (0.3) -> Again, below ``OPEN_GOOD_FROM``
    (0.7) -> Hard, else Good; Easy only when the learner chooses it. Every other kind:
    score 0 -> Again, 0 < score < 1 -> Hard, score 1 -> Good, or Easy when it took at
    most ``FAST_SECONDS[kind]`` seconds (never for a threshold of 0 or an unknown
    time/kind). A self-rating outside 1..4 raises ``ValueError``.
    """
    if self_rating is not None:
        if isinstance(self_rating, bool) or self_rating not in RATINGS:
            raise ValueError(f"self_rating must be one of {RATINGS}, got {self_rating!r}")
        return int(self_rating)
    if kind == "open":
        if not score >= OPEN_HARD_FROM:  # also catches NaN
            return AGAIN
        return HARD if score < OPEN_GOOD_FROM else GOOD
    if not score > 0:  # also catches NaN
        return AGAIN
    if score < 1:
        return HARD
    fast = FAST_SECONDS.get(kind, 0)
    if fast > 0 and seconds is not None and math.isfinite(seconds) and 0 <= seconds <= fast:
        return EASY
    return GOOD


def topic_mastery(total_questions: int, retrievabilities: Sequence[float]) -> float:
    """Mastery of a topic, 0..1, shown to learners as a percentage.

    mastery = coverage x mean recall
            = (seen / total) x mean(R over seen questions)
            = sum(R) / total

    where ``total`` counts the topic's (live) questions, ``retrievabilities`` holds the
    current FSRS retrievability R of each question the learner has seen (reviewed at
    least once), and an unseen question counts as R = 0. So a topic is 100% mastered
    only when every question has been reviewed and is predicted to be recalled now;
    it decays as reviews fall due. 0 when the topic has no questions.
    """
    if total_questions <= 0:
        return 0.0
    total_r = sum(min(1.0, max(0.0, float(r))) for r in retrievabilities if not math.isnan(r))
    return min(1.0, total_r / total_questions)


# The prior of :func:`expected_recall`: as if every topic began with one answer right
# and one wrong (Laplace's rule of succession), so a little evidence moves it a little.
PRIOR_RIGHT = PRIOR_WRONG = 1.0


def expected_recall(right: float, attempts: int) -> float:
    """The expected chance (0..1) of answering a topic's next question right, after
    ``right`` (credited scores summed) of ``attempts``, from the prior above.

    More evidence of failure makes a topic weaker: 0 of 6 right is 12.5%, 0 of 1 is
    33%, 1 of 1 is 67%; a topic never answered is 50%, which says nothing (callers
    list it as not started).
    """
    right = min(max(0.0, float(right)), float(max(0, attempts)))
    return (right + PRIOR_RIGHT) / (max(0, attempts) + PRIOR_RIGHT + PRIOR_WRONG)


def after_rating(lapses: int, learned: bool, rating: int) -> tuple[int, bool]:
    """A card's lapses and whether it was ever learned, after one more rating: an Again
    once learned (after its first non-Again rating) is a lapse; Agains while first
    learning it are not."""
    if rating == AGAIN:
        return lapses + learned, learned
    return lapses, True


def count_lapses(ratings_in_order: Sequence[int]) -> int:
    """Number of lapses (see :func:`after_rating`) in a card's ratings."""
    lapses, learned = 0, False
    for rating in ratings_in_order:
        lapses, learned = after_rating(lapses, learned, rating)
    return lapses


def streak(days_practised: Collection[date], today: date) -> int:
    """Consecutive days practised ending today, or ending yesterday when there is no
    practice today yet (a streak is not broken until the day is over); else 0."""
    days = {d.date() if isinstance(d, datetime) else d for d in days_practised}
    if isinstance(today, datetime):
        today = today.date()
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
