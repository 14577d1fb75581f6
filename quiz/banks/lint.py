"""Item-writing checks on a parsed bank: questions a learner can answer without knowing.

Plain Python, no Flask. :func:`lint_bank` returns warnings as :class:`Diagnostic`
(``FILE:LINE: message``); ``quiz validate`` prints them and ``--strict`` makes them
errors. Each check names what to rewrite; none pads options.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

from quiz.scoring import grade, normalise_answer
from quiz.scoring.open_answers import prompt_stems
from quiz.scoring.reading import read_text

from .model import Bank, Diagnostic, Question
from .tables import names_answer

__all__ = ["common_word", "lint_bank", "longest_is_right", "prompt_words_only"]

# The right option is "longest by a clear margin" when it beats every wrong one by both.
LENGTH_RATIO = 1.2
LENGTH_CHARS = 8
MIN_OPTIONS = 3
MIN_KEY_POINT_CHARS = 2
# A one-word phrasing this frequent in English (wordfreq's Zipf scale: "full" 5.5,
# "replace" 4.6, "retry" 2.6) matches answers that never make the claim.
COMMON_WORD_ZIPF = 4.5
_ABOVE_RE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|those)\b", re.I)
_MARKUP_RE = re.compile(r"[`*_]")


def _plain(text: str) -> str:
    return _MARKUP_RE.sub("", text).strip()


def longest_is_right(question: Question) -> bool:
    """Whether the right option of a single-choice question is strictly the longest."""
    right = [len(_plain(o.text_md)) for o in question.options if o.correct]
    wrong = [len(_plain(o.text_md)) for o in question.options if not o.correct]
    return bool(right and wrong) and right[0] > max(wrong)


def _clearly_longer(longer: list[int], shorter: list[int]) -> bool:
    return bool(longer and shorter) and min(longer) >= max(
        max(shorter) * LENGTH_RATIO, max(shorter) + LENGTH_CHARS
    )


def _choice(q: Question) -> list[str]:
    found: list[str] = []
    texts = [_plain(o.text_md) for o in q.options]
    right = [len(t) for t, o in zip(texts, q.options, strict=True) if o.correct]
    wrong = [len(t) for t, o in zip(texts, q.options, strict=True) if not o.correct]
    if q.generated_from is None and _clearly_longer(right, wrong):
        found.append(
            "the right option is the longest by a clear margin"
            if q.kind == "single"
            else "every right option is longer than every wrong one"
        )
    for text in texts:
        if _ABOVE_RE.search(text):
            found.append(f"option {text!r} refers to the other options: write a real option")
    seen: dict[str, str] = {}
    for text in texts:
        key = normalise_answer(text)
        if key in seen:
            found.append(f"options {seen[key]!r} and {text!r} are the same after normalising")
        seen.setdefault(key, text)
    if len(q.options) < MIN_OPTIONS and q.generated_from is None:  # tables offer what they have
        found.append(f"only {len(q.options)} options: give at least {MIN_OPTIONS}")
    for option in q.options:
        if option.correct and names_answer(q.prompt_md, _plain(option.text_md)):
            found.append(f"the prompt contains its own answer {_plain(option.text_md)!r}")
    if q.kind == "multiple" and grade(q, list(range(len(q.options)))).score > 0:
        found.append("ticking every box scores above 0: add wrong options")
    return found


def _phrasings(q: Question, groups: list[list[str]], what: str) -> list[str]:
    found: list[str] = []
    for group in groups:
        keys: dict[str, str] = {}
        for phrase in group:
            key = normalise_answer(phrase)
            if len(key) < MIN_KEY_POINT_CHARS:
                found.append(f"{what} {phrase!r} normalises to (almost) nothing: reword it")
            elif key in keys:
                found.append(f"{what}s {keys[key]!r} and {phrase!r} are the same after normalising")
            keys.setdefault(key, phrase)
    return found


@lru_cache(maxsize=65536)
def common_word(phrase: str) -> bool:
    """Whether a phrasing is one common English word ("full", "replace"): no claim."""
    words = normalise_answer(phrase).split()
    return len(words) == 1 and zipf_frequency(words[0], "en") >= COMMON_WORD_ZIPF


def prompt_words_only(phrasings: list[str] | tuple[str, ...], prompt_md: str) -> bool:
    """Whether every phrasing of a key point uses only the prompt's content words, so
    the grader, which ignores matches of prompt words alone, could never credit it."""
    asked = prompt_stems(prompt_md)
    return all(_content_stems(p) <= asked for p in phrasings)


@lru_cache(maxsize=65536)
def _content_stems(phrase: str) -> frozenset[str]:
    return frozenset(w.stem for w in read_text(phrase).words if not w.is_function) or frozenset(
        {""}
    )


def _common_one_word(phrasings: list[str] | tuple[str, ...], what: str) -> list[str]:
    found = []
    for phrase in phrasings:
        if common_word(phrase):
            found.append(
                f"{what} {phrase!r} is one common word, which answers use without making "
                "the claim: write the claim (e.g. 'replaces the whole resource')"
            )
    return found


def _claims(q: Question) -> list[str]:
    """Open questions: key points and misconceptions that read as claims."""
    found = _phrasings(q, q.key_points, "key-point phrasing")
    found += _phrasings(q, [list(m.phrasings) for m in q.misconceptions], "misconception phrasing")
    for point in q.key_points:
        found += _common_one_word(point, "key-point phrasing")
        if prompt_words_only(point, q.prompt_md):
            found.append(
                f"key point {point[0]!r} uses only words of the prompt, which earn nothing: "
                "add a phrasing that says more than the question"
            )
    for misconception in q.misconceptions:
        found += _common_one_word(misconception.phrasings, "misconception phrasing")
        if not misconception.why_md:
            found.append(
                f"misconception {misconception.phrasings[0]!r} has no 'Why:' line: say why "
                "it is wrong (learners who assert it are shown this)"
            )
    if not q.misconceptions:
        found.append(
            "open question without misconceptions: add a 'Misconceptions:' list of the wrong "
            "claims candidates make"
        )
    return found


def lint_question(q: Question) -> list[str]:
    """What is wrong with one question as an item, in words (empty when nothing is)."""
    if q.kind in ("single", "multiple"):
        return _choice(q)
    if q.kind == "short":
        return _phrasings(q, [q.answers], "accepted answer")
    found = _claims(q)
    if not q.explanation_md.strip():
        found.append("open question without a model answer: add a '> Model answer: ...' quote")
    return found


def lint_bank(bank: Bank, path: str | None = None) -> list[Diagnostic]:
    where = path or bank.path
    return [
        Diagnostic(where, q.source_line, f"{q.id}: {message}")
        for q in bank.questions
        for message in lint_question(q)
    ]
