"""Item-analysis arithmetic on a small data set worked out by hand."""

import pytest

from quiz.instructor.analysis import (
    MIN_ATTEMPTS,
    NEGATIVE_FLAG,
    TOO_EASY_FLAG,
    TOO_HARD_FLAG,
    UNCOVERED_FLAG,
    UNPICKED_FLAG,
    AttemptRecord,
    Item,
    analyse,
    pearson,
)

A, B, C = 1, 2, 3
ITEMS = [
    Item(A, "a", "single", "A?", "t", 10, "ha", options=["Flask", "Django", "Bottle"], correct=[0]),
    Item(B, "b", "short", "B?", "t", 20, "hb"),
    Item(C, "c", "open", "C?", "t", 30, "hc", key_points=["WSGI", "ASGI"]),
]
# First-attempt scores, learner by learner (L6 tried only B: too few other questions):
#        A  B  C
#   L1   1  0  1
#   L2   1  1  0
#   L3   0  1  0
#   L4   0  1  0   (then A again, right: a later attempt, not in facility)
#   L5   1  0  1
#   L6   -  1  -
FIRSTS = {1: (1, 0, 1), 2: (1, 1, 0), 3: (0, 1, 0), 4: (0, 1, 0), 5: (1, 0, 1)}
PICKS = {1: [0], 2: [0], 3: [1], 4: [1], 5: [0]}
TIMES = {1: 10_000, 2: 20_000, 3: 30_000, 4: None, 5: 40_000}


def data_set() -> list[AttemptRecord]:
    attempts = []
    for learner, scores in FIRSTS.items():
        a, b, c = scores
        attempts.append(
            AttemptRecord(learner, A, a, TIMES[learner], "ha", picked=tuple(PICKS[learner]))
        )
        attempts.append(AttemptRecord(learner, B, b, 1000, "hb"))
        attempts.append(AttemptRecord(learner, C, c, 1000, "hc", covered=(0,) if c else ()))
    attempts.append(AttemptRecord(4, A, 1.0, 5_000, "ha", picked=(0,)))
    attempts.append(AttemptRecord(6, B, 1.0, 1000, "hb"))
    attempts.append(AttemptRecord(7, A, 0.0, 1000, "an older content", picked=(2,)))
    return attempts


@pytest.fixture
def stats():
    return {s.item.key: s for s in analyse(ITEMS, data_set())}


def test_counts_facility_and_median_time(stats):
    # A: 5 learners' first attempts + L4's second + L7 = 7 attempts by 6 learners
    assert (stats["a"].attempts, stats["a"].learners) == (7, 6)
    # facility A = (1+1+0+0+1+0)/6 (L7's only attempt is its first); B = 4/6; C = 2/5
    assert stats["a"].facility == pytest.approx(3 / 6)
    assert stats["b"].facility == pytest.approx(4 / 6)
    assert stats["c"].facility == pytest.approx(2 / 5)
    # A's times 10, 20, 30, 40, 5 and 1 seconds (one missing): median (10+20)/2 = 15
    assert stats["a"].median_time_ms == 15_000


def test_discrimination_by_hand(stats):
    # B: x = [0,1,1,1,0], rest = mean(A,C) = [1,.5,0,0,1]; means .6 and .5
    # sxy = -.3+0-.2-.2-.3 = -1, sxx = 1.2, syy = 1  ->  r = -1/sqrt(1.2)
    assert stats["b"].discrimination == pytest.approx(-1 / 1.2**0.5)  # -0.9129
    # C: x = [1,0,0,0,1], rest = mean(A,B) = [.5,1,.5,.5,.5]; means .4 and .6
    # sxy = -.06-.16+.04+.04-.06 = -.2, sxx = 1.2, syy = .2  ->  r = -.2/sqrt(.24)
    assert stats["c"].discrimination == pytest.approx(-0.2 / 0.24**0.5)  # -0.4082
    # A: the rest (B, C) averages .5 for every learner: no variance, not enough data
    assert stats["a"].discrimination is None


def test_discrimination_needs_enough_learners():
    four = [a for a in data_set() if a.learner_id in (1, 2, 3, 4)]
    by_key = {s.item.key: s for s in analyse(ITEMS, four)}
    assert by_key["b"].discrimination is None and by_key["b"].facility == pytest.approx(3 / 4)


def test_picks_and_coverage_count_current_content_only(stats):
    # L7 picked Bottle on an older content of A: not counted
    assert [(c.label, c.count, c.correct) for c in stats["a"].picks] == [
        ("Flask", 4, True),
        ("Django", 2, False),
        ("Bottle", 0, False),
    ]
    assert stats["a"].counted == 6
    assert [(c.label, c.count) for c in stats["c"].coverage] == [("WSGI", 2), ("ASGI", 0)]


def test_flags_and_worst_first_order(stats):
    ordered = [s.item.key for s in analyse(ITEMS, data_set())]
    assert ordered == ["b", "c", "a"]  # both negative; B more so; A unflagged
    assert stats["b"].flags == [NEGATIVE_FLAG]
    assert stats["c"].flags == [NEGATIVE_FLAG]
    # fewer than MIN_ATTEMPTS attempts: an unpicked distractor is not flagged yet
    assert stats["a"].flags == []


def test_easy_hard_unpicked_and_uncovered_flags():
    items = ITEMS
    attempts = []
    for learner in range(1, MIN_ATTEMPTS + 1):
        attempts.append(AttemptRecord(learner, A, 1.0, None, "ha", picked=(0,)))
        attempts.append(AttemptRecord(learner, B, 0.0, None, "hb"))
        attempts.append(AttemptRecord(learner, C, 0.5, None, "hc", covered=(1,)))
    by_key = {s.item.key: s for s in analyse(items, attempts)}
    assert by_key["a"].flags == [UNPICKED_FLAG, TOO_EASY_FLAG]
    assert by_key["b"].flags == [TOO_HARD_FLAG]
    assert by_key["c"].flags == [UNCOVERED_FLAG]
    assert [s.item.key for s in analyse(items, attempts)] == ["a", "c", "b"]


def test_pearson_is_none_without_variance():
    assert pearson([1, 1, 1], [0, 1, 0]) is None
    assert pearson([0, 1], [0, 1]) == pytest.approx(1.0)
