"""A parsed :class:`~quiz.banks.model.Bank` written back as this app's Markdown bank format.

Every converter ends here, so there is one writer of the format (docs/bank-format.md).
Text that the parser would misread is escaped: a prompt line that looks like an
``Answer:``/``Key points:``/``Tags:`` label, a heading or a setext underline, an option
or key point that starts like a task box, a literal ``|`` in an accepted answer. Text the
parser produced never needs it, so ``parse_text(to_markdown(bank))`` gives the bank back.
"""

from __future__ import annotations

import json
import re

from quiz.banks.model import DEFAULT_MISCONCEPTION_CAP, Bank, Question
from quiz.banks.slugs import SLUG_RE, slugify
from quiz.banks.units import LABEL_RE

_ATX_RE = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_TASK_RE = re.compile(r"^\[([ xX])\]")
_COMMENT_RE = re.compile(r"^( {0,3})<!--")
_HEADING_ID_RE = re.compile(r"\{#([^{}]*)\}\s*$")
_CLOSING_HASHES_RE = re.compile(r"(\s)(#+)\s*$")


def to_markdown(bank: Bank) -> str:
    """The bank as Markdown that :func:`quiz.banks.parser.parse_text` reads back."""
    out = ["---", f"bank: {bank.id}", f"title: {json.dumps(bank.title, ensure_ascii=False)}"]
    if bank.description:
        out.append(f"description: {json.dumps(bank.description, ensure_ascii=False)}")
    caps = {q.misconception_cap for q in bank.questions}
    if len(caps) == 1 and (cap := caps.pop()) != DEFAULT_MISCONCEPTION_CAP:
        out.append(f"misconception_cap: {cap}")
    out.append("---")
    for topic in bank.topics:
        out += ["", f"# {_heading(topic.title)}"]
        for question in topic.questions:
            out += ["", *_question_lines(question)]
    return "\n".join(out) + "\n"


def _question_lines(q: Question) -> list[str]:
    heading, _, body = q.prompt_md.partition("\n")
    # Ids of questions generated from a comparison table ("topic--row--thing--which") are
    # not valid explicit ids; written out, they become ordinary slugs.
    qid = q.id if SLUG_RE.match(q.id) else slugify(q.id)
    lines = [f"## {_heading(heading)} {{#{qid}}}"]
    if q.tags:
        lines.append("Tags: " + ", ".join(q.tags))
    if q.difficulty is not None:
        lines.append(f"Difficulty: {q.difficulty}")
    body = body.strip("\n")
    if body:
        lines += ["", *_guard_block(body)]
    lines.append("")
    if q.kind in ("single", "multiple"):
        for option in q.options:
            box = "[x]" if option.correct else "[ ]"
            lines += _item(f"- {box} ", option.text_md)
    elif q.kind == "short":
        lines.append("Answer: " + " | ".join(_one_line(a).replace("|", "\\|") for a in q.answers))
    else:
        lines.append("Key points:")
        for point in q.key_points:
            lines.append("- " + _phrasings(point))
        if q.misconceptions:
            lines.append("Misconceptions:")
            for m in q.misconceptions:
                lines.append("- " + _phrasings(m.phrasings))
                if m.why_md:
                    lines.append("  Why: " + _one_line(m.why_md))
    if q.explanation_md.strip():
        lines.append("")
        lines += [f"> {ln}" if ln.strip() else ">" for ln in q.explanation_md.strip().split("\n")]
    return lines


def _heading(text: str) -> str:
    """One heading line that keeps its text: no ``{#id}`` or closing ``#`` misread."""
    text = _one_line(text)
    text = _HEADING_ID_RE.sub(lambda m: "\\" + m.group(0), text)
    return _CLOSING_HASHES_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _phrasings(items: tuple[str, ...] | list[str]) -> str:
    return " | ".join(_escape_box(_one_line(p)).replace("|", "\\|") for p in items)


def _item(marker: str, text: str) -> list[str]:
    """A list item whose wrapped lines are indented under its text."""
    first, *rest = _guard_block(_escape_box(text.strip())) or [""]
    pad = " " * len(marker)
    return [marker + first] + [pad + ln if ln.strip() else "" for ln in rest]


def _escape_box(text: str) -> str:
    return "\\" + text if _TASK_RE.match(text) else text


def _guard_block(text: str) -> list[str]:
    """Prompt lines the parser would take for structure, escaped (rendering unchanged)."""
    out: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence:
            label = LABEL_RE.match(stripped)
            if label:
                # "Answer: x" -> "Answer\: x": reads the same, is no longer a label.
                colon = line.index(":", line.lower().index(label.group(1).lower()[:3]))
                line = line[:colon] + "\\" + line[colon:]
            elif _ATX_RE.match(line):
                line = _ATX_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
            elif out and out[-1].strip() and _SETEXT_RE.match(line):
                line = "\\" + line.lstrip()
            elif _COMMENT_RE.match(line):
                line = _COMMENT_RE.sub(lambda m: m.group(1) + "\\<!--", line, count=1)
        out.append(line)
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())
