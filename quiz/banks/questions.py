"""A question's heading and parts → one :class:`~quiz.banks.model.Question`.

Owns what a ``## `` question section means: the heading is the prompt's first line and
may end with an explicit ``{#id}`` (else an id is derived from the topic and heading,
with a warning); the text above the answer part joins the prompt; the answer part
decides the kind (a task list with one ``[x]`` is single choice, with several multiple
choice; an ``Answer:`` line with ``|``-separated alternatives is a short answer; a
``Key points:`` list is an open question); blockquotes after it are the explanation;
``Tags:`` and ``Difficulty:`` lines are metadata. Every broken rule is a diagnostic and
a question with any error is left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .blocks import Block
from .context import ParseContext
from .diagnostics import plural
from .model import Misconception, Option, Question, QuestionKind, Topic
from .slugs import SLUG_RE, slugify, truncate_slug
from .units import Unit, strip_blank_edges, units_of

_EXPLICIT_ID_RE = re.compile(r"[ \t]*\{#([^{}]*)\}[ \t]*$")
_QUOTE_PREFIX_RE = re.compile(r"^ {0,3}> ?")

_NO_ANSWER = "question has no answer part: add a task list, an Answer: line or a Key points: list"


@dataclass
class QuestionDraft:
    """A ``## `` heading and the blocks under it, up to the next heading of level 1 or 2."""

    heading: Block
    topic: Topic | None
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Parts:
    """A question's units sorted by role."""

    prompt_ranges: list[tuple[int, int]] = field(default_factory=list)
    quote_ranges: list[tuple[int, int]] = field(default_factory=list)
    answer_unit: Unit | None = None
    keypoint_list: Unit | None = None
    misconceptions_unit: Unit | None = None
    misconception_list: Unit | None = None
    tags: list[str] = field(default_factory=list)
    difficulty: int | None = None


@dataclass
class _Answer:
    kind: QuestionKind | None = None
    options: list[Option] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    key_points: list[list[str]] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)


def finish_question(draft: QuestionDraft, ctx: ParseContext) -> None:
    """Check the draft and, when it has no error, append its question to its topic."""
    hline = draft.heading.start + 1
    n_errors = ctx.error_count
    topic = draft.topic
    content, explicit_id = _read_heading(draft.heading, ctx)
    units: list[Unit] = []
    for block in draft.blocks:
        units.extend(units_of(block, ctx.lines))
    parts = _sort_units(units, ctx)
    answer = _read_answer(parts, draft, ctx)
    qid = _question_id(topic, content, explicit_id, hline, ctx)

    explanation = _explanation(parts.quote_ranges, ctx.lines)
    if parts.answer_unit is not None and not explanation:
        ctx.warn(hline, "question has no explanation: add a > blockquote after the answer part")

    if ctx.error_count != n_errors or topic is None or answer.kind is None or not qid:
        return
    body = _join_ranges(parts.prompt_ranges, ctx.lines)
    question = Question(
        id=qid,
        kind=answer.kind,
        prompt_md=content + ("\n\n" + body if body else ""),
        topic_slug=topic.slug,
        options=answer.options,
        answers=answer.answers,
        key_points=answer.key_points,
        misconceptions=answer.misconceptions,
        explanation_md=explanation,
        tags=parts.tags,
        difficulty=parts.difficulty,
        source_line=hline,
    )
    for problem in damaged_text(question):
        ctx.error(hline, problem)
    if ctx.error_count == n_errors:
        topic.questions.append(question)


_OPTION_MARKUP_RE = re.compile(r"[`*_\s]+")


def option_key(text: str) -> str:
    """What a learner reads in an option: case, emphasis, spacing and final stops ignored."""
    return _OPTION_MARKUP_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip(" .;:,")


def unanswerable(options: list[Option]) -> list[str]:
    """Why a choice question with these options cannot be answered right (none when it can)."""
    problems = []
    if len(options) < 2:
        problems.append(
            f"choice question has {plural(len(options), 'option')}: it needs two or more"
        )
    if not any(o.correct for o in options):
        problems.append("choice question has no right option")
    seen: dict[str, str] = {}
    for option in options:
        key = option_key(option.text_md)
        if key in seen:
            problems.append(
                f"options {seen[key]!r} and {option.text_md!r} read the same, "
                "so a learner cannot tell them apart"
            )
        seen.setdefault(key, option.text_md)
    return problems


def damaged_text(question: Question) -> list[str]:
    """A U+FFFD (a character lost in decoding) in any text a learner reads, as errors."""
    texts = {
        "prompt": [question.prompt_md],
        "option": [o.text_md for o in question.options],
        "answer": question.answers,
        "key point": [p for point in question.key_points for p in point],
        "misconception": [t for m in question.misconceptions for t in (*m.phrasings, m.why_md)],
        "explanation": [question.explanation_md],
    }
    return [
        f"{where} {' '.join(text.split())[:60]!r} has a damaged character (U+FFFD, "
        "lost when the text was decoded): retype it"
        for where, values in texts.items()
        for text in values
        if "\ufffd" in text
    ]


def _read_heading(heading: Block, ctx: ParseContext) -> tuple[str, str | None]:
    """The heading's text and its explicit ``{#id}`` (None when absent or not a slug)."""
    hline = heading.start + 1
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
            ctx.error(
                hline,
                f"question id {{#{raw_id}}} is not a slug: use lowercase letters, digits "
                f"and single hyphens, e.g. {{#{hint}}}",
            )
    if not content:
        ctx.error(hline, "question heading has no text: write the question after '## '")
    return content, explicit_id


def _sort_units(units: list[Unit], ctx: ParseContext) -> _Parts:
    """Prompt before the answer part, explanation quotes after it, metadata anywhere."""
    parts = _Parts()
    answer_desc = ""
    difficulty_line: int | None = None
    stray_reported = False
    skip: set[int] = set()

    for idx, unit in enumerate(units):
        if idx in skip:
            continue
        line = unit.start + 1
        if unit.kind == "meta":
            if unit.key == "tags":
                parts.tags.extend(_tags(unit.value, line, parts.tags, ctx))
            else:
                if difficulty_line is not None:
                    ctx.error(
                        line,
                        f"Difficulty: is given twice (also at line {difficulty_line}): keep one",
                    )
                difficulty_line = line
                value = unit.value.strip()
                if re.fullmatch(r"[1-5]", value):
                    parts.difficulty = int(value)
                else:
                    ctx.error(
                        line,
                        f"Difficulty must be a whole number from 1 to 5, not {value!r}: "
                        "e.g. Difficulty: 3",
                    )
            continue
        if unit.kind == "misconceptions":
            nxt = units[idx + 1] if idx + 1 < len(units) else None
            if nxt is not None and nxt.kind == "list":
                skip.add(idx + 1)
            if parts.misconceptions_unit is not None:
                ctx.error(
                    line,
                    "Misconceptions: is given twice (also at line "
                    f"{parts.misconceptions_unit.start + 1}): keep one list",
                )
            elif parts.answer_unit is None or parts.answer_unit.kind != "keypoints":
                ctx.error(
                    line,
                    "Misconceptions: belongs to an open question: put it right after the "
                    "Key points: list",
                )
            else:
                parts.misconceptions_unit = unit
                parts.misconception_list = nxt if nxt is not None and nxt.kind == "list" else None
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
                    if parts.answer_unit is None:
                        parts.keypoint_list = nxt
                    if nxt.kind == "tasklist":
                        ctx.error(
                            nxt.start + 1,
                            "key points are plain bullets (- point), not [ ] task items: "
                            "remove the boxes",
                        )
            if parts.answer_unit is not None:
                ctx.error(
                    line,
                    f"two answer parts in one question ({answer_desc} and {desc}): keep only one",
                )
                continue
            parts.answer_unit = unit
            answer_desc = desc
            continue
        if unit.kind == "quote":
            ranges = parts.quote_ranges if parts.answer_unit is not None else parts.prompt_ranges
            ranges.append((unit.start, unit.end))
            continue
        # text, plain list, code, table, html, level-3+ heading
        if parts.answer_unit is None:
            parts.prompt_ranges.append((unit.start, unit.end))
        elif not stray_reported:
            stray_reported = True
            hint = ""
            if unit.block is not None and unit.block.type == "table":
                hint = (
                    " (a comparison table generates questions only when it stands "
                    "directly under a '# Topic' heading, before that topic's first question)"
                )
            ctx.error(
                line,
                "unexpected content after the answer part: move it above the answer part "
                f"or into the explanation blockquote (> ...){hint}",
            )
    return parts


def _read_answer(parts: _Parts, draft: QuestionDraft, ctx: ParseContext) -> _Answer:
    """The answer part decides the kind: task list, Answer: line or Key points: list."""
    unit = parts.answer_unit
    answer = _Answer()
    if unit is None:
        message = _NO_ANSWER
        if any(b.type == "table" for b in draft.blocks):
            message += (
                " (a comparison table generates questions only when it stands directly "
                "under a '# Topic' heading, not under a '## ' question)"
            )
        ctx.error(draft.heading.start + 1, message)
    elif unit.kind == "tasklist":
        answer.kind, answer.options = _choice(unit, ctx)
    elif unit.kind == "answer":
        answer.answers = alternatives(unit.value)
        if not answer.answers:
            ctx.error(
                unit.start + 1,
                "empty Answer: line: write the accepted answer(s) after 'Answer:' on the "
                "same line, separated by |",
            )
        answer.kind = "short"
    else:
        answer.key_points = _key_points(unit, parts.keypoint_list, ctx)
        if parts.misconceptions_unit is not None:
            answer.misconceptions = _misconceptions(
                parts.misconceptions_unit, parts.misconception_list, ctx
            )
        answer.kind = "open"
    return answer


def _question_id(
    topic: Topic | None, content: str, explicit_id: str | None, hline: int, ctx: ParseContext
) -> str:
    """The explicit id, else one derived from topic and heading; claimed for this bank."""
    if explicit_id is not None:
        qid = explicit_id
    else:
        base = f"{topic.title} {content}" if topic is not None else content
        qid = truncate_slug(slugify(base))
        if qid and content:
            ctx.warn(
                hline,
                "question has no explicit {#id}; add one so edits keep learners' history"
                f" (derived id: {qid})",
            )
    if qid and topic is not None and (explicit_id is not None or content):
        ctx.claim_id(qid, hline, "give each question its own {#id}")
    return qid


def split_unescaped(text: str, sep: str = "|") -> list[str]:
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


def alternatives(text: str) -> list[str]:
    """``a | b |  | c`` -> ``["a", "b", "c"]``."""
    return [p.strip() for p in split_unescaped(text) if p.strip()]


def _tags(value: str, line: int, existing: list[str], ctx: ParseContext) -> list[str]:
    out: list[str] = []
    for raw in value.split(","):
        raw = raw.strip()
        if not raw:
            continue
        tag = slugify(raw)
        if not tag:
            ctx.warn(line, f"tag {raw!r} has no letters or digits and is ignored")
        elif tag not in existing and tag not in out:
            out.append(tag)
    return out


def _choice(unit: Unit, ctx: ParseContext) -> tuple[QuestionKind, list[Option]]:
    line = unit.start + 1
    mixed = unit.mixed_line is not None
    if unit.mixed_line is not None:
        ctx.error(
            unit.mixed_line + 1,
            "list mixes task items and plain items: start every option with [ ] or [x]",
        )
    items = [it for it in unit.items if it.box is not None]
    options = [Option(text_md=it.text, correct=it.box == "x") for it in items]
    for it in items:
        if not it.text:
            ctx.error(it.start + 1, "option has no text: write it after the [ ] box")
    seen: dict[str, int] = {}
    for it in items:
        key = option_key(it.text)
        if it.text and key in seen:
            ctx.error(
                it.start + 1,
                f"option {it.text!r} reads the same as the option at line {seen[key]}: "
                "a learner cannot tell them apart, so reword or remove one",
            )
        seen.setdefault(key, it.start + 1)
    n_correct = sum(o.correct for o in options)
    if len(options) < 2 and not mixed:
        ctx.error(
            line,
            f"choice question has {plural(len(options), 'option')}: "
            "add at least two options (- [ ] ...)",
        )
    if n_correct == 0:
        ctx.error(line, "task list has no [x]: mark the right option(s) with [x]")
    return ("multiple" if n_correct >= 2 else "single"), options


def _label_list_ok(unit: Unit, lst: Unit | None, label: str, item: str, ctx: ParseContext) -> bool:
    """A ``Key points:``/``Misconceptions:`` label takes no text and needs a list below;
    whether there are items to read."""
    line = unit.start + 1
    if unit.value:
        ctx.error(
            line,
            f"{label} takes no text on its line: put each {item} on its own '- ' bullet below it",
        )
    if lst is None or not lst.items:
        ctx.error(line, f"{label} list has no items: add one '- ' bullet per {item} below it")
        return False
    return True


def _key_points(unit: Unit, lst: Unit | None, ctx: ParseContext) -> list[list[str]]:
    if not _label_list_ok(unit, lst, "Key points:", "key point", ctx) or lst is None:
        return []
    points: list[list[str]] = []
    for it in lst.items:
        phrasings = alternatives(" ".join(it.text.split("\n")))
        if not phrasings:
            ctx.error(it.start + 1, "empty key point: write the point after the '- '")
        else:
            points.append(phrasings)
    return points


_WHY_RE = re.compile(r"^(?:\*\*|__)?why(?::(?:\*\*|__)?|(?:\*\*|__):)[ \t]*", re.IGNORECASE)


def _misconceptions(unit: Unit, lst: Unit | None, ctx: ParseContext) -> list[Misconception]:
    """Each item: ``|``-separated phrasings of one wrong claim, then optionally a line
    ``Why: ...`` saying why it is wrong (shown to a learner who asserts it)."""
    if not _label_list_ok(unit, lst, "Misconceptions:", "misconception", ctx) or lst is None:
        return []
    found: list[Misconception] = []
    for it in lst.items:
        claim_lines: list[str] = []
        why_lines: list[str] = []
        for text_line in it.text.split("\n"):
            stripped = text_line.strip()
            m = _WHY_RE.match(stripped)
            if m or why_lines:
                why_lines.append(stripped[m.end() :] if m else stripped)
            else:
                claim_lines.append(stripped)
        phrasings = alternatives(" ".join(claim_lines))
        if not phrasings:
            ctx.error(it.start + 1, "empty misconception: write the wrong claim after the '- '")
            continue
        found.append(Misconception(tuple(phrasings), " ".join(why_lines).strip()))
    return found


def _explanation(ranges: list[tuple[int, int]], lines: list[str]) -> str:
    parts: list[str] = []
    for start, end in ranges:
        inner = [_QUOTE_PREFIX_RE.sub("", ln, count=1) for ln in lines[start:end]]
        inner = strip_blank_edges(inner)
        if inner:
            parts.append("\n".join(inner))
    return "\n\n".join(parts)


def _join_ranges(ranges: list[tuple[int, int]], lines: list[str]) -> str:
    out = ""
    prev_end: int | None = None
    for start, end in ranges:
        chunk_lines = lines[start:end]
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
