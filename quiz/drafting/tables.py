"""Comparison tables as a draft keeps them (plain Python, no Flask).

Which way a table runs: the compared subjects as columns (the bank format's
``| Feature | FastAPI | Flask |``), as rows (``| Framework | Async | ORM |``, a transposed
table), with the header in the first body row (a blank Markdown header above a bold
row); the table turned so the subjects are the columns, as the bank parser reads it;
whether the generator can take it; and its Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from quiz.banks import slugify
from quiz.banks.tables import clean_cell, tidy_cell

from .article import Article, Table, strip_decoration
from .questions import mentions

# Header cells that say nothing ("Column 1", "#", "-"): a table whose header row holds
# only these has its real header in its first body row.
_PLACEHOLDER_RE = re.compile(r"^(?:col(?:umn)?\s*\d*|#|-+|\d+)?$", re.I)
# Corner cells of a transposed table that do not name what the rows are.
_GENERIC_CORNERS = frozenset(
    {"", "type", "name", "names", "feature", "features", "aspect", "category", "item", "#"}
)
TRANSPOSED_CORNER = "Feature"


def label(cell: str) -> str:
    """A header or first-column cell as words: no markup, emphasis or emoji."""
    return strip_decoration(clean_cell(cell))


def subject_matcher(names: list[str]) -> Callable[[str], bool]:
    """Whether a table label names one of ``names`` ("Kafka" for the section "Apache
    Kafka", "Django" for "Django")."""

    def is_subject(text: str) -> bool:
        text = label(text)
        return 0 < len(text.split()) <= 4 and any(
            mentions(name, text) or mentions(text, name) for name in names
        )

    return is_subject


def subject_matchers(names: list[str], tables: list[Table]) -> dict[int, Callable[[str], bool]]:
    """For each table (by id), whether a label names a subject: one of ``names`` or a
    compared thing of another table (a header cell but the first: tables run the bank
    format's way unless told otherwise). A README that defines nothing still compares
    "Requests, HTTPX, aiohttp" in one table and lists them as rows in the next."""
    headers = {id(t): with_header_promoted(t).headers[1:] for t in tables if len(t.headers) >= 3}
    return {
        id(t): subject_matcher(
            names + [h for other, hs in headers.items() if other != id(t) for h in hs]
        )
        for t in tables
    }


def with_header_promoted(table: Table) -> Table:
    """The table with its first body row as header when the header row is placeholders."""
    if not table.rows or not all(_PLACEHOLDER_RE.match(label(h)) for h in table.headers):
        return table
    first = table.rows[0]
    if len(first) != len(table.headers) or sum(bool(label(c)) for c in first[1:]) < 2:
        return table
    return Table(table.line, [label(c) for c in first], table.rows[1:], table.row_lines[1:])


def subjects_in_rows(table: Table, is_subject: Callable[[str], bool]) -> bool:
    """Whether the first column, not the header row, names the compared subjects."""
    in_rows = sum(is_subject(label(r[0])) for r in table.rows if r)
    in_columns = sum(is_subject(label(h)) for h in table.headers[1:])
    return len(table.headers) >= 3 and in_rows >= 2 and in_rows > in_columns


def transposed(table: Table) -> Table:
    """Rows as columns: ``| Framework | Async |`` / ``| Flask | Partly |`` becomes
    ``| Feature | Flask |`` / ``| Async | Partly |``. Each new row sits at the table's line
    (a column has no line of its own); ragged rows are left out."""
    rows = [r for r in table.rows if len(r) == len(table.headers)]
    headers = [TRANSPOSED_CORNER] + [label(r[0]) for r in rows]
    body = [[table.headers[j]] + [r[j] for r in rows] for j in range(1, len(table.headers))]
    return Table(table.line, headers, body, [table.line] * len(body))


def corner_noun(table: Table) -> str | None:
    """What a transposed table's corner says its rows are ("Framework" -> "framework")."""
    corner = label(table.headers[0]) if table.headers else ""
    if corner.lower() in _GENERIC_CORNERS or len(corner.split()) != 1 or not corner.isalpha():
        return None
    return corner if corner.isupper() else corner.lower()  # "ORM" stays, "Framework" not


def oriented(table: Table, is_subject: Callable[[str], bool]) -> tuple[Table, str | None]:
    """The table with the subjects as columns, and the noun its corner gives them when it
    was turned (None when it was not, or the corner names nothing)."""
    table = with_header_promoted(table)
    if subjects_in_rows(table, is_subject):
        return transposed(table), corner_noun(table)
    return table, None


def compares_subjects(block: object, subject_in: dict[int, Callable[[str], bool]]) -> bool:
    """Whether a table of three columns or more compares the subjects (either way round)."""
    if not isinstance(block, Table) or len(block.headers) < 3:
        return False
    is_subject = subject_in[id(block)]
    table, _noun = oriented(block, is_subject)
    return sum(map(is_subject, table.headers[1:])) >= 2


def compared_things(
    subjects: list[str], subject_in: dict[int, Callable[[str], bool]], article: Article
) -> list[str]:
    """The subjects, then the compared things of the article's comparison tables that
    name none of them (a README that defines nothing), in the article's order."""
    found: list[str] = list(subjects)
    for section in article.sections:
        for part in section.parts:
            if compares_subjects(part.block, subject_in):
                table, _noun = oriented(part.block, subject_in[id(part.block)])
                found += [label(h) for h in table.headers[1:]]
    kept: list[str] = []
    for name in found:
        if name and not any(mentions(name, k) or mentions(k, name) for k in kept):
            kept.append(name)
    return kept


def keepable(headers: list[str], rows: list[list[str]]) -> bool:
    """Whether the bank parser's generator can take the table: headers, distinct named
    rows, and with two columns two answers at least."""
    firsts = [r[0] for r in rows]
    return (
        len(headers) >= 2
        and bool(rows)
        and all(h for h in headers[1:])
        and len(set(firsts)) == len(firsts)
        and all(slugify(f) for f in firsts)
        and (len(headers) > 2 or len({r[-1] for r in rows}) >= 2)
    )


def table_markdown(headers: list[str], rows: list[list[str]]) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(tidy_cell(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join(
        [row(headers), "| " + " | ".join("---" for _ in headers) + " |"] + [row(r) for r in rows]
    )
