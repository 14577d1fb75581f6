"""Grader for open (interview-style) answers: which key points the answer makes.

A key point is covered when one of its phrasings occurs in the answer (see
``quiz.scoring.text.find_phrase``: stems, any order in a short window, hyphen/slash/space
variants) with the right polarity. The polarity is the model answer's: most key points
are claims to affirm, so "not ASGI" does not cover "ASGI"; a point the model answer
states as a denial ("async does not speed up **CPU-bound** work") is covered only when
the learner denies it too, so "async makes CPU-bound work faster" does not cover it.
An answer made mostly of key-point words (a bare keyword list, "ASGI type hints
Pydantic OpenAPI API") gets at most KEYWORD_LIST_CAP.
"""

from __future__ import annotations

from functools import lru_cache

from quiz.banks.model import Question

from .core import ARTICLES, Grade, Response, grader
from .text import Match, Phrase, Reading, find_phrase, phrase, read_text

# Share of an answer's words that belong to key-point phrasings from which it counts
# as a keyword list rather than sentences (natural strong answers stay near 0.3).
KEYWORD_LIST_SHARE = 0.55
KEYWORD_LIST_MIN_WORDS = 2
KEYWORD_LIST_CAP = 0.4

KeyPoints = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1024)
def _phrasings(phrasings: tuple[str, ...]) -> tuple[Phrase, ...]:
    found = []
    for text in phrasings:
        words = [w for w in text.split() if w.casefold() not in ARTICLES]
        wanted = phrase(" ".join(words)) if words else None
        if wanted is not None:
            found.append(wanted)
    return tuple(found)


def _matches(reading: Reading, phrasings: tuple[str, ...]) -> list[Match]:
    return [m for wanted in _phrasings(phrasings) for m in find_phrase(reading, wanted)]


@lru_cache(maxsize=256)
def denied_in_model_answer(explanation_md: str, key_points: KeyPoints) -> tuple[bool, ...]:
    """For each key point, whether the model answer's first mention of it is a denial."""
    reading = read_text(explanation_md)
    denied = []
    for phrasings in key_points:
        matches = _matches(reading, phrasings)
        first = min(matches, key=lambda m: m.words[0].start, default=None)
        denied.append(first is not None and first.negated)
    return tuple(denied)


def _key_points(question: Question) -> KeyPoints:
    return tuple(tuple(p for p in kp if isinstance(p, str)) for kp in question.key_points)


@grader("open")
def grade_open(question: Question, response: Response) -> Grade:
    """Fraction of key points covered, capped for a bare keyword list; the grade says
    which words covered each point and which points were only mentioned denied."""
    key_points = _key_points(question)
    all_points = tuple(range(len(key_points)))
    if not isinstance(response, str) or not all_points:
        return Grade.from_score(0.0, missed=all_points)
    reading = read_text(response)
    if not reading.words:
        return Grade.from_score(0.0, missed=all_points)
    denied = denied_in_model_answer(question.explanation_md or "", key_points)
    covered: list[int] = []
    missed: list[int] = []
    negated: list[int] = []
    evidence: list[tuple[str, ...]] = []
    keyword_positions: set[int] = set()
    for index, phrasings in enumerate(key_points):
        matches = _matches(reading, phrasings)
        keyword_positions.update(w.start for m in matches for w in m.words)
        fitting = sorted(
            (m for m in matches if m.negated == denied[index]), key=lambda m: m.words[0].start
        )
        if fitting:
            covered.append(index)
            evidence.append(tuple(dict.fromkeys(reading.span(m.words) for m in fitting)))
        else:
            missed.append(index)
            evidence.append(())
            if matches:
                negated.append(index)
    score = len(covered) / len(key_points)
    words = len(reading.words)
    keyword_list = (
        words >= KEYWORD_LIST_MIN_WORDS and len(keyword_positions) / words >= KEYWORD_LIST_SHARE
    )
    if keyword_list:
        score = min(score, KEYWORD_LIST_CAP)
    return Grade.from_score(
        score,
        covered=tuple(covered),
        missed=tuple(missed),
        key_point_words=tuple(evidence),
        negated=tuple(negated),
        keyword_list=keyword_list,
    )
