"""GIFT (Moodle's text format) read into a bank, and a bank written as GIFT.

Why our own reader: the GIFT parsers on the package index (``pygiftparser``,
``gift-parser`` and the like) are small, unmaintained and either drop what they do not
understand or raise on it; this app must report every unsupported question at its line,
keep ``$CATEGORY`` as topics and map weights onto its own scoring, which none of them
do. GIFT is a line format with one brace section per question, so a reader that
follows Moodle's own importer (``question/format/gift/format.php``) is short.

What the reader follows from Moodle's importer: questions are separated by blank lines;
lines starting with ``//`` are comments; ``$CATEGORY: a/b`` opens a category (its last
part is the topic); ``::title::`` names a question (the title becomes its id);
``[html]``/``[moodle]``/``[plain]``/``[markdown]`` set the text format; ``\\~ \\= \\#
\\{ \\} \\: \\\\`` are escapes and ``\\n`` a newline; text after the closing ``}`` makes a
"missing word" question whose blank is shown as ``_____`` (Moodle stores it the same
way: an ordinary multiple-choice or short-answer question). Numerical (``{#...}``),
matching (``=a -> b``), description (no braces) and any answer section it cannot read
are reported with their line, never converted into something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.banks.model import Bank, Question
from quiz.banks.slugs import slugify

from .common import (
    Answer,
    BankBuilder,
    Stem,
    add_choice,
    add_short,
    add_true_false,
    category_topic,
    excerpt,
    join_explanation,
    one_line,
    open_question,
    rubric_text,
)
from .html_text import escape_markdown, html_to_markdown, looks_like_html

# Escaped characters are swapped for private-use characters while the structure is read.
_ESCAPES = {
    "\\": "\ue000",
    "~": "\ue001",
    "=": "\ue002",
    "#": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    ":": "\ue006",
    "n": "\ue007",
}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_BLANK = "\ue010"  # where a missing-word question's blank goes, until the text is Markdown
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# Grades Moodle's importer accepts (question_bank::fraction_options_full), in percent.
MOODLE_FRACTIONS = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
)


@dataclass
class _Block:
    line: int  # first line of the question in the file
    lines: list[tuple[int, str]]  # (line number, text), comments removed
    # "// Tags: a, b" and "// Difficulty: 3" comments (this package's writer puts them there)
    meta: dict[str, str] = field(default_factory=dict)


def _protect(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return "".join(_RESTORE.get(ch, ch) for ch in text)


_META_COMMENT_RE = re.compile(r"^\s*//\s*(tags|difficulty):\s*(.*?)\s*$", re.I)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    meta: dict[str, str] = {}
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if not line.strip():
            if current:
                blocks.append(_Block(current[0][0], current, meta))
                current, meta = [], {}
        elif line.lstrip().startswith("//"):
            m = _META_COMMENT_RE.match(line)
            if m:
                meta[m.group(1).lower()] = m.group(2)
        else:
            current.append((number, line))
    return blocks


def read_gift(text: str, builder: BankBuilder) -> None:
    """Every question of a GIFT file into ``builder``; the rest as notices and errors."""
    for block in _blocks(text):
        first = block.lines[0][1].strip()
        if first.startswith("$CATEGORY:"):
            builder.set_topic(category_topic(first[len("$CATEGORY:") :]), block.line)
            block = _Block(block.lines[1][0], block.lines[1:]) if len(block.lines) > 1 else None
            if block is None:
                continue
        before = builder.count
        _read_question(block, builder)
        _apply_meta(builder, block, before)


def _read_question(block: _Block, builder: BankBuilder) -> None:
    line = block.line
    raw = "\n".join(text for _, text in block.lines)
    text = _protect(raw)
    title = None
    if text.lstrip().startswith("::"):
        body = text.lstrip()[2:]
        end = body.find("::")
        if end < 0:
            builder.error(line, "question title '::' is never closed: end it with '::'")
            return
        title, text = _restore(body[:end]).strip(), body[end + 2 :]
    fmt = None
    m = _FORMAT_RE.match(text)
    if m:
        fmt, text = m.group(1).lower(), text[m.end() :]
    opening = text.find("{")
    if opening < 0:
        builder.skip(line, "description", _plain(text), "text with no answers is not a question")
        return
    closing = text.find("}", opening)
    if closing < 0:
        brace_line = _line_of(block, raw, text, opening)
        builder.error(
            brace_line,
            f"'{{' at line {brace_line} is never closed: end the answers with '}}' "
            "(or write \\{ for a literal brace)",
        )
        return
    before, answers, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    prompt_src = before.rstrip() if not after.strip() else before + _BLANK + after.rstrip()
    prompt = _text(_restore(prompt_src).strip(), fmt, builder, line).replace(_BLANK, "_____")
    answers, _, general = answers.partition("####")
    stem = Stem(prompt, _text(_restore(general).strip(), fmt, builder, line), line, title)
    answers = answers.strip()
    name = excerpt(prompt)

    if not answers:
        open_question(builder, stem, model_answer_md=stem.general_md, kind="essay question")
    elif answers.startswith("#"):
        builder.skip(line, "numerical question", prompt)
    elif "=" in answers and "->" in answers:
        builder.skip(line, "matching question", prompt)
    elif _restore(answers.split("#", 1)[0]).strip().upper() in _TF:
        _true_false(answers, stem, fmt, builder)
    elif "~" in answers:
        # Without '=', the answers carry weights: Moodle's "several right answers".
        add_choice(builder, stem, _answers(answers, fmt, builder, line), single="=" in answers)
    elif "=" in answers:
        add_short(builder, stem, _answers(answers, fmt, builder, line))
    else:
        builder.error(
            line,
            f"question {name!r}: cannot read its answers {{{excerpt(_restore(answers), 40)}}}: "
            "start each answer with = (right) or ~ (wrong), or write {T} or {F}",
        )


def _line_of(block: _Block, raw: str, protected: str, index: int) -> int:
    """The file line of a character of the (protected, title-stripped) question text."""
    offset = len(_protect(raw)) - len(protected) + index
    consumed = 0
    for number, text in block.lines:
        consumed += len(_protect(text)) + 1
        if offset < consumed:
            return number
    return block.lines[-1][0]


def _plain(text: str) -> str:
    return one_line(_restore(text))


def _text(text: str, fmt: str | None, builder: BankBuilder, line: int) -> str:
    """GIFT text in its declared format -> Markdown."""
    if fmt == "markdown":
        return text
    if fmt == "html" or (fmt in (None, "moodle") and looks_like_html(text)):
        markdown, images = html_to_markdown(text)
        for name in images:
            builder.note(
                line, f"image {name!r} at line {line}: not supported, left out of the text"
            )
        return markdown
    return escape_markdown(text)


def _answers(section: str, fmt: str | None, builder: BankBuilder, line: int) -> list[Answer]:
    """``=a ~%50%b #feedback`` -> answers with Moodle's fractions ('=' is 100%, '~' 0%)."""
    out: list[Answer] = []
    for m in re.finditer(r"([=~])([^=~]*)", section):
        body = m.group(2).strip()
        fraction = 100.0 if m.group(1) == "=" else 0.0
        wm = _WEIGHT_RE.match(body)
        if wm:
            fraction, body = float(wm.group(1)), body[wm.end() :].strip()
        text, _, feedback = body.partition("#")
        out.append(
            Answer(
                text=_text(_restore(text).strip(), fmt, builder, line),
                fraction=fraction,
                feedback=_text(_restore(feedback).strip(), fmt, builder, line),
            )
        )
    return out


def _apply_meta(builder: BankBuilder, block: _Block, count_before: int) -> None:
    """Tags and difficulty from the block's comments, on the question it added (if any)."""
    question = builder.last
    if builder.count == count_before or question is None or not block.meta:
        return
    tags = [slugify(t) for t in block.meta.get("tags", "").split(",")]
    question.tags = [t for i, t in enumerate(tags) if t and t not in tags[:i]]
    difficulty = block.meta.get("difficulty", "")
    if re.fullmatch(r"[1-5]", difficulty):
        question.difficulty = int(difficulty)


def _true_false(answers: str, stem: Stem, fmt: str | None, builder: BankBuilder) -> None:
    value, *feedback = [_restore(p).strip() for p in answers.split("#")]
    # Moodle: {T#shown for a wrong answer#shown for the right one}
    wrong = _text(feedback[0], fmt, builder, stem.line) if feedback else ""
    right = _text(feedback[1], fmt, builder, stem.line) if len(feedback) > 1 else ""
    add_true_false(builder, stem, _TF[value.upper()], right_feedback=right, wrong_feedback=wrong)


# ---------------------------------------------------------------------------------------
# Writer


def _escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for ch in "~=#{}:":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", "\\n")


def moodle_fraction(percent: float) -> float:
    """The grade Moodle accepts nearest to ``percent`` (sign kept)."""
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(percent)))
    return nearest if percent >= 0 else -nearest


def weight_text(percent: float) -> str:
    return f"{moodle_fraction(percent):.5f}".rstrip("0").rstrip(".")


def to_gift(bank: Bank) -> str:
    """The bank as GIFT that Moodle's importer reads; topics become categories.

    Text is written as ``[markdown]``. Multiple select gives every right box an equal
    share of 100% and every wrong box an equal share of -100%, so ticking every box earns
    nothing, as in this app. Open questions become essays whose general feedback is the
    model answer followed by the key points (which this package's reader takes back).
    """
    out = [f"// {one_line(bank.title)} (bank {bank.id}), exported as GIFT", ""]
    for topic in bank.topics:
        out += [f"$CATEGORY: $course$/top/{_category(bank.title)}/{_category(topic.title)}", ""]
        for q in topic.questions:
            if q.tags:
                out.append("// Tags: " + ", ".join(q.tags))
            if q.difficulty is not None:
                out.append(f"// Difficulty: {q.difficulty}")
            out += [_gift_question(q), ""]
    return "\n".join(out)


def _category(name: str) -> str:
    return one_line(name).replace("/", "//")


def _gift_question(q: Question) -> str:
    head = f"::{q.id}::[markdown]{_escape(q.prompt_md)} {{"
    lines = [head]
    if q.kind == "single":
        lines += [("=" if o.correct else "~") + _escape(o.text_md) for o in q.options]
    elif q.kind == "multiple":
        n_right = sum(o.correct for o in q.options)
        n_wrong = len(q.options) - n_right
        for o in q.options:
            share = 100 / n_right if o.correct else -100 / max(n_wrong, 1)
            lines.append(f"~%{weight_text(share)}%{_escape(o.text_md)}")
    elif q.kind == "short":
        lines += ["=" + _escape(a) for a in q.answers]
    feedback = q.explanation_md
    if q.kind == "open":
        feedback = join_explanation(q.explanation_md, rubric_text(q))
    if feedback:
        lines.append("####" + _escape(feedback))
    lines.append("}")
    return "\n".join(lines)
