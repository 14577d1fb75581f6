"""Emoji-only table values (🟢, 🔽, ⭐⭐) put into words from a legend in the article
("🟢 = good, 🟡 = fair, 🔴 = poor"), or found to have none. Plain Python, no Flask.

A value no legend explains cannot be an option (a learner cannot answer "🔴"), so the
drafter leaves its row out of the table it keeps and says so at the row's line.
"""

from __future__ import annotations

import re

import emoji

from quiz.banks.tables import tidy_cell

from .article import Article, ListBlock, Paragraph, Table, strip_decoration

# What may stand between an emoji and its meaning: "🟢 = good", "🟢: good", "🟢 – good",
# "🟢 means good"; the meaning runs to the next comma, semicolon, bar, colon or emoji.
_MEANING_RE = re.compile(r"\s*(?:=|:|–|—|-|→|means)\s*([A-Za-z][A-Za-z '/-]*)", re.I)
_MAX_MEANING_WORDS = 3


def _key(text: str) -> str:
    """An emoji value as a legend key: no spaces or variation selectors."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "\ufe0f")


def read_legend(texts: list[str]) -> dict[str, str]:
    """Each emoji the texts explain, with its meaning ("🟢" -> "Good"); the first wins.

    Only a text that explains two emoji or more is a legend: one emoji with words after
    it ("🚀 - Fast startup") is more often a decorated list item than a key."""
    legend: dict[str, str] = {}
    for text in texts:
        found: dict[str, str] = {}
        for hit in emoji.emoji_list(text):
            m = _MEANING_RE.match(text, hit["match_end"])
            meaning = m.group(1).strip(" '-/") if m else ""
            if meaning and len(meaning.split()) <= _MAX_MEANING_WORDS:
                found.setdefault(_key(hit["emoji"]), meaning[:1].upper() + meaning[1:])
        if len(found) >= 2:
            legend = found | legend
    return legend


def emoji_only(cell: str) -> bool:
    """Whether a cell says something with emoji alone, no words and no status mark
    (🟢, 🔽🔽, ⭐⭐: ✅ and ❌ read as Yes and No without a legend)."""
    return bool(cell.strip()) and emoji.emoji_count(cell) > 0 and not tidy_cell(cell)


def in_words(cell: str, legend: dict[str, str]) -> str | None:
    """The cell with an emoji-only value the legend explains in words; the cell itself
    when it is not emoji-only; None when nothing explains it."""
    meaning = legend.get(_key(cell))
    if meaning is not None:
        return meaning
    return None if emoji_only(cell) else cell


def article_legend(article: Article) -> dict[str, str]:
    """The legend of every paragraph and list item of the article."""
    texts = [p.source for p in article.intro]
    for section in article.sections:
        for part in section.parts:
            if isinstance(part.block, Paragraph):
                texts.append(part.block.source)
            elif isinstance(part.block, ListBlock):
                texts += part.block.items
    return read_legend(texts)


def rows_in_words(
    table: Table, legend: dict[str, str]
) -> tuple[list[list[str]], list[tuple[str, int]]]:
    """The table's whole rows with emoji-only values in the legend's words, and the label
    and line of each row left out for a value no legend explains (no option can say it)."""
    kept: list[list[str]] = []
    unsaid: list[tuple[str, int]] = []
    for row, line in zip(table.rows, table.row_lines, strict=True):
        if len(row) != len(table.headers):
            continue
        cells = [in_words(c, legend) for c in row[1:]]
        if None in cells:
            unsaid.append((strip_decoration(row[0]), line))
        else:
            kept.append([row[0], *(c for c in cells if c is not None)])
    return kept, unsaid
