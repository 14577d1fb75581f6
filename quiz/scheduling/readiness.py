"""Ready on the day: the learner's interview date, the recall predicted for that day, a
daily plan to reach the target, and the review cap that puts a review of every card in
the final days before it.

Plain Python (no Flask, no database) over fsrs through :mod:`quiz.scheduling.schedule`:
recall on the day is fsrs retrievability projected to the interview day's first instant
(whole days since the last review, as fsrs counts them), and the forecast reviews cards
with the same fsrs scheduler the app reviews them with. Nothing here stores anything:
the cap is applied when the queue is read, so changing or clearing the date changes the
schedule at once, and after the date the stored fsrs schedule applies again by itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from quiz.scheduling.schedule import (
    DEFAULT_RETENTION,
    GOOD,
    CardState,
    new_card,
    recall_probability,
    review,
)

# The last days before the interview: every card gets a review in them.
FINAL_DAYS = 3
# A dress rehearsal (a mock interview over the date's banks) is offered this many days
# before, and a realistic one is this long.
REHEARSAL_DAYS = 2
REHEARSAL_QUESTIONS = 20
REHEARSAL_MINUTES = 45
# A date further out than this is refused: nobody plans reviews for it.
MAX_YEARS_AHEAD = 2
# The learner's pace is their answers a day over this many days (fewer for a new learner).
PACE_DAYS = 14

T = TypeVar("T")


def latest_date(today: date) -> date:
    """The furthest interview date accepted: two years after ``today``."""
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def interview_date_problem(value: date | None, today: date) -> str | None:
    """Why ``value`` cannot be the interview date (``today`` in the learner's time
    zone), or None when it can: it must come after today and within two years."""
    if value is None:
        return "Enter the interview date as a date, such as 2026-07-20."
    if value < today:
        return f"{value:%-d %B %Y} has passed: choose a day after today."
    if value == today:
        return "That is today: choose a day after today."
    latest = latest_date(today)
    if value > latest:
        return f"Choose a date within two years, by {latest:%-d %B %Y}."
    return None


@dataclass(frozen=True)
class InterviewWindow:
    """The interview day in time: it starts at the learner's local midnight (``starts``,
    UTC) and its final days start ``FINAL_DAYS`` local midnights before (``final_from``)."""

    day: date
    starts: datetime
    final_from: datetime

    def days_left(self, today: date) -> int:
        return (self.day - today).days

    def is_ahead(self, now: datetime) -> bool:
        """Before the interview day: the date-aware schedule applies."""
        return now < self.starts

    def in_final_days(self, now: datetime) -> bool:
        return self.final_from <= now < self.starts

    def offers_rehearsal(self, today: date) -> bool:
        return 0 < self.days_left(today) <= REHEARSAL_DAYS


def interview_window(day: date, zone: ZoneInfo) -> InterviewWindow:
    def midnight(of: date) -> datetime:
        return datetime.combine(of, time(), tzinfo=zone).astimezone(UTC)

    return InterviewWindow(day, midnight(day), midnight(day - timedelta(days=FINAL_DAYS)))


def capped_due(card: CardState, window: InterviewWindow) -> datetime:
    """When ``card`` is due with the interview ahead: an interval that ends once the
    final days have begun (in them or after the interview), without a review since
    they began, ends when they begin instead. So every card gets a review in the final
    days, its last before the interview; every other due time is fsrs's own."""
    if card.due < window.final_from:
        return card.due
    if card.last_review is not None and card.last_review >= window.final_from:
        return card.due
    return window.final_from


def recall_on_day(card: CardState, window: InterviewWindow) -> float:
    """fsrs's predicted probability of recalling the card when the interview day
    begins; 0 for a card never reviewed."""
    if card.last_review is None:
        return 0.0
    return recall_probability(card.stability, (window.starts - card.last_review).days)


def due_at(card: CardState, planned: bool, now: datetime, window: InterviewWindow) -> datetime:
    """When ``card`` is due: at :func:`capped_due` while the interview is ahead if it
    is of the interview's banks (``planned``), else at fsrs's own time."""
    return capped_due(card, window) if planned and window.is_ahead(now) else card.due


def due_first(
    cards: Sequence[T],
    state_of: Callable[[T], CardState],
    in_plan: Callable[[T], bool],
    now: datetime,
    window: InterviewWindow,
) -> list[T]:
    """The cards due at ``now`` (:func:`due_at`), in the order to review them: most
    overdue first, except in the interview's final days, when the cards of its banks
    come first, the lowest predicted recall on the day first. From the interview day
    on, fsrs's own schedule applies again by itself."""
    final = window.in_final_days(now)

    def order(card: T) -> tuple:
        state, planned = state_of(card), in_plan(card)
        due = due_at(state, planned, now, window)
        if final and planned:
            return (0, recall_on_day(state, window), due)
        return (1, 0.0, due)

    due = [c for c in cards if due_at(state_of(c), in_plan(c), now, window) <= now]
    return sorted(due, key=order)


# ------------------------------------------------------------------------ readiness


@dataclass(frozen=True)
class PlanTopic:
    """A live topic of the interview's banks, with its number of live questions."""

    topic_id: int
    title: str
    slug: str
    bank_title: str
    bank_slug: str
    questions: int


@dataclass(frozen=True)
class TopicReadiness:
    topic: PlanTopic
    seen: int
    ready: float  # mean predicted recall on the day over the topic's questions, 0..1

    @property
    def percent(self) -> int:
        return percent(self.ready)


@dataclass(frozen=True)
class Readiness:
    ready: float  # over every question of the interview's banks, 0..1
    target: float  # the learner's desired retention
    topics: list[TopicReadiness]  # furthest from the target first
    questions: int
    seen: int

    @property
    def percent(self) -> int:
        return percent(self.ready)

    @property
    def target_percent(self) -> int:
        return percent(self.target)


def percent(share: float) -> int:
    """A share as a whole percentage, rounded down: 89.6% is not yet "90%"."""
    return math.floor(share * 100 + 1e-9)


def readiness(
    topics: Sequence[PlanTopic],
    cards: Sequence[tuple[int, CardState]],
    window: InterviewWindow,
    target: float,
) -> Readiness:
    """Predicted recall on the interview day per topic and overall: the mean over the
    topics' live questions of :func:`recall_on_day`, a question never answered
    counting 0. ``cards``: (topic id, card) of the learner's cards of those questions."""
    recall = {t.topic_id: 0.0 for t in topics}
    seen = dict.fromkeys(recall, 0)
    for topic_id, card in cards:
        if topic_id in recall:
            recall[topic_id] += recall_on_day(card, window)
            seen[topic_id] += 1
    ranked = sorted(
        (
            TopicReadiness(t, seen[t.topic_id], recall[t.topic_id] / t.questions)
            for t in topics
            if t.questions > 0
        ),
        key=lambda r: (r.ready, r.topic.bank_title, r.topic.title),
    )
    questions = sum(t.questions for t in topics)
    overall = sum(recall.values()) / questions if questions else 0.0
    return Readiness(overall, target, ranked, questions, sum(seen.values()))


# ------------------------------------------------------------------------- the plan


def pace(answers: int, days: int) -> int:
    """Answers a day over the last ``days`` days (at least one), rounded."""
    return round(answers / max(1, days))


@dataclass(frozen=True)
class Forecast:
    """What answering ``per_day`` questions a day until the interview would give."""

    per_day: int
    ready: float  # predicted recall on the day over every question, 0..1
    reviews_today: int
    new_today: int


@dataclass
class DailyPlan:
    target: float
    pace: int  # the learner's recent answers a day
    at_pace: Forecast
    needed: Forecast  # the fewest answers a day that reach the target (or get closest)
    days_left: int
    warnings: list[str] = field(default_factory=list)

    @property
    def on_track(self) -> bool:
        return self.at_pace.ready >= self.target


@dataclass(frozen=True)
class _Projection:
    """The cards already seen, reviewed as they fall due: answers per day, recall sum."""

    load: tuple[int, ...]
    recall: float


def _day_noon(window: InterviewWindow, days_before: int) -> datetime:
    """An instant in the day ``days_before`` the interview (a forecast has no clock)."""
    return window.starts - timedelta(days=days_before) + timedelta(hours=12)


def _reviewed_as_due(
    card: CardState, window: InterviewWindow, now: datetime, days: int, retention: float
) -> tuple[list[int], CardState]:
    """Review ``card`` rated Good each time it falls due (capped) over the ``days``
    days before the interview, the first from ``now``; answers per day and the card."""
    load = [0] * days
    first_day = window.starts - timedelta(days=days)
    while True:
        due = capped_due(card, window)
        if due >= window.starts:
            break
        index = max(0, (due - first_day).days)
        if index >= days:
            break
        at = max(due, now if index == 0 else _day_noon(window, days - index))
        card, _ = review(card, GOOD, at, None, retention)
        load[index] += 1
    return load, card


@lru_cache(maxsize=4096)
def _new_question(days: int, retention: float) -> tuple[tuple[int, ...], float]:
    """A question first answered ``days`` days before the interview, then reviewed as it
    falls due, rated Good every time: its answers per day and its recall on the day."""
    starts = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(days=days)
    window = InterviewWindow(
        starts.date(), starts, starts - timedelta(days=FINAL_DAYS)
    )  # any window of this length: days count from it
    first = _day_noon(window, days)
    load, card = _reviewed_as_due(new_card(first), window, first, days, retention)
    return tuple(load), recall_on_day(card, window)


def forecast(
    seen: _Projection, unseen: int, questions: int, days: int, per_day: int, retention: float
) -> Forecast:
    """Answer ``per_day`` a day: reviews of cards due first, then as many new questions
    as the rest of the day holds (each costs its first day's answers)."""
    load = list(seen.load)
    recall, left = seen.recall, unseen
    new_today = 0
    for index in range(days):
        if left == 0:
            break
        path, recall_then = _new_question(days - index, retention)
        room = per_day - load[index]
        count = min(left, max(0, room // path[0])) if room > 0 else 0
        if count == 0:
            continue
        for offset, answers in enumerate(path):
            load[index + offset] += count * answers
        recall += count * recall_then
        left -= count
        if index == 0:
            new_today = count
    ready = recall / questions if questions else 0.0
    return Forecast(per_day, ready, seen.load[0] if days else 0, new_today)


def daily_plan(
    cards: Sequence[CardState],
    unseen: int,
    window: InterviewWindow,
    now: datetime,
    today: date,
    recent_pace: int,
    retention: float = DEFAULT_RETENTION,
) -> DailyPlan:
    """How many answers a day reach ``retention`` (the target) by the interview,
    reviewing what falls due (capped, :func:`capped_due`) and adding new questions:
    at the learner's recent pace, and the fewest that reach the target. Every forecast
    review is rated Good (a forecast of the learner recalling what they review, with
    fsrs's intervals), and the reviews of cards already seen count as done whatever
    the pace: only new questions wait for room in the day."""
    days = max(1, window.days_left(today))
    load = [0] * days
    recall = 0.0
    for card in cards:
        card_load, reviewed = _reviewed_as_due(card, window, now, days, retention)
        load = [a + b for a, b in zip(load, card_load, strict=True)]
        recall += recall_on_day(reviewed, window)
    seen = _Projection(tuple(load), recall)
    questions = len(cards) + unseen
    first_day = _new_question(days, retention)[0][0]
    most = max(load) + unseen * first_day  # enough to start every question today

    def at(per_day: int) -> Forecast:
        return forecast(seen, unseen, questions, days, per_day, retention)

    low, high = 0, most  # the fewest answers a day whose forecast reaches the target
    while low < high:
        middle = (low + high) // 2
        if at(middle).ready >= retention:
            high = middle
        else:
            low = middle + 1
    needed = at(low)  # at(most), the most any pace reaches, if none does
    plan = DailyPlan(retention, recent_pace, at(recent_pace), needed, days)
    if not plan.on_track:
        plan.warnings.append(
            f"At {recent_pace} a day you reach {percent(plan.at_pace.ready)}%;"
            f" {needed.per_day} a day reaches {percent(min(needed.ready, retention))}%."
        )
    return plan
