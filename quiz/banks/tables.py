"""Questions generated from a comparison table, worded as an interviewer would ask them.

Plain Python, no Flask. :func:`generate` takes one parsed table (:class:`TableSpec`)
and returns the questions it yields plus its diagnostics; the parser claims the ids.

Rules (see the bank-format contract, "Comparison table"):

- each fact is asked once. In a row where one compared thing stands out (No / No /
  Yes) one "which" question covers the whole row; in a row where every cell differs
  each thing gets one "what" question; with only two compared things the two facts
  mirror each other, so the row gets one "what" question;
- options: the compared things, or the row's cells then the same column's cells of
  other rows, so there are at least three whenever the table has three candidates;
- status marks (✅ ❌ 🟡 ...) become words where they tell options apart and are dropped
  where every option carries the same one;
- a cell that names its own answer (the compared thing's name) is phrased around by
  dropping the parenthesis that names it, or the question is skipped with a warning;
- ids are the ones earlier versions gave the same fact: ``topic--row--thing--which`` or
  ``--what`` (three or more columns) and ``topic--row`` (two columns), so learners keep
  their history.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field

from .model import Diagnostic, Option, Question
from .slugs import slugify

__all__ = [
    "TableQuestions",
    "TableSpec",
    "clean_cell",
    "compare_label",
    "generate",
    "names_answer",
    "tidy_cell",
]

_COMPARE_RE = re.compile(
    r"^\s*(?:\*\*|__)?compare(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+?)\s*$", re.I
)

# Leading marks that say yes / partly / no; other emoji are decoration and are kept.
_STATUS_WORDS = {
    **dict.fromkeys(("✅", "✔️", "✔", "☑️", "☑", "✓"), "Yes"),
    **dict.fromkeys(("🟡", "⚠️", "⚠", "➖"), "Partly"),
    **dict.fromkeys(("❌", "✖️", "✖", "✗", "⛔", "🚫"), "No"),
}
_STATUS_RE = re.compile(
    "^(" + "|".join(sorted(map(re.escape, _STATUS_WORDS), key=len, reverse=True)) + r")\uFE0F?\s*"
)
_YES_RE = re.compile(r"^(?:yes|built[- ]in|included|native)\.?$", re.I)
_NO_RE = re.compile(r"^(?:no|none|not built[- ]in|not included)\.?$", re.I)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
# Endings of nouns that read without "a"/"an" ("async support", "data validation").
_MASS_ENDINGS = ("tion", "ing", "ment", "ness", "ity", "ance", "ence", "support", "data", "s")
_AN_LETTERS = "AEFHILMNORSX"  # initialisms read with "an": an ORM, an HTTP server


@dataclass
class TableSpec:
    """One comparison table as the parser read it. Lines are 1-based file lines."""

    path: str
    topic_slug: str
    line: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    compare: str | None = None  # the `Compare: thing` label above the table


@dataclass
class TableQuestions:
    questions: list[Question] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def compare_label(lines: list[str], table_start: int) -> str | None:
    """The ``Compare: x`` line directly above a table (0-based start), one blank line allowed."""
    for back in (1, 2):
        index = table_start - back
        if index < 0:
            return None
        text = lines[index].strip()
        if text:
            match = _COMPARE_RE.match(text)
            return match.group(1).rstrip(".") if match else None
    return None


# --------------------------------------------------------------------------- reading cells

_LINK_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(
    r"\*\*(.+?)\*\*|__(.+?)__|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"
    r"|(?<![\w])_(?!\s)(.+?)(?<!\s)_(?!\w)"
)
_TAG_RE = re.compile(r"<[A-Za-z!/][^>]*>")
_CODE_SPLIT_RE = re.compile(r"(`[^`]*`)")
_LEADING_NOTE_RE = re.compile(r"^[\s:;,.\-–—]+|^\((.*)\)$")
_WORD_MARK_RE = re.compile(r"^(yes|no|partly|partial|partially)\b[\s:;,.\-–—]*(.*)$", re.I | re.S)
_WORD_STATUS = {"yes": "Yes", "no": "No", "partly": "Partly", "partial": "Partly"}
_WORD_STATUS["partially"] = "Partly"
# Past participles that open a column header read as "What is X written in?".
_PARTICIPLE_RE = re.compile(
    r"^(?:\w+ed|written|built|made|run|known|distributed|maintained|licensed)\s+"
    r"(?:in|by|as|with|on|for|under)$",
    re.I,
)
MAX_OPTION_CHARS = 160
MAX_OPTIONS = 5


def _decoration(ch: str) -> bool:
    """Emoji and pictographs: decoration a learner cannot be asked about (🚀, 🦀, 🟢)."""
    code = ord(ch)
    return (
        code in (0xFE0F, 0x200D, 0x20E3)
        or 0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or (code >= 0x2190 and unicodedata.category(ch) == "So")
    )


def clean_cell(cell: str) -> str:
    """A cell's text without link, image, emphasis or HTML markup (code spans kept)."""
    parts = _CODE_SPLIT_RE.split(cell)
    for i in range(0, len(parts), 2):
        text = _LINK_RE.sub(lambda m: m.group(1) or "", parts[i])
        text = _TAG_RE.sub("", text)
        text = _EMPHASIS_RE.sub(lambda m: next(g for g in m.groups() if g is not None), text)
        parts[i] = text
    return " ".join("".join(parts).split())


def _words_of(text: str) -> str:
    """``text`` without emoji, cleaned, the way an option shows it."""
    kept = "".join(ch for ch in clean_cell(text) if not _decoration(ch))
    kept = " ".join(kept.split())
    while True:
        match = _LEADING_NOTE_RE.search(kept)
        if not match or not kept:
            return kept
        kept = (match.group(1) if match.group(1) is not None else kept[match.end() :]).strip()


def _status(cell: str) -> tuple[str | None, str]:
    """``"✅ Built-in"`` -> ``("Yes", "Built-in")``; a cell without a mark -> ``(None, cell)``.

    Emoji after the mark are decoration (``"✅🚀"`` is ``("Yes", "")``), and a cell that
    opens with the word (``"Yes (HPA)"``, ``"Partly — one thread"``) reads the same.
    """
    match = _STATUS_RE.match(cell.strip())
    if match:
        return _STATUS_WORDS[match.group(1)], _words_of(cell.strip()[match.end() :])
    words = _words_of(cell)
    spoken = _WORD_MARK_RE.match(words)
    if spoken and (not spoken.group(2) or words[len(spoken.group(1))] in " :;,.-–—("):
        return _WORD_STATUS[spoken.group(1).lower()], _words_of(spoken.group(2))
    return None, words


def tidy_cell(cell: str) -> str:
    """A cell as a draft keeps it: its status mark (as written) and its words, without
    link, emphasis or HTML markup or decoration emoji ("✅🚀" -> "✅")."""
    match = _STATUS_RE.match(cell.strip())
    words = _words_of(cell.strip()[match.end() :] if match else cell)
    if match:
        return f"{match.group(1)} {words}".strip()
    return words


def _value(cell: str) -> str:
    """A cell as option text: its words, or its mark as a word when it has no other words."""
    word, rest = _status(cell)
    return rest or word or ""


def _in_words(cell: str, keep_status: bool) -> str:
    """A cell as option text with its status mark as a word (two-column tables)."""
    word, rest = _status(cell)
    if word is None:
        return rest
    if not keep_status or not rest:
        return rest or word
    if rest.split()[0].strip(".,:;").lower() == word.lower():
        return rest
    return f"{word}: {rest}"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", _value(text).casefold()).strip()


def _quote_all(values: list[tuple[str, str]]) -> str:
    said = [f"{thing} “{value}”" for thing, value in values]
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]


# --------------------------------------------------------------------------- wording


def _lower_first(text: str) -> str:
    """Lowercase capitalised words, not initialisms or mixed case (ORM, WebSockets)."""
    words = [w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in text.split()]
    return " ".join(words)


def _with_article(noun: str) -> str:
    last = noun.split()[-1].lower() if noun.split() else ""
    if last.endswith(_MASS_ENDINGS):
        return noun
    first = noun.lstrip("*_`")[:1]
    word = noun.split()[0]
    # ORM and HTTP are read letter by letter; REST and JSON as words
    initialism = word.isupper() and len(word) > 1 and not re.search("[AEIOU]", word[1:])
    vowel = first in _AN_LETTERS if initialism else first.lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {noun}"


def _plural(noun: str) -> bool:
    last = noun.split()[-1] if noun.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and not last.isupper()


def _a_standard(attr: str) -> bool:
    """A protocol or standard's name ("HTTP/2", "PEP 621 metadata"), supported, not had."""
    first = attr.split()[0] if attr.split() else ""
    return any(ch.isdigit() or ch == "/" for ch in first)


def _has(attr_l: str) -> str:
    """'has an admin interface' / 'supports async' / 'supports HTTP/2'."""
    topic = re.sub(r"\s+support$", "", attr_l, flags=re.I) or attr_l
    if topic != attr_l or _a_standard(attr_l) or _with_article(attr_l) == attr_l:
        return f"support {topic}"
    return f"have {_with_article(attr_l)}"


def _which_prompt(noun: str, attr: str, cell: str) -> str:
    """'Which framework has an admin interface built in?' from a row and its odd cell out."""
    attr_l = _lower_first(clean_cell(attr))
    word, rest = _status(cell)
    if word is None and _YES_RE.match(rest):
        word = "Yes"
    elif word is None and _NO_RE.match(rest):
        word = "No"
    if word == "Yes" and (not rest or _YES_RE.match(rest)):
        built = " built in" if rest and re.match(r"built|included", rest, re.I) else ""
        verb = _has(attr_l).replace("have ", "has ", 1).replace("support ", "supports ", 1)
        return f"Which {noun} {verb}{built}?"
    if word == "No" and (not rest or _NO_RE.match(rest)):
        return f"Which {noun} has no {attr_l}?"
    if word == "Partly" and not rest:
        return f"Which {noun} supports {attr_l} only partly?"
    verb = "are" if _plural(attr_l) else "is"
    return f"For which {noun} {verb} the {attr_l} “{_value(cell)}”?"


def _what_prompt(thing: str, attr: str, status_row: bool) -> str:
    """'Does Django have an admin interface?' / 'What is the learning curve of Flask?'."""
    attr_l = _lower_first(clean_cell(attr))
    if status_row:
        return f"Does {thing} {_has(attr_l)}?"
    if _PARTICIPLE_RE.match(attr_l):
        return f"What is {thing} {attr_l}?"
    verb = "are" if _plural(attr_l) else "is"
    return f"What {verb} the {attr_l} of {thing}?"


def _a_case(phrase: str) -> str:
    """'a full web app with …', 'an e-commerce site or CMS': the article its head noun takes."""
    head = re.split(r"\s+(?:with|or|and|where|for|that|in|on|over|to)\s+", phrase)[0]
    if not head or head.split()[0].lower() in ("a", "an", "the") or _with_article(head) == head:
        return phrase
    return _with_article(head).split()[0] + " " + phrase


def _two_column_prompt(lead: str, cell: str, noun: str) -> str:
    lead = clean_cell(lead).strip().rstrip(".…:").strip()
    case = _a_case(_lower_first(clean_cell(cell)).rstrip("."))
    if re.match(r"(?i)if\b|when\b", lead):
        return f"{lead} {case}, which {noun} fits best?"
    return f"Which {noun} fits best for {case}?"


def _escape_cell(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def _row_table(headers: list[str], cells: list[str]) -> str:
    """The whole row as a small Markdown table, for the explanation."""
    return "\n".join(
        (
            "| " + " | ".join(_escape_cell(h) or " " for h in headers) + " |",
            "|" + " --- |" * len(headers),
            "| " + " | ".join(_escape_cell(c) or " " for c in cells) + " |",
        )
    )


def _is_list(text: str) -> bool:
    """A list of short items ("Flask, Django"), commas inside code or parentheses not
    counted; a clause after a comma ("A spec, maintained in …") is no list."""
    parts = re.sub(r"`[^`]*`|\([^()]*\)", "", text).split(",")
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)


def _unlike(cell: str, answer: str) -> tuple[int, int, int, int]:
    """How unlike ``answer`` a cell looks, for choosing plausible distractors: a list
    with a list, code with code, marks with marks, then similar length."""
    return (
        _is_list(cell) != _is_list(answer),
        ("`" in cell) != ("`" in answer),
        (_status(cell)[0] is None) != (_status(answer)[0] is None),
        abs(len(_value(cell)) - len(_value(answer))),
    )


def _alike(cell: str, answer: str) -> bool:
    """Whether a cell of another row is the same kind of value as ``answer`` (a list of
    frameworks is no distractor for a function signature), so it can top options up."""
    short, long = sorted((len(_value(cell)), len(_value(answer))))
    return _unlike(cell, answer)[:3] == (False, False, False) and long <= 2 * max(short, 1)


def names_answer(text: str, name: str) -> bool:
    """Whether ``text`` contains ``name`` as a word (case-insensitive): it gives itself away."""
    key = re.sub(r"[\W_]+", " ", name.casefold()).strip()
    words = re.sub(r"[\W_]+", " ", text.casefold())
    return bool(key) and re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", words) is not None


def _phrase_around(text: str, name: str) -> str | None:
    """``text`` without the parentheses that name ``name``; None when it still names it."""
    if not names_answer(text, name):
        return text
    trimmed = _PAREN_RE.sub(lambda m: "" if names_answer(m.group(0), name) else m.group(0), text)
    trimmed = trimmed.strip()
    return None if not trimmed or names_answer(trimmed, name) else trimmed


# --------------------------------------------------------------------------- generation


class _Builder:
    def __init__(self, spec: TableSpec):
        self.spec = spec
        self.out = TableQuestions()
        self.noun = spec.compare.strip() if spec.compare else "one"

    def error(self, line: int, message: str) -> None:
        self.out.errors.append(Diagnostic(self.spec.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(Diagnostic(self.spec.path, line, message))

    def question(
        self, qid: str, line: int, prompt: str, options: list[Option], explanation: str
    ) -> None:
        self.out.questions.append(
            Question(
                id=qid,
                kind="single",
                prompt_md=prompt,
                topic_slug=self.spec.topic_slug,
                options=options,
                explanation_md=explanation,
                source_line=line,
                generated_from=f"table:{self.spec.line}",
            )
        )

    # -- three or more columns: attribute | thing | thing ...

    def many(self) -> None:
        headers = self.spec.headers
        things = headers[1:]
        for line, cells in self.spec.rows:
            attr = cells[0]
            if not attr:
                self.warn(line, "table row has an empty first cell, so it generates no questions")
                continue
            if not slugify(attr):
                self.error(
                    line,
                    f"table row {attr!r} has no letters or digits in its first cell to build "
                    "question ids from: rename it",
                )
                continue
            pairs = [(h, c) for h, c in zip(things, cells[1:], strict=True) if c]
            empty = [h for h, c in zip(things, cells[1:], strict=True) if not c]
            if empty:
                self.warn(
                    line,
                    f"empty table cell(s) for {', '.join(empty)}: left out of this row's questions",
                )
            if len(pairs) < 2:
                continue  # the empty cells were warned about: nothing to choose between
            keys = {_norm(c) for _h, c in pairs}
            if "" in keys:
                self.warn(
                    line,
                    "table cell(s) hold only emoji, which no option can say in words: "
                    "row skipped, write the values in words",
                )
                continue
            if len(keys) < 2:
                written = {"".join(c.split()) for _h, c in pairs}
                if len(written) > 1:
                    self.error(
                        line,
                        f"table cells {' and '.join(repr(c) for c in sorted(written))} differ "
                        "only by emoji, which no option can say in words: write the "
                        "difference in words or make the cells equal",
                    )
                continue  # all equal: nothing to tell apart
            if any(len(_value(c)) > MAX_OPTION_CHARS for _h, c in pairs):
                self.warn(
                    line,
                    f"table cells over {MAX_OPTION_CHARS} characters are too long for options: "
                    "row skipped, ask it as an open question",
                )
                continue
            base = f"{self.spec.topic_slug}--{slugify(attr)}"
            counts: dict[str, int] = {}
            for _h, c in pairs:
                counts[_norm(c)] = counts.get(_norm(c), 0) + 1
            # One question per row, so no two questions share the row's options and
            # answering one never gives another away.
            if len(pairs) >= 3 and max(counts.values()) >= 2:
                odd = [(h, c) for h, c in pairs if counts[_norm(c)] == 1]
                for header, cell in odd:
                    if self._which(base, line, attr, header, cell, pairs, cells):
                        break
            else:
                header, _cell = pairs[zlib.crc32(base.encode()) % len(pairs)]
                self._what(base, line, attr, header, pairs, cells)

    def _which(self, base, line, attr, header, cell, pairs, cells) -> bool:
        shown = _phrase_around(_value(cell), header)
        if shown is None:
            self.warn(
                line,
                f"table cell {cell!r} names its own column {header!r}, so 'which {self.noun}' "
                "would give the answer away: question skipped, reword the cell",
            )
            return False
        attr_l = _lower_first(clean_cell(attr))
        others = [(h, _value(c)) for h, c in pairs if h != header]
        why = (
            f"The comparison gives the {attr_l} of {header} as “{_value(cell)}”, and of "
            f"{_quote_all(others)}: {header} is the one that differs."
        )
        self.question(
            f"{base}--{slugify(header)}--which",
            line,
            _which_prompt(self.noun, attr, cell if shown == _value(cell) else shown),
            [Option(h, h == header) for h, _c in pairs][:MAX_OPTIONS],
            why + "\n\n" + _row_table(self.spec.headers, cells),
        )
        return True

    def _what(self, base, line, attr, header, pairs, cells) -> None:
        answer = dict(pairs)[header]
        column = self.spec.headers.index(header)
        attr_l = _lower_first(clean_cell(attr))
        status_row = all(_status(c)[0] for _h, c in pairs)
        if status_row:
            word, note = _status(answer)
            options = [Option(w, w == word) for w in ("Yes", "Partly", "No")]
            said = f"“{word}”" + (f" ({note})" if note else "")
        else:
            same_row = [c for h, c in pairs if h != header]
            # Other rows' cells of this column top the options up to three, the most
            # alike the answer first (a list with a list, code with code, similar length).
            same_column = sorted(
                (
                    row[column]
                    for _l, row in self.spec.rows
                    if row[column] and row is not cells and _alike(row[column], answer)
                ),
                key=lambda cell: _unlike(cell, answer),
            )
            right = _phrase_around(_value(answer), header)
            if right is None:
                self.warn(
                    line,
                    f"table cell {answer!r} names its own column {header!r}, so the right "
                    "option gives itself away: question skipped, reword the cell",
                )
                return
            options = [Option(right, True)]
            seen = {_norm(attr), _norm(right)}
            owners = [h for h, _c in pairs if h != header] + [header] * len(same_column)
            for index, (cand, owner) in enumerate(zip(same_row + same_column, owners, strict=True)):
                if len(options) >= MAX_OPTIONS or (index >= len(same_row) and len(options) >= 3):
                    break
                text = _phrase_around(_value(cand), owner)
                if (
                    text is None
                    or not _norm(text)
                    or _norm(text) in seen
                    or len(text) > MAX_OPTION_CHARS
                ):
                    continue
                seen.add(_norm(text))
                options.append(Option(text, False))
            if len(options) < 2:
                self.warn(
                    line,
                    f"table row {attr!r} leaves no wrong option for {header} once cells naming "
                    "their own column are left out: question skipped",
                )
                return
            # The right option goes where the row puts it, so its place tells nothing.
            at = [h for h, _c in pairs].index(header)
            options.insert(min(at, len(options) - 1), options.pop(0))
            said = f"“{right}”"
        others = [(h, _value(c)) for h, c in pairs if h != header]
        why = (
            f"The comparison gives the {attr_l} of {header} as {said}, against "
            f"{_quote_all(others)}."
        )
        self.question(
            f"{base}--{slugify(header)}--what",
            line,
            _what_prompt(header, attr, status_row),
            options,
            why + "\n\n" + _row_table(self.spec.headers, cells),
        )

    # -- two columns: prompt | answer

    def two(self) -> None:
        headers = self.spec.headers
        usable: list[tuple[int, str, str]] = []
        for line, cells in self.spec.rows:
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
                self.spec.line,
                "two-column table needs at least two different answers (second column) "
                "to make choices from",
            )
            return
        keep_status = len({_status(a)[0] for a in distinct}) > 1
        for line, prompt, answer in usable:
            slug = slugify(prompt)
            if not slug:
                self.error(
                    line,
                    f"table row {prompt!r} has no letters or digits in its first cell to build "
                    "a question id from: rename it",
                )
                continue
            if names_answer(prompt, _status(answer)[1] or answer):
                self.warn(
                    line,
                    f"table row {prompt!r} names its own answer {answer!r}: question skipped, "
                    "reword the row",
                )
                continue
            if len(_in_words(answer, keep_status)) > MAX_OPTION_CHARS:
                self.warn(
                    line,
                    f"table cell {answer[:40]!r}… is over {MAX_OPTION_CHARS} characters, too "
                    "long for an option: question skipped",
                )
                continue
            wrong = [a for a in distinct if a != answer]
            wrong.sort(key=lambda a: _unlike(a, answer))
            kept = {answer, *wrong[: MAX_OPTIONS - 1]}
            right = _in_words(answer, keep_status)
            self.question(
                f"{self.spec.topic_slug}--{slug}",
                line,
                _two_column_prompt(headers[0], prompt, self.noun),
                [Option(_in_words(a, keep_status), a == answer) for a in distinct if a in kept],
                f"The comparison answers “{clean_cell(prompt)}” with {right}.\n\n"
                + _row_table(headers, [prompt, answer]),
            )


def generate(spec: TableSpec) -> TableQuestions:
    """The questions a well-formed table yields (the parser checked its shape), with
    the diagnostics about its rows. Ids are not claimed here: the parser does that."""
    builder = _Builder(spec)
    if len(spec.headers) >= 3:
        builder.many()
    elif len(spec.headers) == 2:
        builder.two()
    return builder.out
