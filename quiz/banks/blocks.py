"""Markdown source → top-level blocks, each with the source lines it spans.

Owns the one markdown-it-py parser (CommonMark plus GFM tables) and the grouping of its
token stream into :class:`Block` s: a heading, a paragraph, a list, a blockquote, a
table, a code fence, an HTML block or a rule, with 0-based ``[start, end)`` line ranges.
Later steps slice the ORIGINAL lines with those ranges, so code fences, emoji and any
decoration survive exactly. Also how GFM splits a raw table row into cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@cache
def _markdown() -> MarkdownIt:
    # no inline parsing: blocks, their lines and raw inline content are all the bank
    # parser reads, and inline tokens are about half of markdown-it's time
    return MarkdownIt("commonmark").enable("table").disable("inline")


@dataclass
class Block:
    """One top-level Markdown block: its tokens and 0-based [start, end) source lines."""

    type: str
    start: int
    end: int
    tokens: list[Token]
    level: int = 0  # heading level
    content: str = ""  # heading inline content
    setext: bool = False


def split_blocks(text: str) -> list[Block]:
    tokens = _markdown().parse(text)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.nesting == 1:
            j = i + 1
            depth = 1
            while j < len(tokens) and depth:
                depth += tokens[j].nesting
                j += 1
            group = tokens[i:j]
            i = j
        else:
            group = [tok]
            i += 1
        if tok.map is None:
            continue
        btype = tok.type.removesuffix("_open")
        block = Block(btype, tok.map[0], tok.map[1], group)
        if btype == "heading":
            block.level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 6
            block.content = group[1].content if len(group) > 1 else ""
            block.setext = not tok.markup.startswith("#")
        blocks.append(block)
    return blocks


def table_rows(tokens: Sequence[Token]) -> tuple[list[str], list[tuple[int | None, list[str]]]]:
    """A markdown-it table's header cells, and each body row's cells with the 0-based
    line the row starts on (None when its token has no line map)."""
    headers: list[str] = []
    rows: list[tuple[int | None, list[str]]] = []
    current: list[str] | None = None
    row_line: int | None = None
    in_head = False
    for tok in tokens:
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            current = []
            row_line = tok.map[0] if tok.map else None
        elif tok.type == "inline" and current is not None:
            current.append(tok.content.strip())
        elif tok.type == "tr_close" and current is not None:
            if in_head:
                headers = current
            else:
                rows.append((row_line, current))
            current = None
    return headers, rows


def table_cell_count(line: str) -> int:
    """How many cells a raw table row has, split the way GFM tables split them."""
    text = line.strip()
    parts: list[str] = []
    current = ""
    escaped = False
    last = 0
    for pos, ch in enumerate(text):
        if ch == "|":
            if not escaped:
                parts.append(current + text[last:pos])
                current = ""
                last = pos + 1
            else:
                current += text[last : pos - 1]
                last = pos
        escaped = ch == "\\"
    parts.append(current + text[last:])
    if parts and parts[0] == "":
        parts.pop(0)
    if parts and parts[-1] == "":
        parts.pop()
    return len(parts)
