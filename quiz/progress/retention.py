"""True retention (Anki's table): of the reviews of questions already learned, the
share recalled, per recent period, against the desired retention.

Read from the stored review log in one statement; each card's states are replayed with
the ``fsrs`` package (``quiz.scheduling.schedule.learned_reviews``), so there is no
second scheduler.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Card, ReviewLog
from quiz.scheduling.days import local_date
from quiz.scheduling.schedule import RetentionRow, ReviewRecord, learned_reviews, true_retention

# (label, whole local days back including today; None: all time)
PERIODS = (("Last week", 7), ("Last month", 30), ("Last year", 365), ("All time", None))

# every review of the learner's cards, card by card in time order; built once
_REVIEWS = (
    sa.select(
        ReviewLog.card_id,
        Card.first_seen,
        ReviewLog.rating,
        ReviewLog.reviewed_at,
        ReviewLog.duration_ms,
    )
    .join(Card, Card.id == ReviewLog.card_id)
    .where(Card.user_id == sa.bindparam("user_id"))
    .order_by(ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.id)
)


def retention_table(
    session: Session, user_id: int, now: datetime, zone: ZoneInfo
) -> list[RetentionRow]:
    """The learner's true retention over :data:`PERIODS`, each starting at a local
    midnight of ``zone`` (so the table changes at the learner's midnight)."""
    rows = session.connection().execute(_REVIEWS, {"user_id": user_id})
    reviews: list[tuple[datetime, bool]] = []
    for _card_id, card_rows in itertools.groupby(rows, key=lambda row: row.card_id):
        card_rows = list(card_rows)
        records = [ReviewRecord(r.rating, r.reviewed_at, r.duration_ms) for r in card_rows]
        reviews.extend(learned_reviews(records, card_rows[0].first_seen))
    today = local_date(now, zone)
    periods = [
        (label, None if days is None else period_start(today, days, zone))
        for label, days in PERIODS
    ]
    return true_retention(reviews, periods)


def period_start(today: date, days: int, zone: ZoneInfo) -> datetime:
    """The local midnight that starts the last ``days`` days, today included."""
    return datetime.combine(today - timedelta(days=days - 1), time(), zone)
