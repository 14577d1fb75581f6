"""Everything the dashboard shows, in a fixed number of queries whatever the history size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.activity import Day, days_of_activity, end_of_local_day, last_days, local_date
from quiz.models import Attempt, Card, Question
from quiz.review.mastery import TopicMastery, topic_masteries
from quiz.review.queue import QueueStatus, queue_status
from quiz.scheduling import LEECH_LAPSES, streak
from quiz.serving import Scope

HISTORY_DAYS = 366  # a streak longer than a year still shows as a year


@dataclass
class Dashboard:
    today: date
    status: QueueStatus
    streak: int
    topics: list[TopicMastery]
    last_30_days: list[Day]
    activity: dict[date, Day]
    leeches: list[tuple[Question, Card]]


def build_dashboard(session: Session, user_id: int, now: datetime, zone: ZoneInfo) -> Dashboard:
    today = local_date(now, zone)
    status = queue_status(session, user_id, now, end_of_local_day(now, zone), Scope(None, None))
    history = session.execute(
        sa.select(Attempt.created_at, Attempt.score).where(
            Attempt.user_id == user_id,
            Attempt.created_at >= now - timedelta(days=HISTORY_DAYS),
        )
    ).all()
    activity = days_of_activity(history, zone)
    leeches = session.execute(
        sa.select(Question, Card)
        .join(Card, Card.question_id == Question.id)
        .where(Card.user_id == user_id, Card.lapses >= LEECH_LAPSES, ~Question.retired)
        .order_by(Card.lapses.desc(), Question.id)
    ).all()
    return Dashboard(
        today=today,
        status=status,
        streak=streak(activity.keys(), today),
        topics=topic_masteries(session, user_id, now),
        last_30_days=last_days(activity, today, 30),
        activity=activity,
        leeches=[(row.Question, row.Card) for row in leeches],
    )
