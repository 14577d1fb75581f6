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
import zlib
from dataclasses import dataclass, field

from .model import Diagnostic, Option, Question
from .slugs import slugify

__all__ = ["TableQuestions", "TableSpec", "compare_label", "generate", "names_answer"]

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


# --------------------------------------------------------------------------- wording


def _status(cell: str) -> tuple[str | None, str]:
    """``"✅ Built-in"`` -> ``("Yes", "Built-in")``; a cell without a mark -> ``(None, cell)``."""
    match = _STATUS_RE.match(cell)
    if not match:
        return None, cell
    return _STATUS_WORDS[match.group(1)], cell[match.end() :].strip()


def _in_words(cell: str, keep_status: bool) -> str:
    """A cell as option text: its status mark as a word, or dropped when it tells nothing."""
    word, rest = _status(cell)
    if word is None:
        return cell
    if not keep_status or not rest:
        return rest or word
    if rest.split()[0].strip(".,:;").lower() == word.lower():
        return rest
    return f"{word}: {rest}"


def _lower_first(text: str) -> str:
    """Lowercase capitalised words, not initialisms or mixed case (ORM, WebSockets)."""
    words = [w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in text.split()]
    return " ".join(words)


def _with_article(noun: str) -> str:
    last = noun.split()[-1].lower() if noun.split() else ""
    if last.endswith(_MASS_ENDINGS):
        return noun
    first = noun.lstrip("*_`")[:1]
    initialism = noun.split()[0].isupper() and len(noun.split()[0]) > 1
    vowel = first in _AN_LETTERS if initialism else first.lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {noun}"


def _plural(noun: str) -> bool:
    last = noun.split()[-1] if noun.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and not last.isupper()


def _which_prompt(noun: str, attr: str, cell: str) -> str:
    """'Which framework has an admin interface built in?' from a row and its odd cell out."""
    attr_l = _lower_first(attr)
    word, rest = _status(cell)
    if word is None and _YES_RE.match(cell):
        word, rest = "Yes", cell
    elif word is None and _NO_RE.match(cell):
        word, rest = "No", cell
    if word == "Yes" and (not rest or _YES_RE.match(rest)):
        built = " built in" if rest and re.match(r"built|included", rest, re.I) else ""
        return f"Which {noun} has {_with_article(attr_l)}{built}?"
    if word == "No" and (not rest or _NO_RE.match(rest)):
        return f"Which {noun} has no {attr_l}?"
    verb = "are" if _plural(attr_l) else "is"
    return f"Which {noun}'s {attr_l} {verb} “{_in_words(cell, True)}”?"


def _what_prompt(thing: str, attr: str, status_row: bool) -> str:
    """'How does Django support async?' / 'What is Flask's learning curve?'."""
    attr_l = _lower_first(attr)
    if status_row:
        topic = re.sub(r"\s+support$", "", attr_l, flags=re.I) or attr_l
        return f"How does {thing} support {topic}?"
    verb = "are" if _plural(attr_l) else "is"
    return f"What {verb} {thing}'s {attr_l}?"


def _two_column_prompt(lead: str, cell: str, noun: str) -> str:
    lead = lead.strip().rstrip(".…:").strip()
    asked = f"which {noun} fits best?"
    return f"{lead}: {cell} — {asked}" if lead else f"{cell}: {asked[0].upper()}{asked[1:]}"


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


def _unlike(cell: str, answer: str) -> tuple[int, int, int]:
    """How unlike ``answer`` a cell looks, for choosing plausible distractors."""
    return (
        ("`" in cell) != ("`" in answer),
        (_status(cell)[0] is None) != (_status(answer)[0] is None),
        abs(len(cell) - len(answer)),
    )


def _norm(text: str) -> str:
    word, rest = _status(text)
    return re.sub(r"[\W_]+", " ", (rest or word or "").casefold()).strip()


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
            if len({_norm(c) for _h, c in pairs}) < 2:
                continue  # all equal (or a single cell): nothing to tell apart
            base = f"{self.spec.topic_slug}--{slugify(attr)}"
            explanation = _row_table(headers, cells)
            counts: dict[str, int] = {}
            for _h, c in pairs:
                counts[_norm(c)] = counts.get(_norm(c), 0) + 1
            if len(pairs) >= 3 and max(counts.values()) >= 2:
                for header, cell in pairs:
                    if counts[_norm(cell)] == 1:
                        self._which(base, line, attr, header, cell, pairs, explanation)
            elif len(pairs) == 2:
                header, _cell = pairs[zlib.crc32(base.encode()) % 2]
                self._what(base, line, attr, header, pairs, cells, explanation)
            else:
                for header, _cell in pairs:
                    self._what(base, line, attr, header, pairs, cells, explanation)

    def _which(self, base, line, attr, header, cell, pairs, explanation) -> None:
        shown = _phrase_around(cell, header)
        if shown is None:
            self.warn(
                line,
                f"table cell {cell!r} names its own column {header!r}, so 'which {self.noun}' "
                "would give the answer away: question skipped, reword the cell",
            )
            return
        self.question(
            f"{base}--{slugify(header)}--which",
            line,
            _which_prompt(self.noun, attr, shown),
            [Option(h, h == header) for h, _c in pairs],
            explanation,
        )

    def _what(self, base, line, attr, header, pairs, cells, explanation) -> None:
        answer = dict(pairs)[header]
        column = self.spec.headers.index(header)
        same_row = [c for _h, c in pairs]
        # Other rows' cells of this column, the most alike the answer first (code with
        # code, marks with marks, similar length), so a topped-up option is plausible.
        same_column = sorted(
            (row[column] for _l, row in self.spec.rows if row[column] and row is not cells),
            key=lambda cell: _unlike(cell, answer),
        )
        # Marks are words only in a row of marks (✅ / 🟡 / ❌); elsewhere they are decoration.
        status_row = all(_status(c)[0] for c in same_row)
        statuses = {_status(c)[0] for c in same_row}
        keep_status = len(statuses) > 1
        options: list[Option] = []
        seen = {_norm(attr)}
        # Each candidate is phrased around the name of its own column (its thing).
        owners = [h for h, _c in pairs] + [header] * len(same_column)
        for index, (cand, owner) in enumerate(zip(same_row + same_column, owners, strict=True)):
            if index >= len(same_row) and len(options) >= 3:
                break  # other rows only top the options up to three
            text = _phrase_around(_in_words(cand, keep_status) if status_row else cand, owner)
            if text is None and cand == answer:
                self.warn(
                    line,
                    f"table cell {answer!r} names its own column {header!r}, so the right "
                    "option gives itself away: question skipped, reword the cell",
                )
                return
            if text is None or _norm(text) in seen or not _norm(text):
                continue
            seen.add(_norm(text))
            options.append(Option(text, cand == answer))
        self.question(
            f"{base}--{slugify(header)}--what",
            line,
            _what_prompt(header, attr, status_row),
            options,
            explanation,
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
            self.question(
                f"{self.spec.topic_slug}--{slug}",
                line,
                _two_column_prompt(headers[0], prompt, self.noun),
                [Option(_in_words(a, keep_status), a == answer) for a in distinct],
                _row_table(headers, [prompt, answer]),
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
