"""Parse question-bank Markdown files (see the bank-format contract) into ``model`` objects.

Plain Python, no Flask. The parser walks markdown-it-py block tokens and uses their
``.map`` line ranges to slice the ORIGINAL source lines, so code fences, emoji and any
decoration survive exactly. Every problem becomes a :class:`Diagnostic`; parsing keeps
going after the first error so a file reports all of its problems at once.

``parse_text`` never raises. ``load_bank`` raises only :class:`BankFormatError`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import (
    MAX_BANK_ID,
    MAX_QUESTION_ID,
    MAX_TITLE,
    MAX_TOPIC_SLUG,
    Bank,
    BankFormatError,
    Diagnostic,
    Option,
    ParseResult,
    Question,
    QuestionKind,
    Topic,
)
from .table_questions import TableSpec, compare_label, generate

__all__ = [
    "DEFAULT_MAX_BYTES",
    "collect_bank_files",
    "load_bank",
    "parse_file",
    "parse_paths",
    "parse_text",
    "slugify",
]

DEFAULT_MAX_BYTES = 1_000_000
DERIVED_ID_MAX = 80

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER_HINT = "start the file with --- / bank: ... / title: ... / ---"
KNOWN_FRONT_KEYS = ("bank", "title", "description")

# "Answer: x", "**Answer:** x", "**Answer**: x", "Key points:", "Tags: a, b", "Difficulty: 3"
_LABEL_RE = re.compile(
    r"^(?:\*\*|__)?(answer|tags|difficulty|key[ \t]*points)[ \t]*"
    r"(?::(?:\*\*|__)?|(?:\*\*|__):)[ \t]*(.*)$",
    re.IGNORECASE,
)
_EXPLICIT_ID_RE = re.compile(r"[ \t]*\{#([^{}]*)\}[ \t]*$")
_LIST_MARKER_RE = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK_BOX_RE = re.compile(r"^\[([ xX])\](?=\s|$)[ \t]*")
_QUOTE_PREFIX_RE = re.compile(r"^ {0,3}> ?")
_NEWLINES_RE = re.compile(r"\r\n?")

_NO_ANSWER = "question has no answer part: add a task list, an Answer: line or a Key points: list"


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


# --------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    """Lowercase ASCII slug: words joined by ``-``; emoji and punctuation are dropped.

    Accented letters are transliterated (``Größe`` -> ``grosse``); letters and digits
    with no ASCII form (``日本``) become their hex code points, so a slug is never empty
    when the text contains any letter or digit.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", str(text).casefold()):
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else "-")
        elif unicodedata.combining(ch):
            continue
        elif ch.isalnum():
            out.append(f"{ord(ch):x}")
        else:
            out.append("-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def _truncate_slug(slug: str, limit: int = DERIVED_ID_MAX) -> str:
    """Cut ``slug`` to at most ``limit`` characters, at a ``-`` boundary when possible."""
    if len(slug) <= limit:
        return slug
    if slug[limit] == "-":
        return slug[:limit].rstrip("-")
    cut = slug[:limit]
    idx = cut.rfind("-")
    return cut[:idx] if idx > 0 else cut


def _split_unescaped(text: str, sep: str = "|") -> list[str]:
    """Split on ``sep`` unless it is escaped with a backslash (``\\|`` is a literal pipe)."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] == sep:
            current.append(sep)
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _alternatives(text: str) -> list[str]:
    """``a | b |  | c`` -> ``["a", "b", "c"]``."""
    return [p.strip() for p in _split_unescaped(text) if p.strip()]


def _table_cell_count(line: str) -> int:
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


def _em(text: str) -> str:
    """Italicise ``text`` unless that would clash with emphasis already in it."""
    if not text or "*" in text or text.startswith("_") or text.endswith("_"):
        return text
    return f"*{text}*"


def _strip_blank_edges(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# --------------------------------------------------------------------------- structures


@dataclass
class _Block:
    """One top-level Markdown block: its tokens and 0-based [start, end) source lines."""

    type: str
    start: int
    end: int
    tokens: list[Token]
    level: int = 0  # heading level
    content: str = ""  # heading inline content
    setext: bool = False


@dataclass
class _Item:
    start: int  # 0-based line
    text: str
    box: str | None  # None (plain item), " " or "x"


@dataclass
class _Unit:
    """A piece of a question body: a text run, a label line, a list, a quote or a block."""

    kind: str  # text | meta | answer | keypoints | list | tasklist | quote | block
    start: int
    end: int
    key: str = ""
    value: str = ""
    block: _Block | None = None
    items: list[_Item] = field(default_factory=list)
    mixed_line: int | None = None  # first plain item of a list that also has task items


@dataclass
class _QuestionDraft:
    heading: _Block
    topic: Topic | None
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _FrontMatter:
    ok: bool = False  # front matter found and closed
    body_start: int = 0  # 0-based index of the first line after the front matter
    bank_id: str | None = None  # only when it is a valid slug
    bank_line: int = 1
    title: str | None = None
    description: str = ""
    meta: dict[str, object] = field(default_factory=dict)


# --------------------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, text: str, path: str):
        self.path = path
        self.text = text
        self.lines = text.split("\n")
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.topics: list[Topic] = []
        self.topic_lines: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.front = _FrontMatter()

    # -- diagnostics

    def error(self, line: int, message: str) -> None:
        self.errors.append(Diagnostic(self.path, max(1, line), message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, max(1, line), message))

    # -- entry point

    def run(self) -> Bank | None:
        self._front_matter()
        if self.front.ok:
            body_lines = [""] * self.front.body_start + self.lines[self.front.body_start :]
            self._body("\n".join(body_lines))
        bank = None
        if self.front.bank_id is not None and self.front.title is not None:
            bank = Bank(
                id=self.front.bank_id,
                title=self.front.title,
                description=self.front.description,
                meta=self.front.meta,
                topics=self.topics,
                path=self.path,
            )
            self._check_lengths(bank)
        return bank

    def _check_lengths(self, bank: Bank) -> None:
        """Ids and titles must fit the database, so an import never fails halfway."""

        def check(value: str, limit: int, line: int, what: str) -> None:
            if len(value) > limit:
                self.error(line, f"{what} is {len(value)} characters long: keep it to {limit}")

        check(bank.id, MAX_BANK_ID, self.front.bank_line, "the bank id")
        check(bank.title, MAX_TITLE, self.front.bank_line, "the bank title")
        for topic in bank.topics:
            check(topic.title, MAX_TITLE, topic.source_line, "the topic heading")
            check(
                topic.slug, MAX_TOPIC_SLUG, topic.source_line, "the topic's id (from its heading)"
            )
            for question in topic.questions:
                check(question.id, MAX_QUESTION_ID, question.source_line, "the question id")

    # -- front matter

    def _front_matter(self) -> None:
        lines = self.lines
        if not lines or lines[0].rstrip() != "---":
            self.error(1, f"no front matter: {FRONT_MATTER_HINT}")
            # Still read the rest so every other problem is reported too.
            self.front.ok = True
            self.front.body_start = 0
            return
        close = None
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                close = i
                break
        if close is None:
            self.error(1, "front matter is not closed: add a line with --- after its last key")
            return
        self.front.ok = True
        self.front.body_start = close + 1
        yaml_text = "\n".join(lines[1:close])
        first_line = 2  # file line of yaml_text's first line

        try:
            node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(yaml_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = first_line + mark.line if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.error(
                min(line, close + 1),
                f"front matter is not valid YAML ({problem}): write one 'key: value' per line",
            )
            return
        except Exception as exc:  # e.g. absurdly deep nesting
            self.error(1, f"front matter could not be read ({type(exc).__name__})")
            return

        if data is None:
            self.error(1, f"front matter is empty: add 'bank:' and 'title:' ({FRONT_MATTER_HINT})")
            return
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            self.error(1, "front matter must be 'key: value' lines (a YAML mapping)")
            return

        key_lines: dict[str, int] = {}
        for key_node, _value_node in node.value:
            name = str(key_node.value)
            key_lines.setdefault(name, first_line + key_node.start_mark.line)

        def line_of(key: str) -> int:
            return key_lines.get(key, 1)

        # bank
        if "bank" not in data or data["bank"] is None or data["bank"] == "":
            self.error(1, "front matter has no 'bank:': add a bank id, e.g. bank: web-frameworks")
        else:
            bank = data["bank"]
            self.front.bank_line = line_of("bank")
            if not isinstance(bank, str) or not SLUG_RE.match(bank):
                suggestion = slugify(str(bank)) or "web-frameworks"
                self.error(
                    line_of("bank"),
                    f"bank id {str(bank)!r} is not a lowercase slug: use lowercase letters, "
                    f"digits and single hyphens, e.g. bank: {suggestion}",
                )
            else:
                self.front.bank_id = bank

        # title
        title = data.get("title")
        if title is None or (isinstance(title, str) and not title.strip()):
            self.error(1, "front matter has no 'title:': add one, e.g. title: Web frameworks")
        elif isinstance(title, (dict, list)):
            self.error(line_of("title"), "title must be plain text, e.g. title: Web frameworks")
        else:
            self.front.title = str(title).strip()

        # description
        desc = data.get("description")
        if isinstance(desc, (dict, list)):
            self.error(line_of("description"), "description must be plain text")
        elif desc is not None:
            self.front.description = str(desc).strip()

        # unknown keys
        for key, value in data.items():
            name = str(key)
            if name in KNOWN_FRONT_KEYS:
                continue
            self.front.meta[name] = value
            self.warn(
                line_of(name),
                f"unknown front-matter key {name!r} is kept as metadata; "
                f"the app reads only {', '.join(KNOWN_FRONT_KEYS)}",
            )

    # -- body: block grouping

    def _blocks(self, text: str) -> list[_Block]:
        tokens = _markdown().parse(text)
        blocks: list[_Block] = []
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
            block = _Block(btype, tok.map[0], tok.map[1], group)
            if btype == "heading":
                block.level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 6
                block.content = group[1].content if len(group) > 1 else ""
                block.setext = not tok.markup.startswith("#")
            blocks.append(block)
        return blocks

    def _body(self, text: str) -> None:
        topic: Topic | None = None
        draft: _QuestionDraft | None = None
        for block in self._blocks(text):
            if block.type == "heading" and block.setext and self._setext_trap(block):
                # Read the lines above the --- as the paragraph the author meant.
                block = _Block("paragraph", block.start, block.end - 1, [])
            if block.type == "heading" and block.level <= 2:
                if draft is not None:
                    self._finish_question(draft)
                    draft = None
                if block.level == 1:
                    topic = self._open_topic(block)
                else:
                    if topic is None:
                        self.error(
                            block.start + 1,
                            "question before the first topic: add a '# Topic' heading above it",
                        )
                    draft = _QuestionDraft(block, topic)
            elif draft is not None:
                draft.blocks.append(block)
            else:
                self._outside_question(block, topic)
            if block.type == "html_block":
                self._check_comment(block)
        if draft is not None:
            self._finish_question(draft)

        total = 0
        for t in self.topics:
            total += len(t.questions)
        if total == 0 and not self.errors:
            self.warn(1, "the bank has no questions: add '# Topic' and '## Question' headings")

    def _setext_trap(self, block: _Block) -> bool:
        """``Answer: x`` directly above ``---`` is read as a heading: say so instead."""
        last = block.content.split("\n")[-1].strip()
        if not _LABEL_RE.match(last):
            return False
        self.error(
            block.end,
            "the line above this --- is read as a heading: put a blank line before the ---",
        )
        return True

    def _check_comment(self, block: _Block) -> None:
        content = block.tokens[0].content
        if content.lstrip().startswith("<!--") and "-->" not in content:
            self.warn(
                block.start + 1,
                "HTML comment is never closed, so it hides the rest of the file: add -->",
            )

    def _open_topic(self, block: _Block) -> Topic:
        line = block.start + 1
        title = block.content.strip()
        slug = slugify(title)
        if not title:
            self.error(line, "topic heading has no text: write the topic's name after '# '")
        elif not slug:
            self.error(
                line, f"topic {title!r} has no letters or digits: give it a name to build ids from"
            )
        elif slug in self.topic_lines:
            self.error(
                line,
                f"duplicate topic {title!r} (same as the topic at line "
                f"{self.topic_lines[slug]}): give each topic its own title",
            )
        else:
            self.topic_lines[slug] = line
        topic = Topic(slug=slug, title=title, source_line=line)
        self.topics.append(topic)
        return topic

    def _outside_question(self, block: _Block, topic: Topic | None) -> None:
        """A block in a topic's introduction (or before the first topic)."""
        line = block.start + 1
        if block.type == "table":
            if topic is None:
                self.error(
                    line,
                    "comparison table before the first topic: add a '# Topic' heading above it",
                )
            else:
                self._table(block, topic)
            return
        if block.type == "paragraph":
            rows = [ln.strip() for ln in self.lines[block.start : block.end]]
            if rows and all(r.startswith("|") for r in rows) and _table_cell_count(rows[0]) >= 2:
                self.error(
                    line,
                    "this table has a missing or broken header: start it with a header row and "
                    "then a delimiter row with one --- per column, like | --- | --- |",
                )
                return
        for unit in self._units(block):
            if unit.kind in ("answer", "keypoints", "tasklist"):
                where = "before the first topic" if topic is None else "outside a question"
                self.error(
                    unit.start + 1,
                    f"answer part {where}: start the question with a '## ' heading above it",
                )
                return

    # -- body: question units

    def _units(self, block: _Block) -> list[_Unit]:
        if block.type == "paragraph":
            return self._line_units(block.start, block.end)
        if block.type in ("bullet_list", "ordered_list"):
            return self._list_units(block)
        if block.type == "blockquote":
            return [_Unit("quote", block.start, block.end, block=block)]
        if block.type == "hr":
            return []
        if block.type == "html_block" and block.tokens[0].content.lstrip().startswith("<!--"):
            return []
        return [_Unit("block", block.start, block.end, block=block)]

    def _line_units(self, start: int, end: int) -> list[_Unit]:
        units: list[_Unit] = []
        for i in range(start, min(end, len(self.lines))):
            stripped = self.lines[i].strip()
            if not stripped:
                continue
            m = _LABEL_RE.match(stripped)
            if m:
                key = re.sub(r"[ \t]+", " ", m.group(1).lower())
                kind = {"answer": "answer", "key points": "keypoints"}.get(key, "meta")
                units.append(_Unit(kind, i, i + 1, key=key, value=m.group(2).strip()))
            elif units and units[-1].kind == "text" and units[-1].end == i:
                units[-1].end = i + 1
            else:
                units.append(_Unit("text", i, i + 1))
        return units

    def _list_units(self, block: _Block) -> list[_Unit]:
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
                            if _LABEL_RE.match(self.lines[ln].strip()):
                                glued = ln
                                break
                    j += 1
                spans.append((tok.map[0], tok.map[1], glued))
                i = j
            i += 1

        units: list[_Unit] = []
        pending: list[tuple[int, int]] = []
        for start, end, glued in spans:
            if glued is None:
                pending.append((start, end))
                continue
            pending.append((start, glued))
            units.append(self._make_list_unit(pending))
            pending = []
            units.extend(self._line_units(glued, end))
        if pending:
            units.append(self._make_list_unit(pending))
        return units

    def _make_list_unit(self, spans: list[tuple[int, int]]) -> _Unit:
        items = [self._item(start, end) for start, end in spans]
        unit = _Unit("list", spans[0][0], spans[-1][1], items=items)
        boxed = [it for it in items if it.box is not None]
        if boxed:
            unit.kind = "tasklist"
            plain = [it for it in items if it.box is None]
            if plain:
                unit.mixed_line = plain[0].start
        return unit

    def _item(self, start: int, end: int) -> _Item:
        lines = self.lines[start:end]
        if not lines:
            return _Item(start, "", None)
        m = _LIST_MARKER_RE.match(lines[0])
        indent = len(m.group(0)) if m else 0
        out = [lines[0][indent:]]
        for ln in lines[1:]:
            lead = len(ln) - len(ln.lstrip(" "))
            out.append(ln[min(lead, indent) :])
        text = "\n".join(_strip_blank_edges(out)).strip()
        box = None
        bm = _TASK_BOX_RE.match(text)
        if bm:
            box = "x" if bm.group(1) in "xX" else " "
            text = text[bm.end() :].strip()
        return _Item(start, text, box)

    # -- body: a question

    def _finish_question(self, draft: _QuestionDraft) -> None:
        heading = draft.heading
        hline = heading.start + 1
        n_errors = len(self.errors)
        topic = draft.topic

        # heading: prompt and explicit id
        content = heading.content.strip()
        explicit_id: str | None = None
        m = _EXPLICIT_ID_RE.search(content)
        if m:
            raw_id = m.group(1).strip()
            content = content[: m.start()].strip()
            if SLUG_RE.match(raw_id):
                explicit_id = raw_id
            else:
                hint = slugify(raw_id) or "my-question"
                self.error(
                    hline,
                    f"question id {{#{raw_id}}} is not a slug: use lowercase letters, digits "
                    f"and single hyphens, e.g. {{#{hint}}}",
                )
        if not content:
            self.error(hline, "question heading has no text: write the question after '## '")

        # body units
        units: list[_Unit] = []
        for block in draft.blocks:
            units.extend(self._units(block))

        prompt_ranges: list[tuple[int, int]] = []
        quote_ranges: list[tuple[int, int]] = []
        answer_unit: _Unit | None = None
        answer_desc = ""
        keypoint_list: _Unit | None = None
        tags: list[str] = []
        difficulty: int | None = None
        difficulty_line: int | None = None
        stray_reported = False
        skip: set[int] = set()

        for idx, unit in enumerate(units):
            if idx in skip:
                continue
            line = unit.start + 1
            if unit.kind == "meta":
                if unit.key == "tags":
                    tags.extend(self._tags(unit.value, line, tags))
                else:
                    if difficulty_line is not None:
                        self.error(
                            line,
                            f"Difficulty: is given twice (also at line {difficulty_line}): "
                            "keep one",
                        )
                    difficulty_line = line
                    value = unit.value.strip()
                    if re.fullmatch(r"[1-5]", value):
                        difficulty = int(value)
                    else:
                        self.error(
                            line,
                            f"Difficulty must be a whole number from 1 to 5, not {value!r}: "
                            "e.g. Difficulty: 3",
                        )
                continue
            if unit.kind in ("answer", "keypoints", "tasklist"):
                desc = {
                    "answer": f"an Answer: line at line {line}",
                    "keypoints": f"a Key points: list at line {line}",
                    "tasklist": f"a task list at line {line}",
                }[unit.kind]
                if unit.kind == "keypoints":
                    nxt = units[idx + 1] if idx + 1 < len(units) else None
                    if nxt is not None and nxt.kind in ("list", "tasklist"):
                        skip.add(idx + 1)
                        if answer_unit is None:
                            keypoint_list = nxt
                        if nxt.kind == "tasklist":
                            self.error(
                                nxt.start + 1,
                                "key points are plain bullets (- point), not [ ] task items: "
                                "remove the boxes",
                            )
                if answer_unit is not None:
                    self.error(
                        line,
                        f"two answer parts in one question ({answer_desc} and {desc}): "
                        "keep only one",
                    )
                    continue
                answer_unit = unit
                answer_desc = desc
                continue
            if unit.kind == "quote":
                (quote_ranges if answer_unit is not None else prompt_ranges).append(
                    (unit.start, unit.end)
                )
                continue
            # text, plain list, code, table, html, level-3+ heading
            if answer_unit is None:
                prompt_ranges.append((unit.start, unit.end))
            elif not stray_reported:
                stray_reported = True
                hint = ""
                if unit.block is not None and unit.block.type == "table":
                    hint = (
                        " (a comparison table generates questions only when it stands "
                        "directly under a '# Topic' heading, before that topic's first question)"
                    )
                self.error(
                    line,
                    "unexpected content after the answer part: move it above the answer part "
                    f"or into the explanation blockquote (> ...){hint}",
                )

        # answer part -> kind
        kind: QuestionKind | None = None
        options: list[Option] = []
        answers: list[str] = []
        key_points: list[list[str]] = []
        if answer_unit is None:
            message = _NO_ANSWER
            if any(b.type == "table" for b in draft.blocks):
                message += (
                    " (a comparison table generates questions only when it stands directly "
                    "under a '# Topic' heading, not under a '## ' question)"
                )
            self.error(hline, message)
        elif answer_unit.kind == "tasklist":
            kind, options = self._choice(answer_unit)
        elif answer_unit.kind == "answer":
            answers = _alternatives(answer_unit.value)
            if not answers:
                self.error(
                    answer_unit.start + 1,
                    "empty Answer: line: write the accepted answer(s) after 'Answer:' on the "
                    "same line, separated by |",
                )
            kind = "short"
        else:
            key_points = self._key_points(answer_unit, keypoint_list)
            kind = "open"

        # id
        topic_slug = topic.slug if topic is not None else ""
        if explicit_id is not None:
            qid = explicit_id
        else:
            base = f"{topic.title} {content}" if topic is not None else content
            qid = _truncate_slug(slugify(base))
            if qid and content:
                self.warn(
                    hline,
                    "question has no explicit {#id}; add one so edits keep learners' history"
                    f" (derived id: {qid})",
                )
        if qid and topic is not None and (explicit_id is not None or content):
            self._claim_id(qid, hline, "give each question its own {#id}")

        explanation = self._explanation(quote_ranges)
        if answer_unit is not None and not explanation:
            self.warn(
                hline,
                "question has no explanation: add a > blockquote after the answer part",
            )

        if len(self.errors) != n_errors or topic is None or kind is None or not qid:
            return
        body = self._join_ranges(prompt_ranges)
        prompt_md = content + ("\n\n" + body if body else "")
        topic.questions.append(
            Question(
                id=qid,
                kind=kind,
                prompt_md=prompt_md,
                topic_slug=topic_slug,
                options=options,
                answers=answers,
                key_points=key_points,
                explanation_md=explanation,
                tags=tags,
                difficulty=difficulty,
                source_line=hline,
            )
        )

    def _tags(self, value: str, line: int, existing: list[str]) -> list[str]:
        out: list[str] = []
        for raw in value.split(","):
            raw = raw.strip()
            if not raw:
                continue
            tag = slugify(raw)
            if not tag:
                self.warn(line, f"tag {raw!r} has no letters or digits and is ignored")
            elif tag not in existing and tag not in out:
                out.append(tag)
        return out

    def _choice(self, unit: _Unit) -> tuple[QuestionKind, list[Option]]:
        line = unit.start + 1
        mixed = unit.mixed_line is not None
        if unit.mixed_line is not None:
            self.error(
                unit.mixed_line + 1,
                "list mixes task items and plain items: start every option with [ ] or [x]",
            )
        items = [it for it in unit.items if it.box is not None]
        options = [Option(text_md=it.text, correct=it.box == "x") for it in items]
        for it in items:
            if not it.text:
                self.error(it.start + 1, "option has no text: write it after the [ ] box")
        seen: dict[str, int] = {}
        for it in items:
            if it.text and it.text in seen:
                self.warn(
                    it.start + 1,
                    f"option {it.text!r} repeats the option at line {seen[it.text]}",
                )
            seen.setdefault(it.text, it.start + 1)
        n_correct = sum(o.correct for o in options)
        if len(options) < 2 and not mixed:
            self.error(
                line,
                f"choice question has {_plural(len(options), 'option')}: "
                "add at least two options (- [ ] ...)",
            )
        if n_correct == 0:
            self.error(line, "task list has no [x]: mark the right option(s) with [x]")
        return ("multiple" if n_correct >= 2 else "single"), options

    def _key_points(self, unit: _Unit, lst: _Unit | None) -> list[list[str]]:
        line = unit.start + 1
        if unit.value:
            self.error(
                line,
                "Key points: takes no text on its line: put each key point on its own "
                "'- ' bullet below it",
            )
        if lst is None or not lst.items:
            self.error(
                line,
                "Key points: list has no items: add one '- ' bullet per key point below it",
            )
            return []
        points: list[list[str]] = []
        for it in lst.items:
            phrasings = _alternatives(" ".join(it.text.split("\n")))
            if not phrasings:
                self.error(it.start + 1, "empty key point: write the point after the '- '")
            else:
                points.append(phrasings)
        return points

    def _explanation(self, ranges: list[tuple[int, int]]) -> str:
        parts: list[str] = []
        for start, end in ranges:
            inner = [_QUOTE_PREFIX_RE.sub("", ln, count=1) for ln in self.lines[start:end]]
            inner = _strip_blank_edges(inner)
            if inner:
                parts.append("\n".join(inner))
        return "\n\n".join(parts)

    def _join_ranges(self, ranges: list[tuple[int, int]]) -> str:
        out = ""
        prev_end: int | None = None
        for start, end in ranges:
            chunk_lines = self.lines[start:end]
            while chunk_lines and not chunk_lines[-1].strip():
                chunk_lines.pop()
                end -= 1
            if not chunk_lines:
                continue
            chunk = "\n".join(chunk_lines)
            if not out:
                out = chunk
            elif prev_end == start:
                out += "\n" + chunk
            else:
                out += "\n\n" + chunk
            prev_end = end
        return out

    def _claim_id(self, qid: str, line: int, fix: str) -> bool:
        if qid in self.ids:
            self.error(
                line,
                f"duplicate question id {qid!r} (first used at line {self.ids[qid]}): {fix}",
            )
            return False
        self.ids[qid] = line
        return True

    # -- comparison tables

    def _table(self, block: _Block, topic: Topic) -> None:
        tline = block.start + 1
        n_errors = len(self.errors)
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
            self.error(
                tline,
                f"comparison table has {_plural(ncols, 'column')}: it needs at least two "
                "(prompt | answer) or three (attribute | thing | thing ...)",
            )
            return
        for row_start, _cells in rows:
            raw = _table_cell_count(self.lines[row_start])
            if raw != ncols:
                self.error(
                    row_start + 1,
                    f"table row has {_plural(raw, 'cell')} but the header has {ncols}: "
                    "give every row the same number of cells (a blank line ends a table)",
                )
        if ncols >= 3:
            for col, name in enumerate(headers[1:], start=2):
                if not name:
                    self.error(
                        tline,
                        f"table column {col} has a missing header: name the thing it "
                        "describes in the header row",
                    )
                elif not slugify(name):
                    self.error(
                        tline,
                        f"table header {name!r} has no letters or digits to build question "
                        "ids from: rename it",
                    )
            seen: set[str] = set()
            for name in headers[1:]:
                if name and name in seen:
                    self.error(tline, f"two table columns share the header {name!r}: rename one")
                seen.add(name)
        elif not any(headers):
            self.error(
                tline,
                "table has a missing header: name its columns in the header row, "
                "e.g. | If you want to build... | Use |",
            )
        if not rows:
            self.warn(tline, "table has no rows, so it generates no questions")
        if len(self.errors) != n_errors:
            return
        spec = TableSpec(
            self.path,
            topic.slug,
            tline,
            headers,
            [(start + 1, cells) for start, cells in rows],
            compare_label(self.lines, block.start),
        )
        made = generate(spec)
        self.errors.extend(made.errors)
        self.warnings.extend(made.warnings)
        fix = "make the first cells of the table's rows (and its headers) unique"
        topic.questions.extend(
            q for q in made.questions if self._claim_id(q.id, q.source_line, fix)
        )

    def _generated(
        self,
        topic: Topic,
        qid: str,
        line: int,
        tline: int,
        prompt: str,
        options: list[Option],
        explanation: str,
    ) -> Question | None:
        if not self._claim_id(
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
        self,
        block: _Block,
        topic: Topic,
        headers: list[str],
        rows: list[tuple[int, list[str]]],
    ) -> None:
        tline = block.start + 1
        made: list[Question | None] = []
        for row_start, cells in rows:
            line = row_start + 1
            attr = cells[0]
            if not attr:
                self.warn(line, "table row has an empty first cell, so it generates no questions")
                continue
            attr_slug = slugify(attr)
            if not attr_slug:
                self.error(
                    line,
                    f"table row {attr!r} has no letters or digits in its first cell to build "
                    "question ids from: rename it",
                )
                continue
            pairs = [(h, c) for h, c in zip(headers[1:], cells[1:], strict=True) if c]
            empty = [h for h, c in zip(headers[1:], cells[1:], strict=True) if not c]
            if empty:
                self.warn(
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
                    self._generated(
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
                        self._generated(
                            topic,
                            f"{base}--{slugify(header)}--what",
                            line,
                            tline,
                            f"What is {_em(header)}'s {_em(attr)}?",
                            [Option(c, c == cell) for c in distinct],
                            f"**{header}** — {attr}: {cell}",
                        )
                    )
        topic.questions.extend(q for q in made if q is not None)

    def _table_two(
        self,
        block: _Block,
        topic: Topic,
        headers: list[str],
        rows: list[tuple[int, list[str]]],
    ) -> None:
        tline = block.start + 1
        usable: list[tuple[int, str, str]] = []
        for row_start, cells in rows:
            line = row_start + 1
            prompt, answer = cells[0], cells[1]
            if not prompt or not answer:
                self.warn(line, "table row has an empty cell, so it generates no question")
                continue
            usable.append((line, prompt, answer))
        distinct: list[str] = []
        for _line, _prompt, answer in usable:
            if answer not in distinct:
                distinct.append(answer)
        if usable and len(distinct) < 2:
            self.error(
                tline,
                "two-column table needs at least two different answers (second column) "
                "to make choices from",
            )
            return
        lead = headers[0]
        if lead:
            lead = _em(lead + ":" if lead[-1].isalnum() else lead) + " "
        made: list[Question | None] = []
        for line, prompt, answer in usable:
            slug = slugify(prompt)
            if not slug:
                self.error(
                    line,
                    f"table row {prompt!r} has no letters or digits in its first cell to build "
                    "a question id from: rename it",
                )
                continue
            made.append(
                self._generated(
                    topic,
                    f"{topic.slug}--{slug}",
                    line,
                    tline,
                    f"{lead}{prompt} — which one?",
                    [Option(a, a == answer) for a in distinct],
                    f"**{answer}** — {lead}{prompt}",
                )
            )
        topic.questions.extend(q for q in made if q is not None)


# --------------------------------------------------------------------------- public API


def _decode(data: object, path: str, max_bytes: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes or str -> normalised text, or the diagnostics that stop parsing."""

    def fail(line: int, message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(path, line, message)]

    too_big = (
        "the file is {size:,} bytes, over the limit of {limit:,} bytes: split it into smaller banks"
    )
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > max_bytes:
            return fail(1, too_big.format(size=len(raw), limit=max_bytes))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            prefix = raw[: exc.start].decode("utf-8", errors="replace")
            line = _NEWLINES_RE.sub("\n", prefix).count("\n") + 1
            return fail(
                line, f"not valid UTF-8 (first bad byte at line {line}); save the file as UTF-8"
            )
    elif isinstance(data, str):
        text = data
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > max_bytes:
            return fail(1, too_big.format(size=size, limit=max_bytes))
    else:
        return fail(1, f"expected the file's text, got {type(data).__name__}")
    text = text.removeprefix("\ufeff")
    text = _NEWLINES_RE.sub("\n", text).replace("\0", "\ufffd")
    if not text.strip():
        return fail(
            1, f"the file is empty: {FRONT_MATTER_HINT}, then add a '# Topic' and questions"
        )
    return text, []


def _sorted(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=lambda d: d.line)


def _parse(
    data: object, path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[ParseResult, _FrontMatter | None]:
    text, diags = _decode(data, path, max_bytes)
    if text is None:
        return ParseResult(path=path, bank=None, errors=diags), None
    parser = _Parser(text, path)
    try:
        bank = parser.run()
    except Exception as exc:  # a bug here must never crash an import
        parser.error(
            1, f"internal error while parsing ({type(exc).__name__}: {exc}); please report"
        )
        bank = None
    errors = _sorted(parser.errors)
    return (
        ParseResult(
            path=path,
            bank=None if errors else bank,
            errors=errors,
            warnings=_sorted(parser.warnings),
        ),
        parser.front,
    )


def parse_text(
    text: str | bytes, path: str = "<string>", max_bytes: int = DEFAULT_MAX_BYTES
) -> ParseResult:
    """Parse one bank's text (``str`` or UTF-8 ``bytes``). Never raises."""
    try:
        return _parse(text, str(path), max_bytes)[0]
    except Exception as exc:  # pragma: no cover - last-ditch safety net
        diag = Diagnostic(str(path), 1, f"internal error while parsing ({type(exc).__name__})")
        return ParseResult(path=str(path), bank=None, errors=[diag])


def _read(path: str | os.PathLike[str], max_bytes: int) -> bytes | ParseResult:
    name = str(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                message = (
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes: "
                    "split it into smaller banks"
                )
                return ParseResult(name, None, [Diagnostic(name, 1, message)])
            return fh.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return ParseResult(name, None, [Diagnostic(name, 1, f"cannot read the file: {reason}")])


def _parse_file(
    path: str | os.PathLike[str], max_bytes: int
) -> tuple[ParseResult, _FrontMatter | None]:
    data = _read(path, max_bytes)
    if isinstance(data, ParseResult):
        return data, None
    try:
        return _parse(data, str(path), max_bytes)
    except Exception as exc:  # pragma: no cover - last-ditch safety net
        diag = Diagnostic(str(path), 1, f"internal error while parsing ({type(exc).__name__})")
        return ParseResult(path=str(path), bank=None, errors=[diag]), None


def parse_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Read a bank file as bytes and parse it; an unreadable file is an error, not a raise."""
    return _parse_file(path, max_bytes)[0]


def collect_bank_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; folders expanded to their ``*.md`` files (recursive, sorted).

    Hidden files and folders (name starting with ``.``) inside a folder are skipped, and a
    file named twice is kept once.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = [
                f
                for f in p.rglob("*.md")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ]
            for f in sorted(found):
                add(f)
        else:
            add(p)
    return out


def parse_paths(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParseResult]:
    """Parse every bank file (folders expanded); a bank id used twice is an error.

    The first file to use a bank id keeps it; every later file using it gets the error
    ``bank id 'x' is already used by OTHERFILE`` at its ``bank:`` line and no bank.
    """
    results: list[ParseResult] = []
    owners: dict[str, str] = {}
    for file in collect_bank_files(paths):
        result, front = _parse_file(file, max_bytes)
        if front is not None and front.bank_id is not None:
            owner = owners.get(front.bank_id)
            if owner is None:
                owners[front.bank_id] = result.path
            else:
                result.errors.append(
                    Diagnostic(
                        result.path,
                        front.bank_line,
                        f"bank id {front.bank_id!r} is already used by {owner}: "
                        "give this bank its own id",
                    )
                )
                result.errors = _sorted(result.errors)
                result.bank = None
        results.append(result)
    return results


def load_bank(text: str | bytes, path: str = "<string>") -> Bank:
    """Parse a bank and return it; raise :class:`BankFormatError` with every error if any."""
    result = parse_text(text, path)
    if result.errors or result.bank is None:
        raise BankFormatError(result.errors or [Diagnostic(str(path), 1, "no bank was parsed")])
    return result.bank
