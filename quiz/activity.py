"""A learner's activity by local day (pure Python: no Flask, no database)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def end_of_local_day(now: datetime, zone: ZoneInfo) -> datetime:
    """The first instant of the learner's tomorrow, as an aware datetime."""
    tomorrow = local_date(now, zone) + timedelta(days=1)
    return datetime.combine(tomorrow, time(), tzinfo=zone)


@dataclass
class Day:
    day: date
    attempts: int = 0
    score_sum: float = 0.0

    @property
    def accuracy(self) -> float | None:
        return self.score_sum / self.attempts if self.attempts else None


def days_of_activity(attempts: Iterable[tuple[datetime, float]], zone: ZoneInfo) -> dict[date, Day]:
    """Attempts (time, score) grouped by the learner's local calendar day."""
    days: dict[date, Day] = {}
    for moment, score in attempts:
        day = local_date(moment, zone)
        entry = days.setdefault(day, Day(day))
        entry.attempts += 1
        entry.score_sum += score
    return days


def last_days(days: dict[date, Day], today: date, count: int) -> list[Day]:
    """The ``count`` days ending today, oldest first, empty days included."""
    start = today - timedelta(days=count - 1)
    return [
        days.get(start + timedelta(days=i), Day(start + timedelta(days=i))) for i in range(count)
    ]
