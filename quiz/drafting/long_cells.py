"""Paragraph-long table cells ("PostgreSQL needs a little more tuning …: shared_buffers,
work_mem and autovacuum settings matter on busy systems. Most teams …") as open
questions, never options. Plain Python, no Flask.

The key points are the cell's own claims, one clause a sentence: never a URL, a bare
"the system" or "here", never the subject's name alone.
"""

from __future__ import annotations

import re

from quiz.banks.lint import common_word
from quiz.banks.tables import MAX_OPTION_CHARS, tidy_cell

from .article import Table, strip_decoration
from .questions import DraftQuestion, mentions, weak_points

_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_CLAUSE_RE = re.compile(
    r"\s*[:;]\s+|,\s+(?:and|but|while|which|so|as in|for example|e\.g\.)\s+"
    r"|\s+(?:while|because|such as)\s+"
    r"|\s+and\s+(?=(?:never|rarely|always|often|only)\b)"
)
_URL_RE = re.compile(r"https?://|\bwww\.|\.(?:com|io|dev|org)\b", re.I)
# Openings of a clause that says nothing by itself ("it …", "is why …", "the system …").
_EMPTY_HEADS = frozenset(
    {"it", "this", "that", "here", "there", "the system", "they", "which", "is why", "so"}
)
_MIN_WORDS, _MAX_WORDS = 3, 12
MAX_POINTS = 4


def long_cells(table: Table, rows: list[list[str]]) -> tuple[list[list[str]], list[tuple]]:
    """The rows whose cells all fit an option, and each cell of the others, as (compared
    thing, row label, cell): a row with a paragraph is asked openly, never as options
    (its short cells too: they answer the same question for the other things)."""
    kept: list[list[str]] = []
    long: list[tuple[str, str, str]] = []
    for row in rows:
        if any(len(tidy_cell(cell)) > MAX_OPTION_CHARS for cell in row[1:]):
            long += [
                (thing, strip_decoration(row[0]), cell)
                for thing, cell in zip(table.headers[1:], row[1:], strict=True)
                if tidy_cell(cell)
            ]
        else:
            kept.append(row)
    return kept, long


def claims(cell: str, subject: str) -> list[list[str]]:
    """Up to four key points: one clause of each sentence that says something (three
    to twelve words, no URL, not opening on a bare pronoun), the subject's name left out."""
    points: list[list[str]] = []
    for sentence in _SENTENCE_RE.split(tidy_cell(cell)):
        for clause in _CLAUSE_RE.split(sentence.strip().rstrip(".!")):
            text = re.sub(rf"(?i)^(?:the\s+)?{re.escape(subject)}\s+", "", clause).strip(" ,")
            words = text.split()
            if (
                _MIN_WORDS <= len(words) <= _MAX_WORDS
                and not _URL_RE.search(text)
                and " ".join(words[:2]).lower() not in _EMPTY_HEADS
                and words[0].lower() not in _EMPTY_HEADS
                and not (mentions(text, subject) and len(words) <= _MIN_WORDS)
                and not all(common_word(w) for w in words)
            ):
                points.append([text])
                break  # one claim a sentence: the next sentence says the next thing
        if len(points) >= MAX_POINTS:
            break
    return points


def long_cell_question(qid: str, thing: str, row_label: str, cell: str, line: int):
    """An open question on a paragraph-long cell; None when no clause makes a key point."""
    points = claims(cell, thing)
    if not points:
        return None
    prompt = f"What should you know about {thing} ({row_label.lower()})?"
    return DraftQuestion(
        id=qid,
        prompt=prompt,
        kind="open",
        key_points=points,
        explanation=[f"Model answer (from the article's table, line {line}): {tidy_cell(cell)}"],
        todos=[
            "a table cell too long for an option, asked openly: check the key points",
            *weak_points(points, prompt),
        ],
        drills=[f"cell:{line}:{thing}"],
        subject=thing,
    )
