"""Paragraph-long table cells ("PostgreSQL needs a little more tuning …: shared_buffers,
work_mem and autovacuum settings matter on busy systems. Most teams …") as open
questions, never options. Plain Python, no Flask.

The key points are the cell's own claims (see ``claims``).
"""

from __future__ import annotations

from quiz.banks.tables import MAX_OPTION_CHARS, tidy_cell

from .article import Table, strip_decoration
from .claims import claims
from .questions import open_question, weak_points


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


def long_cell_question(qid: str, thing: str, row_label: str, cell: str, line: int):
    """An open question on a paragraph-long cell; None when no clause makes a key point."""
    points = claims(cell, thing)
    if not points:
        return None
    prompt = f"What should you know about {thing} ({row_label.lower()})?"
    todos = [
        "a table cell too long for an option, asked openly: check the key points",
        *weak_points(points, prompt),
    ]
    model_answer = f"Model answer (from the article's table, line {line}): {tidy_cell(cell)}"
    return open_question(qid, thing, prompt, points, model_answer, todos, f"cell:{line}:{thing}")
