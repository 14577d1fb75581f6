from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.scheduling.schedule import (
    AGAIN,
    EASY,
    FAST_SECONDS,
    GOOD,
    HARD,
    LEECH_LAPSES,
    SCHEDULER,
    CardState,
    ReviewRecord,
    _to_fsrs,
    count_lapses,
    new_card,
    rating_for,
    replay,
    retrievability,
    review,
    streak,
    topic_mastery,
)

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
LEARNING, REVIEW, RELEARNING = 1, 2, 3


def graduated(now: datetime = NOW) -> CardState:
    """A card answered Good twice (1 and 10 minute learning steps), now in Review."""
    card, _ = review(new_card(now), GOOD, now)
    card, _ = review(card, GOOD, card.due)
    assert card.state == REVIEW
    return card


# ---------------------------------------------------------------- new / review


def test_scheduler_is_deterministic():
    assert SCHEDULER.enable_fuzzing is False


def test_new_card_is_due_now_and_unreviewed():
    card = new_card(NOW)
    assert card == CardState(LEARNING, 0, None, None, NOW, None)


def test_good_is_due_later_than_hard_for_a_new_card():
    hard, _ = review(new_card(NOW), HARD, NOW)
    good, _ = review(new_card(NOW), GOOD, NOW)
    assert NOW < hard.due < good.due
    assert hard.last_review == good.last_review == NOW


def test_good_is_due_later_than_hard_for_a_review_card():
    card = graduated()
    later = card.due
    hard, _ = review(card, HARD, later)
    good, _ = review(card, GOOD, later)
    easy, _ = review(card, EASY, later)
    assert later + timedelta(days=1) <= hard.due < good.due < easy.due


def test_again_brings_a_new_card_back_the_same_day():
    card, record = review(new_card(NOW), AGAIN, NOW)
    assert card.state == LEARNING
    assert NOW < card.due < NOW + timedelta(hours=1)
    assert card.due.date() == NOW.date()
    assert record == ReviewRecord(AGAIN, NOW, None)


def test_again_on_a_review_card_relearns_within_the_day():
    card = graduated()
    lapsed, _ = review(card, AGAIN, card.due)
    assert lapsed.state == RELEARNING
    assert lapsed.due - card.due < timedelta(hours=1)
    assert lapsed.stability < card.stability


def test_easy_on_a_new_card_skips_learning():
    card, _ = review(new_card(NOW), EASY, NOW)
    assert card.state == REVIEW
    assert card.step is None
    assert card.due - NOW >= timedelta(days=1)


def test_intervals_grow_with_successive_good_reviews():
    card = graduated()
    intervals = []
    for _ in range(5):
        reviewed_at = card.due
        card, _ = review(card, GOOD, reviewed_at)
        intervals.append(card.due - reviewed_at)
    assert all(a < b for a, b in pairwise(intervals))
    assert intervals[0] >= timedelta(days=1)
    assert intervals[-1] > timedelta(days=60)


def test_review_does_not_modify_its_input():
    card = new_card(NOW)
    before = replace(card)
    review(card, GOOD, NOW)
    assert card == before


def test_same_reviews_give_the_same_schedule():
    a, _ = review(graduated(), GOOD, NOW + timedelta(days=3))
    b, _ = review(graduated(), GOOD, NOW + timedelta(days=3))
    assert a == b


def test_review_record_keeps_rating_time_and_duration():
    _, record = review(new_card(NOW), HARD, NOW, duration_ms=4200)
    assert record == ReviewRecord(HARD, NOW, 4200)


@pytest.mark.parametrize("rating", [0, 5, -1, True, "3", None])
def test_review_rejects_invalid_rating(rating):
    with pytest.raises(ValueError):
        review(new_card(NOW), rating, NOW)


# ---------------------------------------------------------------- time zones


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 1, 5, 9, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        new_card(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        review(new_card(NOW), GOOD, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        retrievability(graduated(), naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        replay([], naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        replay([ReviewRecord(GOOD, naive, None)], NOW)
    stored_naive = replace(new_card(NOW), due=naive)  # e.g. loaded from SQLite as is
    with pytest.raises(ValueError, match="timezone-aware"):
        review(stored_naive, GOOD, NOW)


def test_other_time_zones_are_converted_to_utc():
    paris = NOW.astimezone(ZoneInfo("Europe/Paris"))
    zone_utc = NOW.replace(tzinfo=ZoneInfo("UTC"))  # fsrs itself only takes timezone.utc
    for moment in (paris, zone_utc):
        card, record = review(new_card(moment), GOOD, moment)
        expected, _ = review(new_card(NOW), GOOD, NOW)
        assert card == expected
        assert card.due.tzinfo is UTC
        assert record.reviewed_at.tzinfo is UTC


# ------------------------------------------------------------ retrievability


def test_retrievability_of_a_new_card_is_zero():
    r = retrievability(new_card(NOW), NOW + timedelta(days=3))
    assert r == 0.0
    assert isinstance(r, float)


def test_retrievability_decays_with_time():
    card = graduated()
    last = card.last_review
    values = [retrievability(card, last + timedelta(days=d)) for d in (0, 1, 2, 10, 100)]
    assert values[0] == pytest.approx(1.0)
    assert all(a > b for a, b in pairwise(values))
    assert 0.0 < values[-1] < 0.6  # FSRS forgets along a power curve: slowly


def test_retrievability_counts_whole_days():
    # fsrs measures elapsed time in whole days: no decay until a full day has passed.
    card = graduated()
    assert retrievability(card, card.last_review + timedelta(hours=23)) == pytest.approx(1.0)
    assert retrievability(card, card.last_review + timedelta(hours=24)) < 1.0


def test_retrievability_is_about_90_percent_when_due():
    # FSRS schedules for 90% desired retention (intervals are rounded to whole days).
    card = graduated()
    card, _ = review(card, GOOD, card.due)
    assert retrievability(card, card.due) == pytest.approx(0.9, abs=0.02)


@settings(max_examples=300)
@given(
    stability=st.floats(min_value=0.001, max_value=36_500, allow_nan=False),
    seconds_since_review=st.integers(min_value=-86_400, max_value=3_650 * 86_400),
)
def test_retrievability_is_fsrs_own(stability, seconds_since_review):
    # computed from numbers (the dashboard reads every card), it must not drift from fsrs
    card = replace(graduated(), stability=stability)
    now = card.last_review + timedelta(seconds=seconds_since_review)
    expected = SCHEDULER.get_card_retrievability(_to_fsrs(card), current_datetime=now)
    assert retrievability(card, now) == pytest.approx(min(1.0, max(0.0, expected)), rel=1e-12)


# -------------------------------------------------------------------- replay


def test_replay_reproduces_the_card():
    ratings_and_gaps = [
        (AGAIN, timedelta(0)),
        (GOOD, timedelta(minutes=2)),
        (GOOD, timedelta(minutes=15)),
        (GOOD, timedelta(days=3)),
        (AGAIN, timedelta(days=9)),
        (HARD, timedelta(minutes=12)),
        (GOOD, timedelta(days=1, hours=2)),
        (EASY, timedelta(days=6)),
    ]
    card = new_card(NOW)
    records = []
    at = NOW
    for rating, gap in ratings_and_gaps:
        at += gap
        card, record = review(card, rating, at, duration_ms=1000)
        records.append(record)
    assert card.state == REVIEW

    assert replay(records, NOW) == card
    assert replay(list(reversed(records)), NOW) == card  # applied in time order


def test_replay_of_nothing_is_a_new_card():
    assert replay([], NOW) == new_card(NOW)


# ---------------------------------------------------------------- rating_for


@pytest.mark.parametrize(
    ("kind", "score", "seconds", "expected"),
    [
        ("single", 0.0, 2, AGAIN),
        ("single", 1.0, 30, GOOD),
        ("single", 1.0, 8, EASY),
        ("single", 1.0, 8.5, GOOD),
        ("single", 1.0, None, GOOD),  # time unknown: not fast
        ("multiple", 0.5, 3, HARD),
        ("multiple", 1.0, 14, EASY),
        ("multiple", 1.0, 16, GOOD),
        ("multiple", 0.0, 3, AGAIN),
        ("short", 1.0, 12, EASY),
        ("short", 1.0, 13, GOOD),
        ("short", 0.99, 1, HARD),
        ("open", 1.0, 0, GOOD),  # open never Easy from its score
        ("open", 1.0, 1, GOOD),
        # open without a self-rating follows the score: Again < 0.3 <= Hard < 0.7 <= Good
        ("open", 0.88, 1, GOOD),  # 88% is Good, not Hard
        ("open", 0.7, 1, GOOD),
        ("open", 0.69, 1, HARD),
        ("open", 0.5, 1, HARD),
        ("open", 0.3, 1, HARD),
        ("open", 0.29, 1, AGAIN),
        ("open", 0.2, 1, AGAIN),
        ("open", 0.0, 1, AGAIN),
        ("open", float("nan"), 1, AGAIN),
        ("unknown-kind", 1.0, 1, GOOD),
        ("single", 1.0, -1, GOOD),  # a clock going backwards is not "fast"
        ("single", float("nan"), 1, AGAIN),
    ],
)
def test_rating_for(kind, score, seconds, expected):
    assert rating_for(kind, score, seconds) == expected


def test_fast_thresholds():
    assert FAST_SECONDS == {"single": 8, "multiple": 15, "short": 12, "open": 0}


@pytest.mark.parametrize("self_rating", [AGAIN, HARD, GOOD, EASY])
def test_self_rating_wins(self_rating):
    assert rating_for("open", 0.0, 100, self_rating=self_rating) == self_rating
    assert rating_for("open", 1.0, 1, self_rating=self_rating) == self_rating
    assert rating_for("single", 1.0, 1, self_rating=self_rating) == self_rating


@pytest.mark.parametrize("self_rating", [0, 5, True])
def test_invalid_self_rating_rejected(self_rating):
    with pytest.raises(ValueError):
        rating_for("open", 1.0, 1, self_rating=self_rating)


# ------------------------------------------------------------------- mastery


@pytest.mark.parametrize(
    ("total", "rs", "expected"),
    [
        (4, [1.0, 0.5], 0.375),  # coverage 2/4 x mean 0.75
        (4, [1.0, 1.0, 1.0, 1.0], 1.0),
        (4, [], 0.0),
        (2, [0.9, 0.7], 0.8),
        (3, [0.6], 0.2),
        (0, [], 0.0),
        (0, [1.0], 0.0),
        (2, [1.5, -0.2], 0.5),  # out-of-range values clamped to 0..1
        (1, [1.0, 1.0], 1.0),  # never above 1
    ],
)
def test_topic_mastery(total, rs, expected):
    assert topic_mastery(total, rs) == pytest.approx(expected)


def test_topic_mastery_from_real_cards():
    later = NOW + timedelta(days=30)
    r = retrievability(graduated(), later)
    assert 0 < r < 1
    assert topic_mastery(2, [r, retrievability(new_card(NOW), later)]) == pytest.approx(r / 2)


# -------------------------------------------------------------------- leeches


def test_leech_threshold():
    assert LEECH_LAPSES == 4


@pytest.mark.parametrize(
    ("ratings", "lapses", "leech"),
    [
        ([], 0, False),
        ([AGAIN, AGAIN, AGAIN, AGAIN, AGAIN], 0, False),  # never learned yet
        ([GOOD, GOOD, GOOD], 0, False),
        ([GOOD, AGAIN, GOOD, AGAIN, GOOD, AGAIN], 3, False),
        ([GOOD, AGAIN, GOOD, AGAIN, GOOD, AGAIN, GOOD, AGAIN], 4, True),
        ([AGAIN, AGAIN, AGAIN, HARD, AGAIN, GOOD, AGAIN, AGAIN], 3, False),
        ([AGAIN, AGAIN, HARD, AGAIN, AGAIN, AGAIN, AGAIN], 4, True),
        ([EASY, AGAIN, AGAIN, AGAIN, AGAIN, AGAIN], 5, True),
    ],
)
def test_lapses_and_leeches(ratings, lapses, leech):
    assert count_lapses(ratings) == lapses
    assert (count_lapses(ratings) >= LEECH_LAPSES) is leech  # the dashboard's leech rule


# -------------------------------------------------------------------- streaks

TODAY = date(2026, 1, 5)


def days_back(*offsets: int) -> set[date]:
    return {TODAY - timedelta(days=n) for n in offsets}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (set(), 0),
        (days_back(0), 1),
        (days_back(0, 1, 2), 3),
        (days_back(1, 2, 3), 3),  # nothing today yet: the streak still stands
        (days_back(2, 3, 4), 0),  # yesterday missed: broken
        (days_back(0, 1, 3, 4, 5), 2),  # a gap ends the streak
        (days_back(1), 1),
        (days_back(-1, 0), 1),  # a future day (clock skew) does not count
    ],
)
def test_streak(days, expected):
    assert streak(days, TODAY) == expected


def test_streak_accepts_any_collection_including_duplicates():
    assert streak([TODAY, TODAY, TODAY - timedelta(days=1)], TODAY) == 2
