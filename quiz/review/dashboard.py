"""Everything the dashboard shows, in a fixed number of queries whatever the history size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.activity import (
    SECONDS_PER_DAY,
    Day,
    day_from_number,
    end_of_local_day,
    last_days,
    local_date,
    utc_offset_periods,
)
from quiz.models import Attempt, Card, Question, headline_of
from quiz.review.mastery import TopicMastery, topic_masteries
from quiz.review.queue import QueueStatus, queue_status
from quiz.scheduling import LEECH_LAPSES, streak
from quiz.serving import Scope
from quiz.sql_functions import epoch_seconds

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


@dataclass
class Leech:
    question_id: int
    key: str
    headline: str
    explanation_html: str
    lapses: int


def build_dashboard(session: Session, user_id: int, now: datetime, zone: ZoneInfo) -> Dashboard:
    today = local_date(now, zone)
    status = queue_status(session, user_id, now, end_of_local_day(now, zone), Scope(None, None))
    activity = activity_by_local_day(
        session, user_id, now - timedelta(days=HISTORY_DAYS), now, zone
    )
    # columns, not Question and Card objects: the list shows four fields of each
    leeches = session.execute(
        sa.select(
            Question.id,
            Question.key,
            Question.prompt_md_column(),
            Question.explanation_html,
            Card.lapses,
        )
        .join(Card, Card.question_id == Question.id)
        .where(Card.user_id == user_id, Card.lapses >= LEECH_LAPSES, ~Question.retired)
        .order_by(Card.lapses.desc(), Question.id)
    )
    return Dashboard(
        today=today,
        status=status,
        streak=streak(activity.keys(), today),
        topics=topic_masteries(session, user_id, now),
        last_30_days=last_days(activity, today, 30),
        activity=activity,
        leeches=[
            Leech(question_id, key, headline_of(prompt_md), explanation_html, lapses)
            for question_id, key, prompt_md, explanation_html, lapses in leeches
        ],
    )


def activity_by_local_day(
    session: Session, user_id: int, since: datetime, now: datetime, zone: ZoneInfo
) -> dict[date, Day]:
    """Attempts since ``since`` per local day of ``zone``, counted and summed in SQL.

    One row per day practised, whatever the number of attempts: each attempt's local
    day number is (its epoch seconds + the zone's UTC offset at that time) // 86400, the
    offset taken from the zone's periods between ``since`` and ``now``.
    """
    periods = utc_offset_periods(zone, since, now)
    offset: sa.ColumnElement[int] = sa.literal(periods[-1][1])
    if len(periods) > 1:
        offset = sa.case(
            *((Attempt.created_at < start, value) for (_, value), (start, _) in pairwise(periods)),
            else_=periods[-1][1],
        )
    day_number = ((epoch_seconds(Attempt.created_at) + offset) // SECONDS_PER_DAY).label("day")
    rows = session.execute(
        sa.select(day_number, sa.func.count(Attempt.id), sa.func.sum(Attempt.score))
        .where(Attempt.user_id == user_id, Attempt.created_at >= since)
        .group_by(day_number)
    )
    return {
        day_from_number(number): Day(day_from_number(number), attempts, float(score_sum))
        for number, attempts, score_sum in rows
    }
