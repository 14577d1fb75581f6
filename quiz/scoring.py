"""Grading answers against a question: one grader per question kind, in a registry.

Plain Python, no Flask. ``grade(question, response)`` looks up ``GRADERS[question.kind]``;
a new kind plugs in with ``@grader("kind")``.

A response is what the learner submitted:

* single / multiple: a sequence of option indices into ``question.options`` (file
  order, not the shuffled order shown on the page);
* short / open: the typed text.

Graders never raise on learner input: indices out of range (including negative ones)
or of the wrong type are ignored, a duplicated index counts once, and a response of
the wrong type scores 0. Only an unknown question kind raises (``ValueError``), since
that is a programming or import error, not something a learner can cause.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from rapidfuzz.distance import OSA

from quiz.banks.model import Question

Verdict = Literal["right", "partial", "wrong"]
Response: TypeAlias = Sequence[int] | str

ARTICLES = frozenset({"a", "an", "the"})

# Typo tolerance for short answers, by the length of the normalised accepted answer:
# up to TYPO_MIN_LENGTH - 1 characters no typo is forgiven, up to TYPO_ONE_EDIT_MAX_LENGTH
# one edit is, above that two are. An edit is an insertion, deletion, substitution or
# transposition of adjacent characters (optimal string alignment distance).
TYPO_MIN_LENGTH = 5
TYPO_ONE_EDIT_MAX_LENGTH = 10


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``verdict`` always agrees with ``score``: right when 1, wrong when 0, else partial
    (use :meth:`from_score` to build one without repeating that rule).
    """

    score: float  # 0.0 .. 1.0
    verdict: Verdict
    covered: tuple[int, ...] = ()  # open: indices of key points covered
    missed: tuple[int, ...] = ()  # open: indices of key points missed
    matched: str | None = None  # short: the accepted answer that matched (original spelling)

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be within 0..1, got {self.score!r}")
        if self.verdict != verdict_for(self.score):
            raise ValueError(f"verdict {self.verdict!r} does not match score {self.score!r}")

    @classmethod
    def from_score(
        cls,
        score: float,
        *,
        covered: tuple[int, ...] = (),
        missed: tuple[int, ...] = (),
        matched: str | None = None,
    ) -> Grade:
        score = min(1.0, max(0.0, float(score)))
        return cls(score, verdict_for(score), covered, missed, matched)


def verdict_for(score: float) -> Verdict:
    if score >= 1.0:
        return "right"
    if score <= 0.0:
        return "wrong"
    return "partial"


Grader = Callable[[Question, Response], Grade]
GRADERS: dict[str, Grader] = {}


def grader(kind: str) -> Callable[[Grader], Grader]:
    """Register the decorated function as the grader of questions of ``kind``."""

    def register(fn: Grader) -> Grader:
        if kind in GRADERS:
            raise ValueError(f"a grader for kind {kind!r} is already registered")
        GRADERS[kind] = fn
        return fn

    return register


def grade(question: Question, response: Response) -> Grade:
    """Grade ``response`` to ``question``; raises ``ValueError`` for an unknown kind only."""
    try:
        fn = GRADERS[question.kind]
    except KeyError:
        raise ValueError(f"no grader for question kind {question.kind!r}") from None
    return fn(question, response)


# --------------------------------------------------------------------------- text


def _normalise(text: str, *, drop_articles: bool) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    # Keep letters, digits and combining marks of any script (marks matter for scripts
    # such as Devanagari, whose vowel signs are not "letters"); all else is a separator.
    chars = [ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text]
    words = "".join(chars).split()
    if drop_articles:
        words = [w for w in words if w not in ARTICLES]
    return " ".join(words)


def normalise_answer(text: str) -> str:
    """Normalise typed text for comparison.

    Unicode NFKC, casefold (so "Straße" equals "STRASSE"), every character that is not
    a letter, digit or combining mark becomes a space, the articles "a", "an" and "the"
    are dropped as whole words, whitespace is collapsed and stripped. Accents are kept:
    "café" and "cafe" differ (longer answers get typo tolerance in the short grader).
    """
    return _normalise(text, drop_articles=True)


def correct_answers(question: Question) -> list[str]:
    """What to show as the correct answer(s) on a feedback page.

    single / multiple: the Markdown text of the correct options, in file order;
    short: the accepted answers (the first one is canonical); open: the first
    phrasing of each key point.
    """
    match question.kind:
        case "single" | "multiple":
            return [o.text_md for o in question.options if o.correct]
        case "short":
            return list(question.answers)
        case "open":
            return [kp[0] for kp in question.key_points if kp]
    raise ValueError(f"unknown question kind {question.kind!r}")


# ----------------------------------------------------------------------- choices


def _selected(question: Question, response: object) -> set[int] | None:
    """The valid, distinct option indices in ``response``; None if it is no sequence."""
    if isinstance(response, str | bytes | bytearray) or not isinstance(
        response, Sequence | set | frozenset
    ):
        return None
    n = len(question.options)
    return {i for i in response if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n}


@grader("single")
def grade_single(question: Question, response: Response) -> Grade:
    """1 when exactly one option is selected and it is correct, else 0."""
    picked = _selected(question, response)
    if picked is None or len(picked) != 1:
        return Grade.from_score(0.0)
    (index,) = picked
    return Grade.from_score(1.0 if question.options[index].correct else 0.0)


@grader("multiple")
def grade_multiple(question: Question, response: Response) -> Grade:
    """(right picked - wrong picked) / number of right options, never below 0."""
    picked = _selected(question, response)
    right_total = sum(1 for o in question.options if o.correct)
    if not picked or right_total == 0:
        return Grade.from_score(0.0)
    right = sum(1 for i in picked if question.options[i].correct)
    wrong = len(picked) - right
    return Grade.from_score(max(0, right - wrong) / right_total)


# -------------------------------------------------------------------------- short


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


# --------------------------------------------------------------------------- open


def _normalise_phrase(text: str) -> str:
    # Articles are dropped on both sides, so "the GIL" is found in "Python has a GIL".
    return _normalise(text, drop_articles=True)


@grader("open")
def grade_open(question: Question, response: Response) -> Grade:
    """Fraction of key points covered. A key point is covered when one of its phrasings,
    normalised like the answer, occurs in the normalised answer as whole words (so
    "async/await" matches "Async await", and "orm" does not match "format")."""
    all_points = tuple(range(len(question.key_points)))
    if not isinstance(response, str) or not all_points:
        return Grade.from_score(0.0, missed=all_points)
    padded = f" {_normalise_phrase(response)} "
    if not padded.strip():
        return Grade.from_score(0.0, missed=all_points)
    covered: list[int] = []
    missed: list[int] = []
    for index, phrasings in enumerate(question.key_points):
        phrases = (_normalise_phrase(p) for p in phrasings if isinstance(p, str))
        if any(p and f" {p} " in padded for p in phrases):
            covered.append(index)
        else:
            missed.append(index)
    return Grade.from_score(
        len(covered) / len(all_points), covered=tuple(covered), missed=tuple(missed)
    )
