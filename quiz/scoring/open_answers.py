"""Grader for open (interview-style) answers: which key points the answer makes.

A key point is covered when one of its phrasings occurs in the answer (see
``quiz.scoring.text.find_phrase``: stems, any order in a short window, hyphen/slash/space
variants) with the right polarity. The polarity is the model answer's: most key points
are claims to affirm, so "not ASGI" does not cover "ASGI"; a point the model answer
only ever states as a denial ("async does not speed up **CPU-bound** work") is covered
only when the learner denies it too, so "async makes CPU-bound work faster" does not
cover it (see ``model_polarities``). The subject of a denied action ("a retry doesn't
charge twice") makes its point either way (see ``Match.subject_of_denial``).
Half the key points earn HALF_POINTS_SCORE, all of them 1 (``coverage_score``).
An answer made mostly of key-point words (a bare keyword list, "ASGI type hints
Pydantic OpenAPI API") gets at most KEYWORD_LIST_CAP.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from quiz.banks.model import Question

from .core import ARTICLES, Grade, Response, grader
from .text import Match, Phrase, Reading, find_phrase, phrase, read_text

# Share of an answer's words that belong to key-point phrasings from which it counts
# as a keyword list rather than sentences (natural strong answers stay near 0.3).
KEYWORD_LIST_SHARE = 0.55
# Naming a single point in a short sentence ("JWTs need no session store.") is no list.
KEYWORD_LIST_MIN_POINTS = 2
KEYWORD_LIST_CAP = 0.25
# Score for making half of the key points: an interviewer gives a solid answer that
# makes half the points well three quarters of the marks, not half (strong natural
# answers rarely make every point); see ``coverage_score``.
HALF_POINTS_SCORE = 0.75

KeyPoints = tuple[tuple[str, ...], ...]
AFFIRMED = frozenset({False})
DENIED = frozenset({True})
EITHER = frozenset({False, True})


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


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


@lru_cache(maxsize=256)
def model_polarities(explanation_md: str, key_points: KeyPoints) -> tuple[frozenset[bool], ...]:
    """For each key point, the polarities (``Match.negated`` values) an answer may state
    it in, read from the model answer. Its bold mentions decide (all mentions if none
    is bold): affirmed in any of them, the point must be affirmed ("not ASGI" does not
    cover "ASGI"); denied in all of them, it must be denied ("async does not speed up
    **CPU-bound** work"), unless another mention affirms it, then either way will do
    ("without agreed **conventions** ... written conventions"). Not mentioned: affirmed.
    """
    text = unicodedata.normalize("NFKC", explanation_md)
    bold = [m.span(1) for m in _BOLD.finditer(text)]
    reading = read_text(text)
    polarities = []
    for phrasings in key_points:
        matches = _matches(reading, phrasings)
        emphasised = [m for m in matches if any(a <= m.words[0].start < b for a, b in bold)]
        primary = emphasised or matches
        if not primary or not all(m.negated for m in primary):
            polarities.append(AFFIRMED)
        elif all(m.negated for m in matches):
            polarities.append(DENIED)
        else:
            polarities.append(EITHER)
    return tuple(polarities)


def coverage_score(covered: int, total: int) -> float:
    """Score for covering ``covered`` of ``total`` key points: piecewise linear through
    0 -> 0, half -> HALF_POINTS_SCORE and all -> 1, so the first half of the points
    earns more than the rest (1 of 4 -> 0.375, 2 of 4 -> 0.75, 3 of 4 -> 0.875)."""
    share = covered / total
    if share <= 0.5:
        return share * 2 * HALF_POINTS_SCORE
    return HALF_POINTS_SCORE + (share - 0.5) * 2 * (1 - HALF_POINTS_SCORE)


def _key_points(question: Question) -> KeyPoints:
    return tuple(tuple(p for p in kp if isinstance(p, str)) for kp in question.key_points)


@grader("open")
def grade_open(question: Question, response: Response) -> Grade:
    """Score for the key points covered (``coverage_score``), capped for a bare keyword
    list; the grade says which words covered each point and which points were only
    mentioned denied."""
    key_points = _key_points(question)
    all_points = tuple(range(len(key_points)))
    reading = read_text(response) if isinstance(response, str) else None
    if reading is None or not reading.words or not all_points:
        no_words = ((),) * len(all_points)
        return Grade.from_score(0.0, missed=all_points, key_point_words=no_words)
    polarities = model_polarities(question.explanation_md or "", key_points)
    covered: list[int] = []
    missed: list[int] = []
    negated: list[int] = []
    evidence: list[tuple[str, ...]] = []
    keyword_positions: set[int] = set()
    for index, phrasings in enumerate(key_points):
        matches = _matches(reading, phrasings)
        keyword_positions.update(w.start for m in matches for w in m.words)
        fitting = sorted(
            (m for m in matches if m.negated in polarities[index] or m.subject_of_denial),
            key=lambda m: m.words[0].start,
        )
        if fitting:
            covered.append(index)
            evidence.append(tuple(dict.fromkeys(reading.span(m.words) for m in fitting)))
        else:
            missed.append(index)
            evidence.append(())
            if matches:
                negated.append(index)
    score = coverage_score(len(covered), len(key_points))
    words = len(reading.words)
    keyword_list = (
        len(covered) + len(negated) >= KEYWORD_LIST_MIN_POINTS
        and len(keyword_positions) / words >= KEYWORD_LIST_SHARE
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
