"""The comparison-table generator: a table under a ``# Topic`` heading → questions.

This is the one place that decides how table questions read. Entry point:
:func:`table_questions`. A table with three or more columns (attribute | thing | thing
...) yields, per row, "Which one has *attribute: value*?" for each value only one thing
has, and "What is *thing*'s *attribute*?" for each thing when the row has at least two
different values. A two-column table (prompt | answer) yields one single-choice
question per row whose choices are the table's distinct answers. Generated ids are
``topic--row--column--which|what`` (three or more columns) or ``topic--row`` (two);
each question records ``generated_from="table:<line>"``. The table is checked first
(header, cell counts, names to build ids from); a table with any error yields nothing.
"""

from __future__ import annotations

from .blocks import Block, table_cell_count
from .context import ParseContext
from .diagnostics import plural
from .model import Option, Question, Topic
from .slugs import slugify


def table_questions(block: Block, topic: Topic, ctx: ParseContext) -> list[Question]:
    """The single-choice questions the comparison table ``block`` generates for ``topic``."""
    tline = block.start + 1
    n_errors = ctx.error_count
    headers: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    row_line = 0
    in_head = False
    for tok in block.tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
            row_line = tok.map[0] if tok.map else block.start
        elif tok.type == "inline" and current is not None:
            current.append(tok.content.strip())
        elif tok.type == "tr_close" and current is not None:
            if in_head:
                headers = current
            else:
                rows.append((row_line, current))
            current = None

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
    if ncols >= 3:
        return _table_many(block, topic, headers, rows, ctx)
    return _table_two(block, topic, headers, rows, ctx)


def _em(text: str) -> str:
    """Italicise ``text`` unless that would clash with emphasis already in it."""
    if not text or "*" in text or text.startswith("_") or text.endswith("_"):
        return text
    return f"*{text}*"


def _generated(
    ctx: ParseContext,
    topic: Topic,
    qid: str,
    line: int,
    tline: int,
    prompt: str,
    options: list[Option],
    explanation: str,
) -> Question | None:
    if not ctx.claim_id(
        qid, line, "make the first cells of the table's rows (and its headers) unique"
    ):
        return None
    return Question(
        id=qid,
        kind="single",
        prompt_md=prompt,
        topic_slug=topic.slug,
        options=options,
        explanation_md=explanation,
        source_line=line,
        generated_from=f"table:{tline}",
    )


def _table_many(
    block: Block,
    topic: Topic,
    headers: list[str],
    rows: list[tuple[int, list[str]]],
    ctx: ParseContext,
) -> list[Question]:
    tline = block.start + 1
    made: list[Question | None] = []
    for row_start, cells in rows:
        line = row_start + 1
        attr = cells[0]
        if not attr:
            ctx.warn(line, "table row has an empty first cell, so it generates no questions")
            continue
        attr_slug = slugify(attr)
        if not attr_slug:
            ctx.error(
                line,
                f"table row {attr!r} has no letters or digits in its first cell to build "
                "question ids from: rename it",
            )
            continue
        pairs = [(h, c) for h, c in zip(headers[1:], cells[1:], strict=True) if c]
        empty = [h for h, c in zip(headers[1:], cells[1:], strict=True) if not c]
        if empty:
            ctx.warn(
                line,
                f"empty table cell(s) for {', '.join(empty)}: left out of this row's questions",
            )
        if len(pairs) < 2:
            continue
        distinct: list[str] = []
        for _h, c in pairs:
            if c not in distinct:
                distinct.append(c)
        base = f"{topic.slug}--{attr_slug}"
        for header, cell in pairs:
            if sum(1 for _h, c in pairs if c == cell) != 1:
                continue
            made.append(
                _generated(
                    ctx,
                    topic,
                    f"{base}--{slugify(header)}--which",
                    line,
                    tline,
                    f"Which one has {_em(f'{attr}: {cell}')}?",
                    [Option(h, h == header) for h, _c in pairs],
                    f"**{header}** — {attr}: {cell}",
                )
            )
        if len(distinct) >= 2:
            for header, cell in pairs:
                made.append(
                    _generated(
                        ctx,
                        topic,
                        f"{base}--{slugify(header)}--what",
                        line,
                        tline,
                        f"What is {_em(header)}'s {_em(attr)}?",
                        [Option(c, c == cell) for c in distinct],
                        f"**{header}** — {attr}: {cell}",
                    )
                )
    return [q for q in made if q is not None]


def _table_two(
    block: Block,
    topic: Topic,
    headers: list[str],
    rows: list[tuple[int, list[str]]],
    ctx: ParseContext,
) -> list[Question]:
    tline = block.start + 1
    usable: list[tuple[int, str, str]] = []
    for row_start, cells in rows:
        line = row_start + 1
        prompt, answer = cells[0], cells[1]
        if not prompt or not answer:
            ctx.warn(line, "table row has an empty cell, so it generates no question")
            continue
        usable.append((line, prompt, answer))
    distinct: list[str] = []
    for _line, _prompt, answer in usable:
        if answer not in distinct:
            distinct.append(answer)
    if usable and len(distinct) < 2:
        ctx.error(
            tline,
            "two-column table needs at least two different answers (second column) "
            "to make choices from",
        )
        return []
    lead = headers[0]
    if lead:
        lead = _em(lead + ":" if lead[-1].isalnum() else lead) + " "
    made: list[Question | None] = []
    for line, prompt, answer in usable:
        slug = slugify(prompt)
        if not slug:
            ctx.error(
                line,
                f"table row {prompt!r} has no letters or digits in its first cell to build "
                "a question id from: rename it",
            )
            continue
        made.append(
            _generated(
                ctx,
                topic,
                f"{topic.slug}--{slug}",
                line,
                tline,
                f"{lead}{prompt} — which one?",
                [Option(a, a == answer) for a in distinct],
                f"**{answer}** — {lead}{prompt}",
            )
        )
    return [q for q in made if q is not None]
