"""Grader for short answers: normalised equality with a small typo tolerance."""

from __future__ import annotations

from rapidfuzz.distance import OSA

from quiz.banks.model import Question

from .grades import Grade, Response, grader
from .normalise import normalise_answer

# Typo tolerance for short answers, by the length of the normalised accepted answer:
# up to TYPO_MIN_LENGTH - 1 characters no typo is forgiven, up to TYPO_ONE_EDIT_MAX_LENGTH
# one edit is, above that two are. An edit is an insertion, deletion, substitution or
# transposition of adjacent characters (optimal string alignment distance).
TYPO_MIN_LENGTH = 5
TYPO_ONE_EDIT_MAX_LENGTH = 10


def _max_typos(accepted_normalised: str) -> int:
    length = len(accepted_normalised)
    if length < TYPO_MIN_LENGTH:
        return 0
    if length <= TYPO_ONE_EDIT_MAX_LENGTH:
        return 1
    return 2


def _numbers(normalised: str) -> list[str]:
    return [word for word in normalised.split() if any(c.isdigit() for c in word)]


@grader("short")
def grade_short(question: Question, response: Response) -> Grade:
    """1 when the normalised answer equals a normalised accepted answer, or is within
    the typo tolerance of one (see ``TYPO_*``); else 0. Exact matches win over typos,
    and among typos the closest accepted answer is reported as ``matched``. Words with
    digits must match exactly: "429 Unprocessable Entity" is a wrong status code, not
    a typo of "422 Unprocessable Entity"."""
    if not isinstance(response, str):
        return Grade.from_score(0.0)
    given = normalise_answer(response)
    if not given:
        return Grade.from_score(0.0)
    candidates = [(a, normalise_answer(a)) for a in question.answers]
    for original, accepted in candidates:
        if accepted and given == accepted:
            return Grade.from_score(1.0, matched=original)
    best: tuple[int, str] | None = None
    for original, accepted in candidates:
        limit = _max_typos(accepted)
        if limit == 0 or abs(len(given) - len(accepted)) > limit:
            continue
        if _numbers(given) != _numbers(accepted):
            continue
        distance = OSA.distance(given, accepted, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, original)
    if best is not None:
        return Grade.from_score(1.0, matched=best[1])
    return Grade.from_score(0.0)
