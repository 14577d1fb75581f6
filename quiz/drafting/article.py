"""An article's structure, read from markdown-it tokens: sections, their parts, their kinds.

A *section* is a heading at the article's section level (the shallowest level used more
than once, so a lone ``# Title`` above ``## Sections`` is the title) with everything
up to the next one. Deeper headings name what the blocks under them are (pros, cons,
use cases, features, reasons, a definition, "when to use"); blocks keep that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import emoji
from markdown_it import MarkdownIt
from markdown_it.token import Token

from quiz.banks.blocks import table_rows

# What a heading says the list or table under it is, tried in this order.
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "when",
        re.compile(
            r"\bwhen to (use|choose|pick)\b|\bwhich (one|to (use|choose))\b"
            r"|^(choose|pick|use) .+ (if|when)\b|\b(is|are) (best|ideal) for\b",
            re.I,
        ),
    ),
    (
        "cons",
        re.compile(
            r"\b(cons|disadvantages?|drawbacks?|limitations?|weakness(es)?|downsides?)\b", re.I
        ),
    ),
    ("pros", re.compile(r"\b(pros|advantages?|benefits?|strengths?|upsides?)\b", re.I)),
    ("uses", re.compile(r"\b(use[- ]?cases?|used for|good for|best for|ideal for)\b", re.I)),
    ("features", re.compile(r"\b(features?|capabilities|highlights)\b", re.I)),
    ("reasons", re.compile(r"^why\b", re.I)),
    ("definition", re.compile(r"\b(definition|overview|what is|what are|introduction)\b", re.I)),
)
LIST_KINDS = ("pros", "cons", "uses", "features", "reasons")

_NUMBERING_RE = re.compile(r"^(?:(?:part|step|section)\s+)?(?:\d+|[ivx]+|[a-z])[.):]\s+", re.I)
_SUBJECT_RE = re.compile(
    r"^(?:what\s+(?:is|are)|why(?:\s+use)?|introduction\s+to|overview\s+of|about)\s+(.+?)\??$",
    re.I,
)
_EMPHASIS_RE = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<![\w_])_(?!\s))")
_MARKS_RE = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]")


@cache
def _markdown() -> MarkdownIt:
    # Block structure only: inline Markdown is parsed later, for the few paragraphs that
    # need their bold terms, which keeps a 1 MB article fast.
    return MarkdownIt("commonmark").enable("table").disable("inline")


@cache
def _inline_markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


# Every non-ASCII character of any emoji: text with none of them has no emoji to remove
# (each emoji has one at least), so the slow emoji scan is skipped for it.
_EMOJI_CHARS = frozenset(c for e in emoji.EMOJI_DATA for c in e if not c.isascii())


@lru_cache(maxsize=65536)  # an article repeats its sub-headings and status cells
def strip_decoration(text: str) -> str:
    """Heading or cell text without emoji, status marks, numbering or emphasis markers."""
    if not text.isascii():
        if not _EMOJI_CHARS.isdisjoint(text):
            text = emoji.replace_emoji(text, "")
        text = _MARKS_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _NUMBERING_RE.sub("", text.strip())
    return " ".join(text.split()).strip(" :")


@lru_cache(maxsize=65536)
def plain(markdown_inline: str) -> str:
    """Inline Markdown as plain words: emphasis and code backticks removed, emoji kept."""
    text = _EMPHASIS_RE.sub("", markdown_inline).replace("`", "")
    return " ".join(text.replace("\\", "").split())


def heading_kind(title: str) -> str | None:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(title):
            return kind
    return None


@dataclass
class Paragraph:
    line: int  # 1-based
    source: str  # inline Markdown, lines joined

    def bold_and_code(self) -> tuple[list[str], list[str]]:
        """The paragraph's **bold** terms and `code` spans, in order."""
        tokens = _inline_markdown().parseInline(self.source)
        return _bold_and_code(tokens[0]) if tokens else ([], [])


@dataclass
class ListBlock:
    line: int
    items: list[str]  # inline Markdown of each top-level item, one line each
    item_lines: list[int]


@dataclass
class Table:
    line: int
    headers: list[str]
    rows: list[list[str]]
    row_lines: list[int]


@dataclass
class Part:
    """A block of a section with the kind its nearest sub-heading gives it."""

    kind: str | None
    heading: str  # the sub-heading it sits under ("" when directly under the section)
    block: Paragraph | ListBlock | Table


@dataclass
class Section:
    title: str  # the heading without decoration, e.g. "What is FastAPI?"
    heading_source: str  # the heading as written
    line: int
    subject: str  # "FastAPI" for "What is FastAPI?", else the title
    names_subject: bool  # the title names one thing ("What is X?")
    parts: list[Part] = field(default_factory=list)


@dataclass
class Article:
    title: str  # a heading above the section level, or ""
    intro: list[Paragraph]
    sections: list[Section]


def list_items(block: object) -> tuple[list[str], list[int]]:
    """A list's items, or the first column of a table under a typed heading; their lines."""
    if isinstance(block, ListBlock):
        return block.items, block.item_lines
    if isinstance(block, Table) and len(block.headers) >= 2:
        return [r[0] for r in block.rows if r and r[0]], [
            line for r, line in zip(block.rows, block.row_lines, strict=True) if r and r[0]
        ]
    return [], []


def subject_of(title: str) -> tuple[str, bool]:
    m = _SUBJECT_RE.match(title)
    if m:
        return m.group(1).strip(), True
    return title.rstrip("?").strip(), False


def read_article(text: str) -> Article:
    """Split Markdown into sections and typed parts (plain Python, no Flask)."""
    tokens = _markdown().parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    distinct = sorted(set(levels))
    section_level = next((lv for lv in distinct if levels.count(lv) >= 2), None)
    if section_level is None and distinct:
        # Every level used once: a "# Title" above one "## Section", or one heading.
        section_level = distinct[1] if len(distinct) > 1 else distinct[0]
    article = Article(title="", intro=[], sections=[])
    section: Section | None = None
    sub_heading = ""
    sub_kind: str | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        end = _block_end(tokens, i)
        line = tok.map[0] + 1 if tok.map else 0
        if tok.type == "heading_open":
            source = tokens[i + 1].content
            title = strip_decoration(source)
            level = int(tok.tag[1])
            if section_level is not None and level < section_level:
                article.title = article.title or title
            elif level == section_level:
                subject, names = subject_of(title)
                section = Section(title, source, line, subject, names)
                article.sections.append(section)
                sub_heading, sub_kind = "", heading_kind(title)
            else:
                sub_heading, sub_kind = title, heading_kind(title)
        elif tok.type in ("paragraph_open", "bullet_list_open", "ordered_list_open", "table_open"):
            block = _read_block(tokens[i:end], line)
            if block is not None:
                if section is None:
                    if isinstance(block, Paragraph):
                        article.intro.append(block)
                    else:
                        section = Section("", "", line, "", False)
                        article.sections.append(section)
                if section is not None:
                    section.parts.append(Part(sub_kind, sub_heading, block))
        i = end
    if not article.sections and article.intro:
        # No headings at all: the whole article is one untitled section.
        untitled = Section("", "", article.intro[0].line, "", False)
        untitled.parts = [Part(None, "", p) for p in article.intro]
        article.sections.append(untitled)
    return article


def _block_end(tokens: list[Token], i: int) -> int:
    if tokens[i].nesting != 1:
        return i + 1
    depth, j = 1, i + 1
    while j < len(tokens) and depth:
        depth += tokens[j].nesting
        j += 1
    return j


def _read_block(group: list[Token], line: int) -> Paragraph | ListBlock | Table | None:
    kind = group[0].type
    if kind == "paragraph_open":
        inline = group[1]
        return Paragraph(line, " ".join(inline.content.split()))
    if kind in ("bullet_list_open", "ordered_list_open"):
        items: list[str] = []
        item_lines: list[int] = []
        depth = 0
        for j, tok in enumerate(group):
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            elif tok.type == "list_item_open" and depth == 1:
                inline = next((t for t in group[j:] if t.type == "inline"), None)
                if inline is not None and inline.content.strip():
                    items.append(" ".join(inline.content.split()))
                    item_lines.append(tok.map[0] + 1 if tok.map else line)
        return ListBlock(line, items, item_lines) if items else None
    if kind == "table_open":
        headers, body = table_rows(group)
        rows = [cells for _, cells in body]
        row_lines = [line if start is None else start + 1 for start, _ in body]
        return Table(line, headers, rows, row_lines)
    return None


def _bold_and_code(inline: Token) -> tuple[list[str], list[str]]:
    bold: list[str] = []
    code: list[str] = []
    buffer: list[str] | None = None
    for child in inline.children or []:
        if child.type == "strong_open":
            buffer = []
        elif child.type == "strong_close" and buffer is not None:
            bold.append("".join(buffer).strip())
            buffer = None
        elif child.type in ("text", "code_inline"):
            if buffer is not None:
                buffer.append(child.content)
            elif child.type == "code_inline":
                code.append(child.content)
    return [b for b in bold if b], code
