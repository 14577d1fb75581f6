"""Activity per local day counted in SQL equals the row-by-row count, at zone boundaries.

Runs on the suite's database (SQLite, or PostgreSQL with `make test-postgres`).
"""

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from quiz.dashboard.summary import (
    HISTORY_DAYS,
    activity_by_local_day,
    build_dashboard,
    recent_activity,
)
from quiz.extensions import db
from quiz.models import Attempt, Question
from quiz.scheduling.days import utc_offset_periods
from tests.conftest import QueryCounter, add_learner, days_of_activity
from tests.conftest import add_attempt as store_attempt_row

NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
ZONES = (
    "UTC",
    "Europe/Berlin",  # DST: 2026-03-29 01:00 UTC and 2026-10-25 01:00 UTC
    "America/New_York",  # DST: 2026-03-08 07:00 UTC and 2026-11-01 06:00 UTC
    "Asia/Kolkata",  # +05:30
    "Asia/Kathmandu",  # +05:45
    "Australia/Lord_Howe",  # a half-hour DST shift
    "Pacific/Kiritimati",  # +14:00
    "Pacific/Pago_Pago",  # -11:00
    "America/Santiago",  # DST changes at local midnight
    "America/Havana",  # DST changes at local midnight
)


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Instants (to the minute) where the zone's UTC offset changes, found by brute force:
    hour by hour, then minute by minute within the hour it changed in."""
    changes, moment = [], start.replace(minute=0, second=0, microsecond=0)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        if (moment + timedelta(hours=1)).astimezone(zone).utcoffset() != offset:
            minute = moment
            while minute.astimezone(zone).utcoffset() == offset:
                minute += timedelta(minutes=1)
            offset = minute.astimezone(zone).utcoffset()
            changes.append(minute)
        moment += timedelta(hours=1)
    return changes


@cache
def moments() -> list[datetime]:
    """A fixed set of attempt times: a second either side of every local midnight and
    every DST transition of the zones above, plus a spread over the year."""
    found = set()
    for name in ZONES:
        zone = ZoneInfo(name)
        for start in offset_changes(zone, NOW - timedelta(days=HISTORY_DAYS), NOW):
            found.update(start + timedelta(seconds=s) for s in (-1, 0, 1))
        for days_back in (0, 1, 2, 40, 120, 200, 300, 365):
            day = (NOW - timedelta(days=days_back)).astimezone(zone).date()
            midnight = datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC)
            found.update(midnight + timedelta(microseconds=us) for us in (-1, 0, 999_999))
            found.update(midnight + timedelta(seconds=s) for s in (-1, 1))
    found.update(NOW - timedelta(minutes=37 * i) for i in range(0, 14_000, 7))
    since = NOW - timedelta(days=HISTORY_DAYS)
    return sorted(m for m in found if since - timedelta(days=1) <= m <= NOW)


@pytest.fixture
def history(app, every_kind_bank):
    with app.app_context():
        user = add_learner("tz")
        db.session.commit()
        question_id = db.session.scalar(sa.select(Question.id).limit(1))
        rows = [
            {
                "user_id": user.id,
                "question_id": question_id,
                "mode": "practice",
                "answer": "x",
                "score": (0.0, 0.5, 1.0)[i % 3],
                "verdict": "partial",
                "detail": {},
                "created_at": moment,
            }
            for i, moment in enumerate(moments())
        ]
        db.session.execute(sa.insert(Attempt), rows)
        db.session.commit()
        return user.id


@pytest.mark.parametrize("zone_name", ZONES)
def test_days_counted_in_sql_equal_the_row_by_row_count(app, history, zone_name):
    zone = ZoneInfo(zone_name)
    since = NOW - timedelta(days=HISTORY_DAYS)
    with app.app_context():
        rows = db.session.execute(
            sa.select(Attempt.created_at, Attempt.score).where(
                Attempt.user_id == history, Attempt.created_at >= since
            )
        ).all()
        expected = days_of_activity(rows, zone)
        counted = activity_by_local_day(db.session, history, since, NOW, zone)
    assert len(rows) > 1000  # the fixed data set really was stored
    assert sorted(counted) == sorted(expected)
    for day, entry in expected.items():
        assert (counted[day].attempts, counted[day].score_sum) == (
            entry.attempts,
            entry.score_sum,
        ), day


def test_a_second_before_local_midnight_is_the_previous_day(app, history):
    berlin = ZoneInfo("Europe/Berlin")
    midnight = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # 00:00 on the 25th in Berlin
    with app.app_context():
        counted = activity_by_local_day(
            db.session, history, midnight - timedelta(seconds=1), midnight, berlin
        )
    assert set(counted) == {date(2026, 11, 24), date(2026, 11, 25)}
    assert counted[date(2026, 11, 24)].attempts == 2  # a second and a microsecond before


def test_offset_periods_find_daylight_saving_changes_to_the_second():
    berlin = ZoneInfo("Europe/Berlin")
    periods = utc_offset_periods(berlin, datetime(2026, 1, 1, tzinfo=UTC), NOW)
    assert periods == [
        (datetime(2026, 1, 1, tzinfo=UTC), 3600),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 7200),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 3600),
    ]
    assert utc_offset_periods(ZoneInfo("Asia/Kathmandu"), NOW - timedelta(days=9), NOW) == [
        (NOW - timedelta(days=9), 20700)
    ]


def test_dashboard_reads_one_row_per_day_not_per_attempt(app, history):
    """The statement returns grouped days: far fewer rows than the attempts it counts."""
    with app.app_context():
        with QueryCounter(db.engine) as counter:
            data = build_dashboard(db.session, history, NOW, ZoneInfo("Asia/Kolkata"))
        attempts = sum(day.attempts for day in data.activity.values())
    assert attempts > 1000
    assert len(data.activity) <= HISTORY_DAYS + 1
    assert not any(
        "attempt.created_at, attempt.score" in " ".join(s.split()) for s in counter.statements
    )


def add_attempt(user_id: int, moment: datetime, score: float) -> None:
    question_id = db.session.scalar(sa.select(Question.id).limit(1))
    store_attempt_row(user_id, question_id, score, moment)


@pytest.mark.parametrize("zone_name", ZONES)
def test_kept_past_days_equal_a_fresh_count(app, history, zone_name):
    """recent_activity keeps whole past days: at each step (a new answer, a backdated
    one, days and daylight saving changes passing) it equals the full count."""
    zone = ZoneInfo(zone_name)
    with app.app_context():

        def check(now: datetime) -> None:
            expected = activity_by_local_day(
                db.session, history, now - timedelta(days=HISTORY_DAYS), now, zone
            )
            for _ in range(2):  # once reading the past days, once keeping them
                assert recent_activity(db.session, history, now, zone) == expected

        check(NOW)
        add_attempt(history, NOW, 0.5)  # today: read live
        check(NOW)
        add_attempt(history, NOW - timedelta(days=100), 1.0)  # backdated: past days re-read
        check(NOW)
        for hours in (1, 7, 23, 49, 24 * 40, 24 * 130, 24 * 200):
            check(NOW + timedelta(hours=hours))
