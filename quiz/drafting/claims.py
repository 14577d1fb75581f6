"""A paragraph's or a table cell's own claims as key points: one clause a sentence that
says something, never a URL, a bare "the system" or "here", never the subject's name
alone. Plain Python, no Flask."""

from __future__ import annotations

import re

from quiz.banks.lint import common_word
from quiz.banks.tables import tidy_cell

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CLAUSE_RE = re.compile(
    r"\s*[:;]\s+|,\s+(?:and|but|while|which|so|as in|for example|e\.g\.)\s+"
    r"|\s+(?:while|because|such as)\s+"
    r"|\s+(?:that|which|who)\s+(?=[a-z]+s\b)"  # "a server that obtains …": what it does
    r"|\s+and\s+(?=(?:never|rarely|always|often|only)\b)"
)
_URL_RE = re.compile(r"https?://|\bwww\.|\.(?:com|io|dev|org)\b", re.I)
# Openings of a clause that says nothing by itself ("it …", "is why …", "the system …").
_EMPTY_HEADS = frozenset(
    {"it", "this", "that", "here", "there", "the system", "they", "which", "is why", "so"}
)
_MIN_WORDS, _MAX_WORDS = 3, 12
MAX_POINTS = 4


def claims(text_md: str, subject: str, per_sentence: int = 1) -> list[list[str]]:
    """Up to four key points: ``per_sentence`` clauses of each sentence that say
    something (three to twelve words, no URL, not opening on a bare pronoun), the
    subject's name left out."""
    points: list[list[str]] = []
    for sentence in _SENTENCE_RE.split(tidy_cell(text_md)):
        taken = 0
        for clause in _CLAUSE_RE.split(sentence.strip().rstrip(".!")):
            # "SQLite is an embedded engine" -> "an embedded engine"
            lead = rf"(?i)^(?:the\s+)?{re.escape(subject)}\s+(?:is\s+|are\s+)?"
            text = re.sub(lead, "", clause).strip(" ,")
            words = text.split()
            if (
                _MIN_WORDS <= len(words) <= _MAX_WORDS
                and not _URL_RE.search(text)
                and " ".join(words[:2]).lower() not in _EMPTY_HEADS
                and words[0].lower() not in _EMPTY_HEADS
                and not (_names(text, subject) and len(words) <= _MIN_WORDS)
                and not all(common_word(w) for w in words)
            ):
                points.append([text])
                taken += 1
                if taken == per_sentence:
                    break  # the next sentence says the next thing
        if len(points) >= MAX_POINTS:
            break
    return points


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I) is not None
