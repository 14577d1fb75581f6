"""Ranking topics by evidence and Anki's true retention, as plain functions (issue 20)."""

from datetime import UTC, datetime, timedelta

import pytest

from quiz.scheduling.schedule import (
    AGAIN,
    GOOD,
    HARD,
    ReviewRecord,
    expected_recall,
    learned_reviews,
    new_card,
    replay,
    review,
    true_retention,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_more_failures_make_a_topic_weaker():
    assert expected_recall(0, 6) == pytest.approx(1 / 8)
    assert expected_recall(0, 1) == pytest.approx(1 / 3)
    assert expected_recall(0, 6) < expected_recall(0, 1) < expected_recall(1, 1)
    assert expected_recall(1, 6) < expected_recall(0, 1)  # 14% right of 6 is weaker still
    assert expected_recall(0, 0) == 0.5  # no evidence: the prior
    assert expected_recall(7, 6) == expected_recall(6, 6)  # never more right than answers


def days(n):
    return T0 + timedelta(days=n)


def test_only_reviews_of_learned_cards_count_and_again_is_not_recalled():
    # new card: Good (learning step 1), Good 10 minutes later (learned: Review state),
    # then reviews on days 3 (Good), 10 (Again: relearning), and the relearning step
    records = [
        ReviewRecord(GOOD, T0, None),
        ReviewRecord(GOOD, T0 + timedelta(minutes=10), None),
        ReviewRecord(GOOD, days(3), None),
        ReviewRecord(AGAIN, days(10), None),
        ReviewRecord(GOOD, days(10) + timedelta(minutes=10), None),
        ReviewRecord(HARD, days(12), None),
    ]
    learned = learned_reviews(records, T0)
    assert learned == [(days(3), True), (days(10), False), (days(12), True)]
    # the states come from the same replay as the stored schedule
    card = new_card(T0)
    for record in records:
        card, _ = review(card, record.rating, record.reviewed_at)
    assert replay(records, T0) == card


def test_true_retention_per_period():
    reviews = [(days(1), True), (days(20), False), (days(25), True), (days(28), True)]
    rows = true_retention(reviews, [("Last week", days(22)), ("All time", None)])
    assert [(r.label, r.reviews, r.recalled) for r in rows] == [
        ("Last week", 2, 2),
        ("All time", 4, 3),
    ]
    assert rows[1].retention == pytest.approx(0.75)
    assert true_retention([], [("Last week", days(22))])[0].retention is None
