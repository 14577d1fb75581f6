"""What every reader shares: notices and errors at source lines, and a bank builder.

A reader walks a foreign file and hands each question it understands to a
:class:`BankBuilder`, as the same :class:`~quiz.banks.model.Question` the Markdown parser
makes; what it cannot convert it reports with :meth:`BankBuilder.skip` (a notice at the
question's line in the SOURCE file), never dropping it silently. A problem that makes a
question unreadable is an error at its line; a file that cannot be read at all raises
:class:`SourceError`. Plain Python, no Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.banks.model import (
    MAX_BANK_ID,
    MAX_QUESTION_ID,
    MAX_TITLE,
    Bank,
    Misconception,
    Option,
    Question,
    Topic,
)
from quiz.banks.slugs import slugify, truncate_slug

DEFAULT_TOPIC = "Imported questions"
# An open question's key points drafted from a model answer: at most this many.
MAX_DRAFTED_KEY_POINTS = 6


@dataclass(frozen=True)
class Notice:
    """Something in the source that was not converted, or converted with a caveat."""

    line: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Problem:
    """An error in the source: ``LINE: message`` (line 0 when the file has no lines)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}" if self.line else self.message


class SourceError(Exception):
    """The whole file cannot be read (wrong format, broken XML, not an Anki package)."""

    def __init__(self, line: int, message: str):
        self.problem = Problem(line, message)
        super().__init__(str(self.problem))


def excerpt(text: str, limit: int = 60) -> str:
    """A question named in a notice: its first words, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


@dataclass
class BankBuilder:
    """Collects topics, questions, notices and errors while a reader walks its source."""

    default_topic: str = DEFAULT_TOPIC
    source_title: str | None = None  # the bank's title when the source names one
    topics: list[Topic] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: int = 0
    count: int = 0  # questions added
    last: Question | None = None  # the question added last
    _current: Topic | None = None
    _ids: set[str] = field(default_factory=set)

    def set_topic(self, title: str, line: int = 0) -> None:
        """Questions added from now on belong to the topic ``title`` (same slug, same topic)."""
        title = " ".join(title.split())[:MAX_TITLE]
        slug = slugify(title)
        if not slug:
            self.note(line, f"topic {title!r} at line {line} has no letters or digits: ignored")
            return
        for topic in self.topics:
            if topic.slug == slug:
                self._current = topic
                return
        self._current = Topic(slug=slug, title=title, source_line=line)
        self.topics.append(self._current)

    def add(self, question: Question, wanted_id: str | None = None) -> None:
        """Add a question, with an id from ``wanted_id`` (else its prompt), unique in the bank."""
        if self._current is None:
            self.set_topic(self.default_topic)
        assert self._current is not None
        question.id = self._unique_id(wanted_id, question.prompt_md)
        question.topic_slug = self._current.slug
        self._current.questions.append(question)
        self.count += 1
        self.last = question

    def skip(
        self,
        line: int,
        kind: str,
        prompt: str,
        reason: str = "not supported",
        where: str | None = None,
    ) -> None:
        """A question that is not converted: ``matching question 'X' at line 40: ...``.

        ``where`` replaces "at line N" for sources without lines (a package's "note 3").
        """
        self.skipped += 1
        named = f" {excerpt(prompt)!r}" if prompt.strip() else ""
        place = where or f"at line {line}"
        self.notices.append(Notice(line, f"{kind}{named} {place}: {reason}, skipped"))

    def note(self, line: int, message: str) -> None:
        self.notices.append(Notice(line, message))

    def error(self, line: int, message: str) -> None:
        self.errors.append(Problem(line, message))

    def bank(self, bank_id: str, title: str, description: str = "") -> Bank:
        topics = [t for t in self.topics if t.questions]
        return Bank(id=bank_id, title=title, description=description, topics=topics)

    def _unique_id(self, wanted: str | None, prompt_md: str) -> str:
        base = slugify(wanted or "")[:MAX_QUESTION_ID].strip("-")
        if not base:
            base = truncate_slug(slugify(prompt_md.split("\n", 1)[0])) or "question"
        qid, n = base, 1
        while qid in self._ids:
            n += 1
            qid = f"{base[: MAX_QUESTION_ID - 8]}-{n}"
        self._ids.add(qid)
        return qid


def bank_identity(
    bank_id: str | None, title: str | None, source_title: str | None, file_name: str
) -> tuple[str, str]:
    """The bank id and title: as given, else from the source's own title, else the file name."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", file_name.rsplit("/", 1)[-1]) or "imported"
    chosen_title = " ".join((title or source_title or stem).split())[:MAX_TITLE] or "Imported"
    chosen_id = slugify(bank_id or "") or slugify(chosen_title) or slugify(stem) or "imported"
    return chosen_id[:MAX_BANK_ID].strip("-"), chosen_title


# ---------------------------------------------------------------------------------------
# Prompts: the bank format wants a one-line heading, then the rest of the prompt.

_BLOCK_LINE_RE = re.compile(r"^ {0,3}(?:[-+*>|]\s|\d{1,9}[.)]\s|```|~~~|#)")
_CODE_START_RE = re.compile(r"^(?:```|~~~| {4}|\t)")


def prompt_md(text_md: str) -> str:
    """Markdown of a question's text as a prompt: its first line of text is the heading.

    The heading is one line, so the lines of the first paragraph are joined (up to a
    list, quote or code line, which stays in the body); a prompt that opens with a
    code block keeps it whole under the heading "Question".
    """
    lines = text_md.strip("\n").split("\n")
    if not lines[0].strip():
        return "Question"
    if _CODE_START_RE.match(lines[0]):
        return "Question\n\n" + "\n".join(lines)
    n = 1
    while n < len(lines) and lines[n].strip() and not _BLOCK_LINE_RE.match(lines[n]):
        n += 1
    heading = one_line(" ".join(lines[:n]))
    rest = "\n".join(lines[n:]).strip("\n")
    return heading + ("\n\n" + rest if rest else "")


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------
# Open questions: the bank format needs key points. The writers of this package put them
# after the model answer as a "Key points:" list (and "Misconceptions:"), which the readers
# take back; a foreign model answer without one gets key points drafted from its sentences.

_RUBRIC_RE = re.compile(r"^(?:\*\*|__)?key[ \t]*points[ \t]*:(?:\*\*|__)?[ \t]*$", re.I | re.M)
_MISC_RE = re.compile(r"^(?:\*\*|__)?misconceptions[ \t]*:(?:\*\*|__)?[ \t]*$", re.I | re.M)
_ITEM_RE = re.compile(r"^[-*+][ \t]+(.*)$")
_WHY_RE = re.compile(r"^[ \t]+(?:\*\*|__)?why:(?:\*\*|__)?[ \t]*(.*)$", re.I)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*_\"'(])")


def split_unescaped_bar(text: str) -> list[str]:
    """``a | b \\| c`` -> ``["a", "b | c"]`` (the bank format's alternatives rule)."""
    parts = re.split(r"(?<!\\)\|", text)
    return [p.replace("\\|", "|").strip() for p in parts if p.strip()]


def rubric_text(question: Question) -> str:
    """The ``Key points:`` (and ``Misconceptions:``) lists of an open question, as Markdown."""
    lines = ["Key points:"]
    lines += [
        "- " + " | ".join(p.replace("|", "\\|") for p in point) for point in question.key_points
    ]
    if question.misconceptions:
        lines.append("")
        lines.append("Misconceptions:")
        for m in question.misconceptions:
            lines.append("- " + " | ".join(p.replace("|", "\\|") for p in m.phrasings))
            if m.why_md:
                lines.append("  Why: " + one_line(m.why_md))
    return "\n".join(lines)


def split_rubric(text_md: str) -> tuple[str, list[list[str]], list[Misconception]]:
    """Model answer Markdown -> (model answer, key points, misconceptions) when it ends
    with this package's ``Key points:`` list; else (text, [], [])."""
    m = _RUBRIC_RE.search(text_md)
    if not m:
        return text_md, [], []
    answer = text_md[: m.start()].rstrip()
    tail = text_md[m.end() :]
    misc_text = ""
    mm = _MISC_RE.search(tail)
    if mm:
        tail, misc_text = tail[: mm.start()], tail[mm.end() :]
    points = [
        split_unescaped_bar(im.group(1)) for im in map(_ITEM_RE.match, tail.split("\n")) if im
    ]
    misconceptions: list[Misconception] = []
    for line in misc_text.split("\n"):
        im, wm = _ITEM_RE.match(line), _WHY_RE.match(line)
        if im:
            misconceptions.append(Misconception(tuple(split_unescaped_bar(im.group(1)))))
        elif wm and misconceptions:
            misconceptions[-1] = Misconception(misconceptions[-1].phrasings, wm.group(1).strip())
    return answer, [p for p in points if p], misconceptions


def draft_key_points(model_answer_md: str) -> list[list[str]]:
    """One key point per sentence of a model answer (a draft for the instructor to edit)."""
    plain = re.sub(r"[*_`>#]|\[([^\]]*)\]\([^)]*\)", r"\1", model_answer_md)
    plain = re.sub(r"^\s*(?:model answer|answer)\s*:\s*", "", one_line(plain), flags=re.I)
    sentences = [s.strip().rstrip(".!?;:").strip() for s in _SENTENCE_RE.split(plain)]
    return [[s] for s in sentences if re.search(r"\w", s)][:MAX_DRAFTED_KEY_POINTS]


@dataclass(frozen=True)
class Stem:
    """What every question of a source has: its text, general feedback, line and title."""

    prompt: str  # Markdown
    general_md: str
    line: int
    title: str | None = None  # the source's name for it, made into the id
    tags: tuple[str, ...] = ()
    where: str | None = None  # instead of "at line N" for sources without lines

    @property
    def place(self) -> str:
        return self.where or f"at line {self.line}"


@dataclass(frozen=True)
class Answer:
    """One answer of a choice or short-answer question, with Moodle's grade in percent."""

    text: str  # Markdown
    fraction: float
    feedback: str = ""


def _add(builder: BankBuilder, stem: Stem, **fields: object) -> None:
    question = Question(
        id="",
        topic_slug="",
        prompt_md=prompt_md(stem.prompt),
        tags=[t for i, t in enumerate(stem.tags) if t not in stem.tags[:i]],
        source_line=stem.line,
        **fields,  # type: ignore[arg-type]
    )
    builder.add(question, stem.title)


def _explanation(stem: Stem, answers: list[Answer]) -> str:
    return join_explanation(stem.general_md, feedback_list([(a.text, a.feedback) for a in answers]))


def add_choice(builder: BankBuilder, stem: Stem, answers: list[Answer], *, single: bool) -> None:
    """A Moodle multiple choice: ``single`` (one answer to pick) or several answers.

    One to pick: the 100% answer is right; partial credit is not this app's, so those
    answers count as wrong, with a notice. Several answers: every answer with a positive
    grade is a right box; this app scores the boxes in equal parts (with a notice when
    the source weighted them unequally).
    """
    line, name = stem.line, excerpt(stem.prompt)
    kind = "multiple choice question"
    if any(not a.text.strip() for a in answers):
        builder.error(line, f"{kind} {name!r}: an answer has no text")
        return
    if single:
        full = [a for a in answers if a.fraction >= 100]
        if len(full) != 1:
            reason = (
                "no answer is fully right" if not full else "several answers are each fully right"
            )
            builder.skip(
                line, kind, stem.prompt, f"{reason} with one to pick, which this app cannot score"
            )
            return
        partial = [a.text for a in answers if 0 < a.fraction < 100]
        if partial:
            builder.note(
                line,
                f"{kind} {name!r} {stem.place}: partial credit for "
                f"{', '.join(map(repr, partial))} is not supported; scored as wrong",
            )
        right = full
    else:
        right = [a for a in answers if a.fraction > 0]
        if not right:
            builder.error(
                line,
                f"{kind} {name!r}: no answer is right: mark it with = or give the right "
                "answers a positive weight",
            )
            return
        if len({a.fraction for a in right}) > 1:
            builder.note(
                line,
                f"{kind} {name!r} {stem.place}: unequal weights of the right answers "
                "are scored as equal parts",
            )
    options = [Option(one_line(a.text), a in right) for a in answers]
    if len(options) < 2:
        builder.skip(line, kind, stem.prompt, "a choice question needs at least two answers")
        return
    kind_of = "multiple" if len(right) > 1 else "single"
    _add(builder, stem, kind=kind_of, options=options, explanation_md=_explanation(stem, answers))


def add_short(builder: BankBuilder, stem: Stem, answers: list[Answer]) -> None:
    """A short answer: every fully right answer is accepted; partial credit is left out."""
    line, name = stem.line, excerpt(stem.prompt)
    accepted = [one_line(a.text) for a in answers if a.fraction >= 100 and a.text.strip()]
    partial = [a.text for a in answers if a.fraction < 100]
    if partial:
        builder.note(
            line,
            f"short answer question {name!r} {stem.place}: answers with partial or no "
            f"credit {', '.join(map(repr, partial))} are not supported; left out",
        )
    if not accepted:
        builder.error(line, f"short answer question {name!r}: no fully right answer")
        return
    _add(builder, stem, kind="short", answers=accepted, explanation_md=_explanation(stem, answers))


def add_true_false(
    builder: BankBuilder,
    stem: Stem,
    truth: bool,
    *,
    right_feedback: str = "",
    wrong_feedback: str = "",
) -> None:
    """True/false: a single choice between "True" and "False"."""
    answers = [
        Answer("True", 100 if truth else 0, right_feedback if truth else wrong_feedback),
        Answer("False", 0 if truth else 100, wrong_feedback if truth else right_feedback),
    ]
    options = [Option(a.text, a.fraction > 0) for a in answers]
    _add(builder, stem, kind="single", options=options, explanation_md=_explanation(stem, answers))


def open_question(builder: BankBuilder, stem: Stem, *, model_answer_md: str, kind: str) -> None:
    """An open question from a prompt and a model answer, with this app's key points.

    Key points written after the model answer (as this package's writers do) are kept.
    Without them they are drafted one per sentence of the model answer, with a notice
    asking the instructor to review them. With no model answer there is nothing to
    draft from: the question is skipped with a notice, never stored without key points.
    """
    line, prompt = stem.line, stem.prompt
    answer, points, misconceptions = split_rubric(model_answer_md.strip())
    explanation = answer
    if not points:
        points = draft_key_points(answer)
        if not points:
            builder.skip(
                line,
                kind,
                prompt,
                "an open question needs key points and the source gives neither key points "
                "nor feedback to draft them from (add it by hand with a Key points: list)",
            )
            return
        builder.note(
            line,
            f"{kind} {excerpt(prompt)!r} {stem.place}: the source has no key points, so "
            f"{len(points)} were drafted from its feedback, one per sentence: review them",
        )
        if not re.match(r"^\s*(?:\*\*)?model answer", answer, re.I):
            explanation = "Model answer: " + answer
    _add(
        builder,
        stem,
        kind="open",
        key_points=points,
        misconceptions=misconceptions,
        explanation_md=explanation,
    )


def category_topic(path: str) -> str:
    """Moodle's ``$course$/top/Default for X/Loops`` -> ``Loops`` (``//`` is a literal ``/``)."""
    parts = [p.replace("\0", "/").strip() for p in path.replace("//", "\0").split("/")]
    parts = [p for p in parts if p and not re.fullmatch(r"\$\w+\$", p) and p != "top"]
    return parts[-1] if parts else ""


def feedback_list(pairs: list[tuple[str, str]]) -> str:
    """Per-option feedback as part of an explanation: ``- *Option*: feedback``."""
    return "\n".join(
        f"- *{one_line(option)}*: {one_line(fb)}" for option, fb in pairs if fb.strip()
    )


def join_explanation(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())
