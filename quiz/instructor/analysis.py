"""Item analysis of a bank: how each question behaves with real learners.

Plain Python over dataclasses (no Flask, no database): ``analyse`` takes the bank's
questions and every attempt at them and returns one :class:`ItemStats` per question,
worst first.

* facility: mean score of each learner's *first* attempt at the question (0..1);
* discrimination: Pearson correlation, over learners, between their first-attempt score
  on the question and their mean first-attempt score on the rest of the bank. Only
  learners who first-attempted at least ``MIN_REST_ITEMS`` other questions count, and
  it is ``None`` ("not enough data") with fewer than ``MIN_LEARNERS`` such learners or
  when either score never varies;
* option picks (choice questions) and key-point coverage (open questions) count the
  attempts answered against the question's current content, since option and key-point
  indices of an earlier content may point elsewhere.

Flags need ``MIN_LEARNERS`` learners (facility) or ``MIN_ATTEMPTS`` attempts (picks and
coverage), so one unlucky learner does not flag a question.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_LEARNERS = 5  # learners needed for facility flags and for discrimination
MIN_REST_ITEMS = 2  # other questions a learner must have tried to count for discrimination
MIN_ATTEMPTS = 10  # attempts needed before "nobody picks / covers" means something
TOO_EASY = 0.9  # facility at or above
TOO_HARD = 0.2  # facility at or below

TOO_EASY_FLAG = "too easy"
TOO_HARD_FLAG = "too hard"
NEGATIVE_FLAG = "negative discrimination"
UNPICKED_FLAG = "distractor nobody picks"
UNCOVERED_FLAG = "key points nobody covers"
# worst first: a question that misleads strong learners beats one that is merely easy
FLAG_WEIGHTS = {
    NEGATIVE_FLAG: 5,
    UNPICKED_FLAG: 3,
    UNCOVERED_FLAG: 3,
    TOO_HARD_FLAG: 2,
    TOO_EASY_FLAG: 1,
}


@dataclass(frozen=True)
class Item:
    """A question as the analysis needs it."""

    question_id: int
    key: str
    kind: str
    headline: str
    topic: str
    source_line: int
    content_hash: str
    options: list[str] = field(default_factory=list)  # option text, file order
    correct: list[int] = field(default_factory=list)  # indices of the right options
    key_points: list[str] = field(default_factory=list)  # first phrasing of each key point


@dataclass(frozen=True)
class AttemptRecord:
    """One stored attempt. Records must come in the order they were made."""

    learner_id: int
    question_id: int
    score: float
    time_ms: int | None = None
    content_hash: str = ""  # the question's content when answered
    picked: tuple[int, ...] = ()  # choice questions: option indices, file order
    covered: tuple[int, ...] = ()  # open questions: key points matched


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    correct: bool = False  # a right option (choice questions)


@dataclass
class ItemStats:
    item: Item
    attempts: int = 0
    learners: int = 0
    facility: float | None = None
    discrimination: float | None = None
    median_time_ms: float | None = None
    counted: int = 0  # attempts against the current content (for picks and coverage)
    picks: list[Count] = field(default_factory=list)
    coverage: list[Count] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def severity(self) -> int:
        return sum(FLAG_WEIGHTS[f] for f in self.flags)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Correlation of two equally long lists; None when either never varies."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def first_scores(attempts: Iterable[AttemptRecord]) -> dict[int, dict[int, float]]:
    """learner -> question -> score of that learner's first attempt at it."""
    firsts: dict[int, dict[int, float]] = defaultdict(dict)
    for attempt in attempts:
        firsts[attempt.learner_id].setdefault(attempt.question_id, attempt.score)
    return firsts


def discrimination(question_id: int, firsts: dict[int, dict[int, float]]) -> float | None:
    item_scores, rest_scores = [], []
    for scores in firsts.values():
        if question_id not in scores or len(scores) - 1 < MIN_REST_ITEMS:
            continue
        rest = [s for q, s in scores.items() if q != question_id]
        item_scores.append(scores[question_id])
        rest_scores.append(sum(rest) / len(rest))
    if len(item_scores) < MIN_LEARNERS:
        return None
    return pearson(item_scores, rest_scores)


def analyse(items: list[Item], attempts: list[AttemptRecord]) -> list[ItemStats]:
    """Every item's statistics and flags, worst first (then in bank order)."""
    firsts = first_scores(attempts)
    by_question: dict[int, list[AttemptRecord]] = defaultdict(list)
    for attempt in attempts:
        by_question[attempt.question_id].append(attempt)
    stats = [_item_stats(item, by_question[item.question_id], firsts) for item in items]
    order = {item.question_id: n for n, item in enumerate(items)}
    return sorted(
        stats,
        key=lambda s: (
            -s.severity,
            s.discrimination if s.discrimination is not None else 1.0,
            order[s.item.question_id],
        ),
    )


def _item_stats(
    item: Item, attempts: list[AttemptRecord], firsts: dict[int, dict[int, float]]
) -> ItemStats:
    stats = ItemStats(item=item, attempts=len(attempts))
    learner_firsts = [s[item.question_id] for s in firsts.values() if item.question_id in s]
    stats.learners = len(learner_firsts)
    if learner_firsts:
        stats.facility = sum(learner_firsts) / len(learner_firsts)
    stats.discrimination = discrimination(item.question_id, firsts)
    times = [a.time_ms for a in attempts if a.time_ms is not None]
    if times:
        stats.median_time_ms = statistics.median(times)
    current = [a for a in attempts if a.content_hash == item.content_hash]
    stats.counted = len(current)
    if item.options:
        picked = [0] * len(item.options)
        for attempt in current:
            for index in set(attempt.picked):
                if 0 <= index < len(picked):
                    picked[index] += 1
        stats.picks = [
            Count(text, n, i in item.correct)
            for i, (text, n) in enumerate(zip(item.options, picked, strict=True))
        ]
    if item.key_points:
        covered = [0] * len(item.key_points)
        for attempt in current:
            for index in set(attempt.covered):
                if 0 <= index < len(covered):
                    covered[index] += 1
        stats.coverage = [Count(t, n) for t, n in zip(item.key_points, covered, strict=True)]
    stats.flags = _flags(stats)
    return stats


def _flags(stats: ItemStats) -> list[str]:
    flags = []
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append(NEGATIVE_FLAG)
    if stats.counted >= MIN_ATTEMPTS:
        if any(c.count == 0 and not c.correct for c in stats.picks):
            flags.append(UNPICKED_FLAG)
        if any(c.count == 0 for c in stats.coverage):
            flags.append(UNCOVERED_FLAG)
    if stats.facility is not None and stats.learners >= MIN_LEARNERS:
        if stats.facility >= TOO_EASY:
            flags.append(TOO_EASY_FLAG)
        elif stats.facility <= TOO_HARD:
            flags.append(TOO_HARD_FLAG)
    return flags
