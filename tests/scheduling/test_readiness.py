"""The interview date's rules, in plain Python: validation, the cap, readiness on the
day, the final days' order and the daily plan (quiz/scheduling/readiness.py)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Scheduler, State
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.scheduling.readiness import (
    FINAL_DAYS,
    PlanTopic,
    capped_due,
    daily_plan,
    due_at,
    due_first,
    interview_date_problem,
    interview_window,
    percent,
    readiness,
    recall_on_day,
)
from quiz.scheduling.schedule import AGAIN, EASY, GOOD, HARD, CardState, new_card, review

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 7, 10)
NOW = datetime(2026, 7, 10, 8, tzinfo=UTC)  # 10:00 in Berlin


def learned(at: datetime, ratings=(GOOD, GOOD), retention: float = 0.9) -> CardState:
    """A card first seen at ``at`` and rated ``ratings``, ten minutes apart."""
    card = new_card(at)
    for i, rating in enumerate(ratings):
        card, _ = review(card, rating, at + timedelta(minutes=10 * i), None, retention)
    return card


# ------------------------------------------------------------------------ the date


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Enter the interview date as a date, such as 2026-07-20."),
        (date(2026, 7, 9), "9 July 2026 has passed: choose a day after today."),
        (date(2020, 1, 1), "1 January 2020 has passed: choose a day after today."),
        (TODAY, "That is today: choose a day after today."),
        (date(2028, 7, 11), "Choose a date within two years, by 10 July 2028."),
        (date(2999, 1, 1), "Choose a date within two years, by 10 July 2028."),
    ],
)
def test_a_date_that_is_not_ahead_or_too_far_is_refused_with_a_reason(value, message):
    assert interview_date_problem(value, TODAY) == message


@pytest.mark.parametrize("value", [date(2026, 7, 11), date(2026, 7, 20), date(2028, 7, 10)])
def test_tomorrow_to_two_years_out_is_accepted(value):
    assert interview_date_problem(value, TODAY) is None


def test_two_years_after_29_february_is_28_february():
    assert interview_date_problem(date(2030, 2, 28), date(2028, 2, 29)) is None
    assert interview_date_problem(date(2030, 3, 1), date(2028, 2, 29)) is not None


def test_the_window_starts_at_local_midnight_and_its_final_days_three_midnights_before():
    window = interview_window(date(2026, 7, 20), BERLIN)
    assert window.starts == datetime(2026, 7, 19, 22, tzinfo=UTC)
    assert window.final_from == datetime(2026, 7, 16, 22, tzinfo=UTC)
    assert window.days_left(TODAY) == 10
    assert not window.offers_rehearsal(TODAY)
    assert window.offers_rehearsal(date(2026, 7, 18)) and window.offers_rehearsal(date(2026, 7, 19))
    assert not window.offers_rehearsal(date(2026, 7, 20))
    assert window.in_final_days(datetime(2026, 7, 17, 9, tzinfo=UTC))
    assert not window.in_final_days(datetime(2026, 7, 16, 21, tzinfo=UTC))
    assert not window.is_ahead(window.starts)


# ------------------------------------------------------------------------- the cap


def state(due: datetime, last_review: datetime | None, stability: float = 10.0) -> CardState:
    return CardState(2, None, stability, 5.0, due, last_review)


def test_an_interval_ending_in_the_final_days_or_after_the_date_ends_when_they_begin():
    window = interview_window(date(2026, 7, 20), BERLIN)
    before = state(datetime(2026, 7, 15, tzinfo=UTC), NOW)
    in_final = state(datetime(2026, 7, 18, tzinfo=UTC), NOW)
    after = state(datetime(2026, 8, 30, tzinfo=UTC), NOW)
    reviewed_in_final = state(datetime(2026, 8, 30, tzinfo=UTC), datetime(2026, 7, 17, tzinfo=UTC))
    assert capped_due(before, window) == before.due
    assert capped_due(in_final, window) == window.final_from
    assert capped_due(after, window) == window.final_from
    assert capped_due(reviewed_in_final, window) == reviewed_in_final.due
    # only the interview's banks, and only while it is ahead
    assert due_at(after, False, NOW, window) == after.due
    assert due_at(after, True, window.starts, window) == after.due


def test_recall_on_the_day_is_fsrs_retrievability_at_the_days_first_instant():
    window = interview_window(date(2026, 7, 20), BERLIN)
    scheduler = Scheduler(enable_fuzzing=False)
    for stability in (0.5, 2.3, 9.0, 40.0):
        card = state(NOW, NOW, stability)
        fsrs_card = Card(
            state=State.Review, stability=stability, difficulty=5.0, due=NOW, last_review=NOW
        )
        expected = scheduler.get_card_retrievability(fsrs_card, window.starts)
        assert recall_on_day(card, window) == pytest.approx(expected)
    assert recall_on_day(new_card(NOW), window) == 0.0


# -------------------------------------------------------------------- readiness


def topic(topic_id: int, questions: int, title: str) -> PlanTopic:
    return PlanTopic(topic_id, title, title.lower(), "Bank", "bank", questions)


def test_readiness_counts_unseen_questions_as_not_known_and_ranks_the_furthest_first():
    window = interview_window(date(2026, 7, 20), BERLIN)
    fresh = learned(NOW)
    topics = [topic(1, 2, "Async"), topic(2, 4, "Basics"), topic(3, 1, "Caching")]
    result = readiness(topics, [(1, fresh), (1, fresh), (2, fresh), (3, fresh)], window, 0.9)
    r = recall_on_day(fresh, window)
    assert 0 < r < 1
    by_title = {t.topic.title: t for t in result.topics}
    assert by_title["Async"].ready == pytest.approx(r)
    assert by_title["Basics"].ready == pytest.approx(r / 4)  # three unseen count 0
    assert by_title["Basics"].seen == 1
    assert result.topics[0].topic.title == "Basics"
    assert result.ready == pytest.approx(4 * r / 7)
    assert (result.questions, result.seen, result.target_percent) == (7, 4, 90)


def test_percentages_round_down_so_a_target_is_only_shown_reached_when_it_is():
    assert [percent(x) for x in (0.899, 0.9, 0.62, 0.85, 0.29)] == [89, 90, 62, 85, 29]


# -------------------------------------------------------------- the final days


def test_in_the_final_days_the_lowest_recall_on_the_day_comes_first():
    window = interview_window(date(2026, 7, 20), BERLIN)
    now = datetime(2026, 7, 17, 9, tzinfo=UTC)  # final days
    weak = ("weak", state(datetime(2026, 7, 17, 8, tzinfo=UTC), NOW, stability=1.0))
    strong = ("strong", state(datetime(2026, 7, 17, 6, tzinfo=UTC), NOW, stability=30.0))
    capped = ("capped", state(datetime(2026, 9, 1, tzinfo=UTC), NOW, stability=60.0))
    other = ("other bank", state(datetime(2026, 7, 16, tzinfo=UTC), NOW, stability=0.5))
    reviewed = datetime(2026, 7, 17, 7, tzinfo=UTC)  # in the final days already
    later = ("not due", state(datetime(2026, 7, 18, tzinfo=UTC), reviewed, stability=0.1))
    cards = [strong, capped, other, weak, later]
    order = due_first(cards, lambda c: c[1], lambda c: c[0] != "other bank", now, window)
    assert [name for name, _ in order] == ["weak", "strong", "capped", "other bank"]
    # before the final days: most overdue first, the capped card not due yet
    earlier = datetime(2026, 7, 16, 12, tzinfo=UTC)
    cards = [(n, state(c.due - timedelta(days=1), c.last_review, c.stability)) for n, c in cards]
    order = due_first(cards, lambda c: c[1], lambda c: c[0] != "other bank", earlier, window)
    assert [name for name, _ in order] == ["other bank", "strong", "weak"]


def test_from_the_interview_day_on_the_fsrs_schedule_applies_again():
    window = interview_window(date(2026, 7, 20), BERLIN)
    after = window.starts + timedelta(hours=1)
    cards = [
        ("capped before", state(datetime(2026, 9, 1, tzinfo=UTC), NOW)),
        ("due", state(window.starts, NOW, stability=60.0)),
        ("overdue", state(window.starts - timedelta(hours=5), NOW, stability=60.0)),
    ]
    order = due_first(cards, lambda c: c[1], lambda c: True, after, window)
    assert [name for name, _ in order] == ["overdue", "due"]


# ---------------------------------------------------------------- many learners


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    days_ahead=st.integers(1, 45),
    cards=st.integers(1, 12),
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]),
    retention=st.sampled_from([0.7, 0.8, 0.9, 0.95, 0.97]),
    skip_before=st.floats(0, 0.7),
)
def test_no_card_is_next_due_after_the_date_without_a_review_in_its_final_days(
    seed, days_ahead, cards, zone, retention, skip_before
):
    """A learner answers what is due once a day (skipping some days before the final
    ones, never in them), rating at random: after every review, each card is next due
    before the interview or was reviewed in its final days; and every card seen before
    the final days is reviewed in them."""
    rng = random.Random(seed)
    zone_info = ZoneInfo(zone)
    start = datetime(2026, 3, 1, 6, tzinfo=UTC) + timedelta(minutes=rng.randrange(1440))
    window = interview_window(
        (start.astimezone(zone_info) + timedelta(days=days_ahead)).date(), zone_info
    )
    deck = [
        learned(
            start - timedelta(days=rng.randrange(0, 60)),
            (rng.choice((GOOD, EASY, HARD)),),
            retention,
        )
        for _ in range(cards)
    ]
    seen_before_final = set(range(cards))
    reviewed_in_final: set[int] = set()
    moment = start
    while moment < window.starts:
        if window.in_final_days(moment) or rng.random() >= skip_before:
            due = due_first(list(range(cards)), lambda i: deck[i], lambda i: True, moment, window)
            for i in due:
                rating = rng.choice((AGAIN, HARD, GOOD, GOOD, GOOD, EASY))
                deck[i], _ = review(deck[i], rating, moment, None, retention)
                if window.in_final_days(moment):
                    reviewed_in_final.add(i)
                for card in deck:
                    next_due = capped_due(card, window)
                    assert next_due < window.starts or card.last_review >= window.final_from
        moment += timedelta(hours=rng.choice((20, 24, 24, 24, 28)))
    if days_ahead > FINAL_DAYS:
        assert seen_before_final <= reviewed_in_final


# --------------------------------------------------------------------- the plan


def deck_of(count: int, at: datetime) -> list[CardState]:
    return [learned(at - timedelta(days=i % 5)) for i in range(count)]


def test_a_pace_too_slow_is_warned_with_the_pace_that_reaches_the_target():
    window = interview_window(date(2026, 7, 20), BERLIN)
    plan = daily_plan(deck_of(30, NOW), 120, window, NOW, TODAY, recent_pace=5)
    assert not plan.on_track
    assert plan.needed.ready >= 0.9
    reach = percent(plan.at_pace.ready)
    assert plan.warnings == [
        f"At 5 a day you reach {reach}%; {plan.needed.per_day} a day reaches 90%."
    ]
    assert reach < 90 and plan.needed.per_day > 5
    # the fewest: one answer a day less does not reach it
    slower = daily_plan(deck_of(30, NOW), 120, window, NOW, TODAY, plan.needed.per_day - 1)
    assert slower.at_pace.ready < 0.9 and not slower.on_track
    at_needed = daily_plan(deck_of(30, NOW), 120, window, NOW, TODAY, plan.needed.per_day)
    assert at_needed.on_track and at_needed.warnings == []
    assert plan.needed.new_today > 0


def test_a_learner_on_pace_gets_no_warning_and_the_plan_for_today():
    window = interview_window(date(2026, 7, 11), BERLIN)  # tomorrow
    plan = daily_plan([], 50, window, NOW, TODAY, recent_pace=200, retention=0.97)
    assert plan.on_track and plan.warnings == []
    assert plan.at_pace.new_today == 50 and plan.at_pace.ready == 1.0
    assert plan.needed.new_today == 49  # two answers each on their first day: 98 a day
    assert plan.needed.per_day == 98


def test_a_higher_desired_retention_asks_for_more():
    window = interview_window(date(2026, 7, 30), BERLIN)
    low = daily_plan(deck_of(20, NOW), 60, window, NOW, TODAY, 0, retention=0.8)
    high = daily_plan(deck_of(20, NOW), 60, window, NOW, TODAY, 0, retention=0.95)
    assert high.needed.per_day >= low.needed.per_day
    assert (low.target, high.target) == (0.8, 0.95)
