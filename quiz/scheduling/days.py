"""A learner's activity by local day (pure Python: no Flask, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

EPOCH_DAY = date(1970, 1, 1)
SECONDS_PER_DAY = 86_400


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


def last_days(days: dict[date, Day], today: date, count: int) -> list[Day]:
    """The ``count`` days ending today, oldest first, empty days included."""
    start = today - timedelta(days=count - 1)
    return [
        days.get(start + timedelta(days=i), Day(start + timedelta(days=i))) for i in range(count)
    ]


def utc_offset_periods(
    zone: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[datetime, int]]:
    """The zone's UTC offsets between two instants: (instant it starts, offset in seconds).

    The first period starts at ``start``; each later one at a transition (daylight saving
    time), found to the second. Lets the database group by local day with a plain
    offset per period instead of Python reading every row.
    """
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    transitions = _transitions(zone, start.date(), end.date() + timedelta(days=1))
    periods = [(start, _offset(zone, start))]
    periods += [(moment, offset) for moment, offset in transitions if start < moment <= end]
    return periods


def _offset(zone: ZoneInfo, moment: datetime) -> int:
    return int(moment.astimezone(zone).utcoffset().total_seconds())


@lru_cache(maxsize=256)
def _transitions(zone: ZoneInfo, first: date, last: date) -> tuple[tuple[datetime, int], ...]:
    """Offset changes between two UTC midnights (cached: a dashboard asks every request)."""
    step = timedelta(hours=6)  # no zone changes its offset twice within six hours
    before = datetime.combine(first, time(), tzinfo=UTC)
    stop = datetime.combine(last, time(), tzinfo=UTC)
    current = _offset(zone, before)
    found = []
    while before < stop:
        after = before + step
        if _offset(zone, after) != current:
            low, high = before, after  # low has the old offset, high the new one
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            changed = high.replace(microsecond=0)
            if _offset(zone, changed) == current:
                changed += timedelta(seconds=1)
            current = _offset(zone, after)
            found.append((changed, current))
        before = after
    return tuple(found)


def day_from_number(number: int) -> date:
    """The date ``number`` days after 1970-01-01 (local day numbers computed in SQL)."""
    return EPOCH_DAY + timedelta(days=number)
