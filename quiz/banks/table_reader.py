"""Reading a comparison table: a markdown-it table block → a checked :class:`TableSpec`.

Entry point: :func:`table_questions`. The table is checked first (a header, the same
number of cells in every row, headers to build question ids from); a table with any
error yields nothing. A valid table, with its optional ``Compare: thing`` line, goes to
:mod:`.tables`, the one place that decides how table questions read, and each question
it generates claims its id in the bank.
"""

from __future__ import annotations

from .blocks import Block, table_cell_count, table_rows
from .context import ParseContext
from .diagnostics import plural
from .model import CHOICE_KINDS, Question, Topic
from .questions import damaged_text, unanswerable
from .slugs import slugify
from .tables import TableSpec, compare_label, generate


def table_questions(block: Block, topic: Topic, ctx: ParseContext) -> list[Question]:
    """The single-choice questions the comparison table ``block`` generates for ``topic``."""
    tline = block.start + 1
    n_errors = ctx.error_count
    headers, body = table_rows(block.tokens)
    rows = [(block.start if line is None else line, cells) for line, cells in body]

    ncols = len(headers)
    if ncols < 2:
        ctx.error(
            tline,
            f"comparison table has {plural(ncols, 'column')}: it needs at least two "
            "(prompt | answer) or three (attribute | thing | thing ...)",
        )
        return []
    for row_start, _cells in rows:
        raw = table_cell_count(ctx.lines[row_start])
        if raw != ncols:
            ctx.error(
                row_start + 1,
                f"table row has {plural(raw, 'cell')} but the header has {ncols}: "
                "give every row the same number of cells (a blank line ends a table)",
            )
    if ncols >= 3:
        for col, name in enumerate(headers[1:], start=2):
            if not name:
                ctx.error(
                    tline,
                    f"table column {col} has a missing header: name the thing it "
                    "describes in the header row",
                )
            elif not slugify(name):
                ctx.error(
                    tline,
                    f"table header {name!r} has no letters or digits to build question "
                    "ids from: rename it",
                )
        seen: set[str] = set()
        for name in headers[1:]:
            if name and name in seen:
                ctx.error(tline, f"two table columns share the header {name!r}: rename one")
            seen.add(name)
    elif not any(headers):
        ctx.error(
            tline,
            "table has a missing header: name its columns in the header row, "
            "e.g. | If you want to build... | Use |",
        )
    if not rows:
        ctx.warn(tline, "table has no rows, so it generates no questions")
    if ctx.error_count != n_errors:
        return []
    made = generate(
        TableSpec(
            ctx.path,
            topic.slug,
            tline,
            headers,
            [(start + 1, cells) for start, cells in rows],
            compare_label(ctx.lines, block.start),
        )
    )
    ctx.diagnostics.errors.extend(made.errors)
    ctx.diagnostics.warnings.extend(made.warnings)
    fix = "make the first cells of the table's rows (and its headers) unique"
    damaged_rows: set[int] = set()
    return [
        q
        for q in made.questions
        if _answerable(q, ctx, damaged_rows) and ctx.claim_id(q.id, q.source_line, fix)
    ]


def _answerable(question: Question, ctx: ParseContext, damaged_rows: set[int]) -> bool:
    """A generated question must pass what a hand-written one must: an error at its row.
    A damaged character is reported once per row, not once per question it reaches."""
    damaged = damaged_text(question)
    problems = unanswerable(question.options) if question.kind in CHOICE_KINDS else []
    if question.source_line not in damaged_rows:
        problems += damaged[:1]
    if damaged:
        damaged_rows.add(question.source_line)
    for problem in problems:
        ctx.error(question.source_line, f"{problem} (generated from this table row)")
    return not (problems or damaged)
