"""The pure question selection of mock interviews (no app, no database)."""

import random
from collections import Counter

import pytest

from quiz.interview.selection import Candidate, select_questions, topic_weight

KINDS = ("single", "multiple", "short", "open")


def bank(per_topic=10, topics=(1, 2, 3)):
    """``per_topic`` questions in each topic; kinds cycle, but "open" only in topic 3."""
    candidates, qid = [], 0
    for topic in topics:
        for i in range(per_topic):
            qid += 1
            kind = KINDS[i % 3] if topic != 3 or i else "open"
            candidates.append(Candidate(qid, kind, topic))
    return candidates


def test_topic_weight_leans_on_weak_and_due_topics():
    assert topic_weight(1.0) == 1.0
    assert topic_weight(0.0) == 3.0
    assert topic_weight(0.0, due=2) == 4.0
    assert topic_weight(0.5, due=0) == 2.0
    assert topic_weight(float("nan")) == 3.0
    assert topic_weight(7) == 1.0


@pytest.mark.parametrize("seed", range(20))
def test_no_repeats_and_every_kind_present(seed):
    candidates = bank()
    picked = select_questions(candidates, {1: 1.0, 2: 1.0, 3: 1.0}, 10, random.Random(seed))
    ids = [c.question_id for c in picked]
    assert len(ids) == 10 == len(set(ids))
    assert {c.kind for c in picked} == set(KINDS)  # the one open question always comes


def test_every_kind_even_when_its_topic_weighs_little():
    candidates = bank()
    weights = {1: 4.0, 2: 4.0, 3: 1.0}
    for seed in range(50):
        picked = select_questions(candidates, weights, 4, random.Random(seed))
        assert sorted(c.kind for c in picked) == sorted(KINDS)


def test_fewer_questions_than_asked_uses_all_of_them_once():
    candidates = bank(per_topic=2)
    picked = select_questions(candidates + candidates[:3], {}, 50, random.Random(1))
    assert sorted(c.question_id for c in picked) == [c.question_id for c in candidates]


def test_n_smaller_than_the_number_of_kinds():
    picked = select_questions(bank(), {}, 2, random.Random(3))
    assert len(picked) == 2 and len({c.kind for c in picked}) == 2
    assert select_questions(bank(), {}, 0, random.Random(3)) == []
    assert select_questions([], {}, 10, random.Random(3)) == []


def test_deterministic_for_a_fixed_seed_whatever_the_input_order():
    candidates = bank()
    weights = {1: 3.0, 2: 1.0, 3: 2.0}
    first = select_questions(candidates, weights, 12, random.Random(42))
    again = select_questions(list(reversed(candidates)), weights, 12, random.Random(42))
    assert first == again
    others = {tuple(select_questions(candidates, weights, 12, random.Random(s))) for s in range(5)}
    assert len(others) > 1


def test_weak_topic_is_picked_clearly_more_often():
    # two topics of equal size and kind: mastery 0 weighs 3, mastery 1 weighs 1
    candidates = [Candidate(i, "single", 1 if i <= 10 else 2) for i in range(1, 21)]
    weights = {1: topic_weight(0.0), 2: topic_weight(1.0)}
    rng = random.Random(2024)
    counts = Counter()
    for _ in range(2000):
        [picked] = select_questions(candidates, weights, 1, rng)
        counts[picked.topic_id] += 1
    ratio = counts[1] / counts[2]
    assert 2.5 < ratio < 3.6  # expected 3


def test_due_topic_is_picked_more_often_than_an_equally_known_one():
    candidates = [Candidate(i, "short", 1 if i <= 10 else 2) for i in range(1, 21)]
    weights = {1: topic_weight(0.5, due=3), 2: topic_weight(0.5, due=0)}  # 3 vs 2
    rng = random.Random(7)
    counts = Counter()
    for _ in range(2000):
        for picked in select_questions(candidates, weights, 3, rng):
            counts[picked.topic_id] += 1
    assert counts[1] / counts[2] > 1.25
