"""A question's blocks → its parts: text, label lines, lists, task lists, quotes.

Owns reading the body of a question (or of a topic's introduction) as :class:`Unit` s:
runs of prompt text, the label lines ``Answer:``, ``Key points:``, ``Misconceptions:``,
``Tags:`` and ``Difficulty:`` (bold or not), plain lists and task lists (``- [ ]`` / ``- [x]``) with
their :class:`Item` s, explanation blockquotes and any other block kept whole. Markdown
folds a label line written right under a list into the list's last item; this module
splits it back out so authors need no blank line there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block

# "Answer: x", "**Answer:** x", "**Answer**: x", "Key points:", "Tags: a, b", "Difficulty: 3"
LABEL_RE = re.compile(
    r"^(?:\*\*|__)?(answer|tags|difficulty|key[ \t]*points|misconceptions)[ \t]*"
    r"(?::(?:\*\*|__)?|(?:\*\*|__):)[ \t]*(.*)$",
    re.IGNORECASE,
)
_LIST_MARKER_RE = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK_BOX_RE = re.compile(r"^\[([ xX])\](?=\s|$)[ \t]*")


@dataclass
class Item:
    start: int  # 0-based line
    text: str
    box: str | None  # None (plain item), " " or "x"


@dataclass
class Unit:
    """A piece of a question body: a text run, a label line, a list, a quote or a block."""

    kind: str  # text | meta | answer | keypoints | misconceptions | list | tasklist | quote | block
    start: int
    end: int
    key: str = ""
    value: str = ""
    block: Block | None = None
    items: list[Item] = field(default_factory=list)
    mixed_line: int | None = None  # first plain item of a list that also has task items


def strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def units_of(block: Block, lines: list[str]) -> list[Unit]:
    if block.type == "paragraph":
        return _line_units(block.start, block.end, lines)
    if block.type in ("bullet_list", "ordered_list"):
        return _list_units(block, lines)
    if block.type == "blockquote":
        return [Unit("quote", block.start, block.end, block=block)]
    if block.type == "hr":
        return []
    if block.type == "html_block" and block.tokens[0].content.lstrip().startswith("<!--"):
        return []
    return [Unit("block", block.start, block.end, block=block)]


def _line_units(start: int, end: int, lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    for i in range(start, min(end, len(lines))):
        stripped = lines[i].strip()
        if not stripped:
            continue
        m = LABEL_RE.match(stripped)
        if m:
            key = re.sub(r"[ \t]+", " ", m.group(1).lower())
            kind = {
                "answer": "answer",
                "key points": "keypoints",
                "misconceptions": "misconceptions",
            }.get(key, "meta")
            units.append(Unit(kind, i, i + 1, key=key, value=m.group(2).strip()))
        elif units and units[-1].kind == "text" and units[-1].end == i:
            units[-1].end = i + 1
        else:
            units.append(Unit("text", i, i + 1))
    return units


def _list_units(block: Block, lines: list[str]) -> list[Unit]:
    """A list, split where an Answer:/Key points:/metadata line was folded into an item."""
    tokens = block.tokens
    spans: list[tuple[int, int, int | None]] = []  # item start, end, glued label line
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "list_item_open" and tok.level == 1 and tok.map:
            j = i + 1
            glued = None
            first_paragraph = True
            while j < len(tokens) and not (
                tokens[j].type == "list_item_close" and tokens[j].level == 1
            ):
                t = tokens[j]
                if glued is None and t.type == "paragraph_open" and t.level == 2 and t.map:
                    # The item's own first line is its text; any later paragraph line
                    # that reads "Answer: ..." etc. was folded in by Markdown.
                    skip_first = 1 if first_paragraph and t.map[0] == tok.map[0] else 0
                    first_paragraph = False
                    for ln in range(t.map[0] + skip_first, t.map[1]):
                        if LABEL_RE.match(lines[ln].strip()):
                            glued = ln
                            break
                j += 1
            spans.append((tok.map[0], tok.map[1], glued))
            i = j
        i += 1

    units: list[Unit] = []
    pending: list[tuple[int, int]] = []
    for start, end, glued in spans:
        if glued is None:
            pending.append((start, end))
            continue
        pending.append((start, glued))
        units.append(_make_list_unit(pending, lines))
        pending = []
        units.extend(_line_units(glued, end, lines))
    if pending:
        units.append(_make_list_unit(pending, lines))
    return units


def _make_list_unit(spans: list[tuple[int, int]], lines: list[str]) -> Unit:
    items = [_item(start, end, lines) for start, end in spans]
    unit = Unit("list", spans[0][0], spans[-1][1], items=items)
    boxed = [it for it in items if it.box is not None]
    if boxed:
        unit.kind = "tasklist"
        plain = [it for it in items if it.box is None]
        if plain:
            unit.mixed_line = plain[0].start
    return unit


def _item(start: int, end: int, source: list[str]) -> Item:
    lines = source[start:end]
    if not lines:
        return Item(start, "", None)
    m = _LIST_MARKER_RE.match(lines[0])
    indent = len(m.group(0)) if m else 0
    out = [lines[0][indent:]]
    for ln in lines[1:]:
        lead = len(ln) - len(ln.lstrip(" "))
        out.append(ln[min(lead, indent) :])
    text = "\n".join(strip_blank_edges(out)).strip()
    box = None
    bm = _TASK_BOX_RE.match(text)
    if bm:
        box = "x" if bm.group(1) in "xX" else " "
        text = text[bm.end() :].strip()
    return Item(start, text, box)
