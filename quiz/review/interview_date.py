"""The learner's interview date: stored on their account, read by the review queue (which
caps intervals and, in the final days, serves the lowest predicted recall first) and by
the dashboard (readiness and a daily plan). The rules are plain Python in
:mod:`quiz.scheduling.readiness`; this module reads and writes the rows they need, in a
fixed number of statements whatever the learner's history.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.catalog import bank_overview
from quiz.models import Card, Question, ReviewLog, User
from quiz.review.cards import CARD_STATE_COLUMNS
from quiz.scheduling.days import local_date
from quiz.scheduling.readiness import (
    PACE_DAYS,
    REHEARSAL_MINUTES,
    REHEARSAL_QUESTIONS,
    DailyPlan,
    InterviewWindow,
    PlanTopic,
    Readiness,
    daily_plan,
    interview_window,
    pace,
    readiness,
)
from quiz.scheduling.schedule import CardState


@dataclass(frozen=True)
class InterviewSettings:
    """What the learner set: the date (None: none), its banks (None: every bank) and
    their desired retention (the target)."""

    day: date | None
    bank_ids: tuple[int, ...] | None
    retention: float
    timezone: str

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def covers(self, bank_id: int) -> bool:
        return self.bank_ids is None or bank_id in self.bank_ids


_SETTINGS_COLUMNS = (
    User.interview_date,
    User.interview_bank_ids,
    User.desired_retention,
    User.timezone,
)
_SETTINGS = sa.select(*_SETTINGS_COLUMNS).where(User.id == sa.bindparam("user_id"))
# the same as scalar subqueries, for another statement about the learner (run with
# ``user_id``) to carry, read back with :func:`settings_of`
SETTINGS_SUBQUERIES = tuple(
    sa.select(column).where(User.id == sa.bindparam("user_id")).scalar_subquery()
    for column in _SETTINGS_COLUMNS
)


def settings_of(
    day: date | None, bank_ids: list | None, retention: float, timezone: str
) -> InterviewSettings:
    """The settings from the values of their columns (in ``SETTINGS_SUBQUERIES`` order)."""
    banks = None if bank_ids is None else tuple(int(b) for b in bank_ids)
    return InterviewSettings(day, banks, retention, timezone)


def interview_settings(session: Session, user_id: int) -> InterviewSettings:
    return settings_of(*session.connection().execute(_SETTINGS, {"user_id": user_id}).one())


def set_interview_date(
    session: Session, user: User, day: date, bank_ids: Collection[int] | None
) -> None:
    """Store the date and its banks (None or empty: every bank); the caller commits.
    Reviews are untouched: the queue reads the date when it orders them."""
    user.interview_date = day
    user.interview_bank_ids = sorted(set(bank_ids)) if bank_ids else None


def clear_interview_date(session: Session, user: User) -> None:
    user.interview_date = None
    user.interview_bank_ids = None


@dataclass(frozen=True)
class Plan:
    """An interview ahead of ``now``: its settings and its day in time."""

    settings: InterviewSettings
    window: InterviewWindow


def interview_plan(session: Session, user_id: int, now: datetime) -> Plan | None:
    """The learner's interview while its day has not begun (one statement); None
    without a date or from its day on, when the normal schedule applies again."""
    return plan_for(interview_settings(session, user_id), now)


def plan_for(settings: InterviewSettings, now: datetime) -> Plan | None:
    """:func:`interview_plan` of settings already read."""
    if settings.day is None:
        return None
    window = interview_window(settings.day, settings.zone)
    return Plan(settings, window) if window.is_ahead(now) else None


@dataclass(frozen=True)
class PlannedCard:
    id: int  # the question's
    bank_id: int
    topic_id: int
    state: CardState


PLANNED_CARD_COLUMNS = (
    Question.id.label("question_id"),
    Question.bank_id.label("bank_id"),
    Question.topic_id.label("topic_id"),
    *CARD_STATE_COLUMNS,
)


def planned_cards(rows) -> list[PlannedCard]:
    return [
        PlannedCard(row.question_id, row.bank_id, row.topic_id, CARD_STATE_COLUMNS.read(row))
        for row in rows
    ]


_CARDS = (
    sa.select(*PLANNED_CARD_COLUMNS)
    .join(Card, Card.question_id == Question.id)
    .where(Card.user_id == sa.bindparam("user_id"), ~Question.retired)
    .order_by(Question.position, Question.id)
)
# answers in the pace window, and the learner's first answer ever (a new learner's pace
# counts the days since they started)
_PACE = sa.select(
    sa.func.count(ReviewLog.id).filter(ReviewLog.reviewed_at >= sa.bindparam("since")),
    sa.func.min(ReviewLog.reviewed_at),
).where(ReviewLog.card_id.in_(sa.select(Card.id).where(Card.user_id == sa.bindparam("user_id"))))


@dataclass(frozen=True)
class Rehearsal:
    """A dress rehearsal: a mock interview over the date's banks, of realistic length."""

    bank_ids: tuple[int, ...]
    questions: int = REHEARSAL_QUESTIONS
    minutes: int = REHEARSAL_MINUTES


@dataclass(frozen=True)
class Outlook:
    """What the dashboard shows of the interview date: nothing set, or the date with
    its countdown, readiness and plan (``passed``: the day has come; no plan then)."""

    day: date | None
    days_left: int = 0
    bank_titles: tuple[str, ...] = ()  # empty: every bank
    readiness: Readiness | None = None
    plan: DailyPlan | None = None
    rehearsal: Rehearsal | None = None
    final_days: bool = False

    @property
    def passed(self) -> bool:
        return self.day is not None and self.readiness is None


def interview_outlook(session: Session, user_id: int, now: datetime) -> Outlook:
    """The learner's interview date as the dashboard shows it (four statements at most,
    with the bank overview's own)."""
    settings = interview_settings(session, user_id)
    if settings.day is None:
        return Outlook(None)
    zone = settings.zone
    window = interview_window(settings.day, zone)
    if not window.is_ahead(now):
        return Outlook(settings.day)
    today = local_date(now, zone)
    banks = [b for b in bank_overview(session) if settings.covers(b.id)]
    topics = [
        PlanTopic(t.id, t.title, t.slug, b.title, b.slug, t.questions)
        for b in banks
        for t in b.topics
    ]
    live = {t.topic_id for t in topics}
    connection = session.connection()
    cards = [
        c
        for c in planned_cards(connection.execute(_CARDS, {"user_id": user_id}))
        if c.topic_id in live
    ]
    ready = readiness(topics, [(c.topic_id, c.state) for c in cards], window, settings.retention)
    pace_from = datetime.combine(today - timedelta(days=PACE_DAYS - 1), time(), zone)
    answers, first = connection.execute(_PACE, {"user_id": user_id, "since": pace_from}).one()
    days = 0 if first is None else (today - local_date(max(first, pace_from), zone)).days + 1
    plan = daily_plan(
        [c.state for c in cards],
        ready.questions - len(cards),
        window,
        now,
        today,
        pace(answers, days),
        settings.retention,
    )
    rehearsal = None
    if window.offers_rehearsal(today) and banks:
        rehearsal = Rehearsal(tuple(b.id for b in banks))
    return Outlook(
        settings.day,
        window.days_left(today),
        () if settings.bank_ids is None else tuple(b.title for b in banks),
        ready,
        plan,
        rehearsal,
        window.in_final_days(now),
    )
