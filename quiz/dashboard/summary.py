"""Everything the dashboard shows, in a fixed number of queries whatever the history size."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.database import epoch_seconds
from quiz.models import Attempt, Card, Question, headline_of
from quiz.practice.scope import Scope
from quiz.practice.sessions import LATEST_SESSION_PLACE, SESSION_PLACE_COLUMNS, SessionPlace
from quiz.review.interview_date import SETTINGS_SUBQUERIES, Outlook, interview_outlook
from quiz.review.mastery import CARD_SUMS, CARDS_STAMP, TopicMastery, topic_masteries_until
from quiz.review.queue import QueueStatus, queue_status
from quiz.scheduling.days import (
    SECONDS_PER_DAY,
    Day,
    day_from_number,
    end_of_local_day,
    last_days,
    local_date,
    utc_offset_periods,
)
from quiz.scheduling.schedule import LEECH_LAPSES, streak
from quiz.web.caching import ATTEMPT_SUMS, ATTEMPTS_STAMP, engine_cache

HISTORY_DAYS = 366  # a streak longer than a year still shows as a year


@dataclass
class Dashboard:
    today: date
    status: QueueStatus
    streak: int
    topics: list[TopicMastery]
    last_30_days: list[Day]
    activity: dict[date, Day]
    leeches: list[Leech]
    interview: Outlook
    # the first instant at which time alone may change any of the above (a card falls
    # due, a card's whole days since its last review go up, the learner's day ends, or
    # an attempt leaves the history window); a cache of the page is good until then
    changes_at: datetime

    @property
    def started(self) -> bool:
        """Whether the learner has answered anything (before that, no counts, no charts)."""
        return any(t.started for t in self.topics)


@dataclass
class Leech:
    question_id: int
    key: str
    headline: str
    explanation_html: str
    lapses: int


# columns, not Question and Card objects: the list shows four fields of each. The
# statements are built once: building a select per request cost more than running it.
_LEECHES = (
    sa.select(
        Question.id,
        Question.key,
        Question.prompt_md_column(),
        Question.explanation_html,
        Card.lapses,
    )
    .join(Card, Card.question_id == Question.id)
    .where(Card.user_id == sa.bindparam("user_id"), Card.lapses >= LEECH_LAPSES, ~Question.retired)
    .order_by(Card.lapses.desc(), Question.id)
)
_OLDEST_ATTEMPT = sa.select(sa.func.min(Attempt.created_at)).where(
    Attempt.user_id == sa.bindparam("user_id"), Attempt.created_at >= sa.bindparam("since")
)


def build_dashboard(session: Session, user_id: int, now: datetime, zone: ZoneInfo) -> Dashboard:
    today = local_date(now, zone)
    tomorrow = end_of_local_day(now, zone)
    status = queue_status(session, user_id, now, tomorrow, Scope(None, None))
    since = now - timedelta(days=HISTORY_DAYS)
    activity = recent_activity(session, user_id, now, zone)
    connection = session.connection()
    leeches = connection.execute(_LEECHES, {"user_id": user_id})
    topics, next_tick = topic_masteries_until(session, user_id, now)
    changes = [tomorrow]
    if status.next_due is not None:  # due counts of the status and of the topics
        changes.append(status.next_due)
    if next_tick is not None:
        changes.append(datetime.fromtimestamp(next_tick, UTC))
    if activity:
        oldest = connection.execute(_OLDEST_ATTEMPT, {"user_id": user_id, "since": since})
        changes.append(oldest.scalar_one() + timedelta(days=HISTORY_DAYS))
    return Dashboard(
        today=today,
        status=status,
        streak=streak(activity.keys(), today),
        topics=topics,
        last_30_days=last_days(activity, today, 30),
        activity=activity,
        leeches=[
            Leech(question_id, key, headline_of(prompt_md), explanation_html, lapses)
            for question_id, key, prompt_md, explanation_html, lapses in leeches
        ],
        interview=interview_outlook(session, user_id, now),
        changes_at=min(changes),
    )


def activity_by_local_day(
    session: Session, user_id: int, since: datetime, now: datetime, zone: ZoneInfo
) -> dict[date, Day]:
    """Attempts since ``since`` per local day of ``zone``, counted and summed in SQL.

    One row per day practised, whatever the number of attempts: each attempt's local
    day number is (its epoch seconds + the zone's UTC offset at that time) // 86400, the
    offset taken from the zone's periods between ``since`` and ``now``.
    """
    params = _period_params(zone, since, now)
    statement = _activity_statement(len(params) // 2, "from")
    params.update(user_id=user_id, since=since)
    return _days(session.connection().execute(statement, params))


_PAST_ATTEMPTS = sa.select(sa.func.count()).where(
    Attempt.user_id == sa.bindparam("user_id"),
    Attempt.created_at >= sa.bindparam("past_from"),
    Attempt.created_at < sa.bindparam("past_until"),
)


def recent_activity(
    session: Session, user_id: int, now: datetime, zone: ZoneInfo
) -> dict[date, Day]:
    """:func:`activity_by_local_day` over the last HISTORY_DAYS, the whole past days kept.

    Attempts are only ever added, at the time they are made (never deleted, their time
    and score never change), so the whole local days between the first one of the
    window and today stay as they were while the number of attempts in them does (an
    indexed count); only the partial first day and today are read each time. A day
    read in two parts (a zone going back an hour at midnight) is added up.
    """
    since = now - timedelta(days=HISTORY_DAYS)
    # max: where a zone goes back an hour at midnight, a local midnight can come twice
    next_day = datetime.combine(local_date(since, zone) + timedelta(days=1), time(), zone)
    past_from = max(since, next_day)
    past_until = max(past_from, datetime.combine(local_date(now, zone), time(), zone))
    connection = session.connection()
    params = _period_params(zone, since, now)
    periods = len(params) // 2
    params.update(user_id=user_id, since=since, past_from=past_from, past_until=past_until)
    past_attempts = connection.execute(_PAST_ATTEMPTS, params).scalar_one()
    cache = engine_cache(connection.engine, "past days")  # each learner's whole past days
    stamp = (past_from, past_until, past_attempts)
    past = cache.get_or_build(
        (user_id, zone),
        stamp,
        now,
        lambda: _days(connection.execute(_activity_statement(periods, "past"), params)),
    )
    days = dict(past)
    live = _days(connection.execute(_activity_statement(periods, "live"), params))
    for day, entry in live.items():
        if day in days:
            entry = Day(
                day, days[day].attempts + entry.attempts, days[day].score_sum + entry.score_sum
            )
        days[day] = entry
    return days


def _period_params(zone: ZoneInfo, since: datetime, now: datetime) -> dict[str, object]:
    params: dict[str, object] = {}
    for i, (start, offset) in enumerate(utc_offset_periods(zone, since, now)):
        params[f"start{i}"], params[f"offset{i}"] = start, offset
    return params


def _days(rows) -> dict[date, Day]:
    return {
        day_from_number(number): Day(day_from_number(number), attempts, float(score_sum))
        for number, attempts, score_sum in rows
    }


@functools.cache
def _activity_statement(periods: int, part: str) -> sa.Select:
    """The per-day query for a zone with ``periods`` UTC offsets in the window, built once.

    Period i starts at ``start{i}`` with offset ``offset{i}``; an attempt before the
    start of period i+1 takes the offset of period i. ``part``: every attempt from
    ``since`` ("from"), those from ``past_from`` to ``past_until`` ("past"), or the
    rest of the window ("live").
    """
    offsets = [sa.bindparam(f"offset{i}", type_=sa.Integer) for i in range(periods)]
    offset: sa.ColumnElement[int] = offsets[-1]
    if periods > 1:
        offset = sa.case(
            *(
                (Attempt.created_at < sa.bindparam(f"start{i + 1}"), offsets[i])
                for i in range(periods - 1)
            ),
            else_=offsets[-1],
        )
    day_number = ((epoch_seconds(Attempt.created_at) + offset) // SECONDS_PER_DAY).label("day")
    created = Attempt.created_at
    since, past_from, past_until = (
        sa.bindparam("since"),
        sa.bindparam("past_from"),
        sa.bindparam("past_until"),
    )
    learner = Attempt.user_id == sa.bindparam("user_id")
    # "live" names the learner in both terms: then each is a range of the index
    # (user_id, created_at), not a scan of all the learner's attempts
    window = {
        "from": learner & (created >= since),
        "past": learner & (created >= past_from) & (created < past_until),
        "live": (learner & (created >= since) & (created < past_from))
        | (learner & (created >= past_until)),
    }[part]
    return (
        sa.select(day_number, sa.func.count(Attempt.id), sa.func.sum(Attempt.score))
        .where(window)
        .group_by(day_number)
    )


_STAMP_COLUMNS = (
    # an "I was right" override or a corrected checklist replays its card without a new
    # review: ATTEMPTS_STAMP counts both
    *ATTEMPTS_STAMP,
    *CARDS_STAMP,
    # the interview date, its banks and the target the readiness and plan are computed for
    *SETTINGS_SUBQUERIES,
)
# The learner's latest session's place is read with the stamp, outer-joined to one row
# (a statement less per dashboard); it is not in the kept part: a session starts with
# no attempt, which the stamp would miss.
_LATEST_PLACE = LATEST_SESSION_PLACE.subquery("latest_place")
_DASHBOARD_STAMP = sa.select(*_STAMP_COLUMNS, *_LATEST_PLACE.c).select_from(
    # the sums are one row each, whatever the learner's history
    ATTEMPT_SUMS.join(CARD_SUMS, sa.true()).outerjoin(_LATEST_PLACE, sa.true())
)


def dashboard_stamp(session: Session, user_id: int) -> tuple[tuple, SessionPlace | None]:
    """The stamp of the learner's dashboard, and where their latest session (finished or
    not) was (None before any).

    The stamp changes whenever the learner's attempts or cards change what the dashboard
    shows. Attempts are only ever added (never deleted, their time and score never change; a
    self-rating shows on no dashboard number): their count and largest id see every
    new one, even one committed out of id order. Cards are created and changed by
    reviewing them (quiz.review.cards.review_attempt), which adds one to their
    ``reviews``, and replayed by an "I was right" override or a corrected checklist
    (rerate_attempt), which the counts of overrides and corrections see; the learner's
    interview date, its banks and their target are read as they are. The catalog
    (banks, topics, questions) has its own stamp, :func:`quiz.bank_store.catalog.catalog_stamp`.
    """
    row = session.connection().execute(_DASHBOARD_STAMP, {"user_id": user_id}).one()
    place = None if SESSION_PLACE_COLUMNS.is_null(row) else SESSION_PLACE_COLUMNS.read(row)
    return tuple(row[: len(_STAMP_COLUMNS)]), place
