"""Choosing the questions of a mock interview. Plain Python: no Flask, no database.

The mix covers every question kind on offer and leans towards the learner's weak and
due topics, without repeating a question:

1. Every candidate gets a random key from a weighted random permutation
   (Efraimidis–Spirakis: ``key = ln(u) / weight``, highest first), where the weight
   is its topic's weight. Reading that permutation from the top is weighted sampling
   without replacement.
2. The first candidate of each kind in the permutation is taken first, so every
   available kind is present (when ``n`` is smaller than the number of kinds, the
   kinds that come first in the permutation win).
3. The rest of the interview is filled from the top of the permutation.
4. The chosen questions are shuffled so the guaranteed kinds are not all up front.

Everything random comes from the ``random.Random`` passed in, so a fixed seed gives
the same interview every time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# weight = 1 + WEAK_WEIGHT × (1 − mastery) + DUE_BONUS when a review of the topic is due:
# an unknown topic with a due review is four times as likely as a mastered one.
WEAK_WEIGHT = 2.0
DUE_BONUS = 1.0
MIN_WEIGHT = 1e-6


@dataclass(frozen=True)
class Candidate:
    question_id: int
    kind: str
    topic_id: int


def topic_weight(mastery: float, due: int = 0) -> float:
    """How strongly a topic pulls questions into the interview (1 when mastered, 4 at most)."""
    mastery = min(1.0, max(0.0, float(mastery))) if math.isfinite(mastery) else 0.0
    return 1.0 + WEAK_WEIGHT * (1.0 - mastery) + (DUE_BONUS if due > 0 else 0.0)


def select_questions(
    candidates: Iterable[Candidate],
    topic_weights: Mapping[int, float],
    n: int,
    rng: random.Random,
) -> list[Candidate]:
    """Pick ``min(n, number of distinct candidates)`` questions; see the module docstring.

    A topic missing from ``topic_weights`` weighs 1. Duplicated question ids count once.
    """
    unique: dict[int, Candidate] = {}
    for candidate in candidates:
        unique.setdefault(candidate.question_id, candidate)
    pool = sorted(unique.values(), key=lambda c: c.question_id)  # input order must not matter
    n = max(0, min(n, len(pool)))
    if n == 0:
        return []

    def key(candidate: Candidate) -> float:
        weight = max(MIN_WEIGHT, float(topic_weights.get(candidate.topic_id, 1.0)))
        return math.log(1.0 - rng.random()) / weight  # 1 - random() is in (0, 1]

    keyed = [(key(c), c) for c in pool]
    keyed.sort(key=lambda pair: (-pair[0], pair[1].question_id))
    permutation = [c for _, c in keyed]

    chosen: list[Candidate] = []
    kinds: set[str] = set()
    for candidate in permutation:
        if candidate.kind not in kinds:
            kinds.add(candidate.kind)
            chosen.append(candidate)
    chosen = chosen[:n]
    taken = {c.question_id for c in chosen}
    for candidate in permutation:
        if len(chosen) >= n:
            break
        if candidate.question_id not in taken:
            taken.add(candidate.question_id)
            chosen.append(candidate)
    rng.shuffle(chosen)
    return chosen
