"""What an instructor would have to fix in a draft, counted (plain Python, no Flask).

``draft_defects(draft)`` reads a :class:`~quiz.drafting.draft.Draft`'s Markdown back
with the bank parser and counts, per kind of defect, the questions an instructor could
not keep as they are: no right option, one option, leftover markup or damaged text,
paragraph-long options, too many options, front matter or URLs in what learners read.
``bench/draft_quality.py`` prints these per article; tests hold them at zero.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

import emoji

from quiz.banks import Question, parse_text
from quiz.banks.tables import MAX_OPTION_CHARS, MAX_OPTIONS

from .draft import Draft

# Defect names, in the order they are printed.
DEFECTS = (
    "validation errors",
    "unanswerable",
    "one option",
    "markup or U+FFFD",
    "option > 160 chars",
    "> 5 options",
    "front matter or URL",
    "emoji or mark in option",
    "subject as feature",
    "empty key point",
    "shared option set",
)

_CODE_SPAN = re.compile(r"`[^`]*`")
_MARKUP = re.compile(
    r"\]\(|!\[|\[[^\]]*\]\(#"  # links and images
    r"|<[A-Za-z!/][^>]*>"  # HTML tags and comments
    r"|\*\*|__|(?<![\w*])\*(?=\w)|(?<=\w)\*(?![\w*])"  # bold, italics
    r"|(?<![\w])_(?=\w)|(?<=\w)_(?!\w)"  # underscore emphasis left half-open
    r"|\ufffd|â€|Ã[\x80-\xbf]|ðŸ"  # damaged or still mis-decoded text
)
_URL = re.compile(r"https?://|\bwww\.|\.(?:com|io|dev|org)/", re.IGNORECASE)
_FRONT_MATTER_KEY = re.compile(
    r"\b(?:title|date|author|description|tags|categories|layout|canonical_url|"
    r"cover_image|draft|toc|comments|image|path|alt|subtitle|url)\s*:\s",
    re.IGNORECASE,
)
_OPEN_SUBJECT = re.compile(r"^What is (.+?), and what is it for\?$")
_TABLE_RULE = re.compile(r"^\|[\s:|-]+\|$")
_EMPTY_POINTS = frozenset({"here", "there", "it", "this", "that", "they", "these", "those"})
# A determiner and one word ("the system"); "on disk", "in parallel" are claims.
_LEADS = frozenset({"the", "a", "an", "that", "this", "its"})
# Marks that say yes/no/partly (or rate) by themselves: an option holding one gives its
# answer away.
STATUS_MARKS = "✅✔☑❌✖✗✘⚠🟢🟡🔴🟠⭕🚫❎"


@dataclass
class Quality:
    """One draft's questions by kind, defects by name and what the instructor must look at."""

    kinds: Counter[str] = field(default_factory=Counter)
    defects: Counter[str] = field(default_factory=Counter)
    todos: int = 0
    warnings: int = 0
    examples: list[str] = field(default_factory=list)  # one line per defect found

    @property
    def total_defects(self) -> int:
        return sum(self.defects.values())


def draft_defects(draft: Draft) -> Quality:
    """Count what an instructor would have to fix in ``draft``."""
    result = parse_text(draft.markdown, path="draft.md", max_bytes=len(draft.markdown) * 4)
    quality = Quality(todos=len(draft.notes), warnings=len(result.warnings))
    for error in result.errors:
        quality.defects["validation errors"] += 1
        quality.examples.append(f"validation errors: {error}")
    if result.bank is None:
        return quality
    bank = result.bank
    texts = [bank.title, bank.description, *(t.title for t in bank.topics)]
    for text in texts:
        if "\ufffd" in text:
            _found(quality, "markup or U+FFFD", "(title/topic)", text)
        if _URL.search(text) or _FRONT_MATTER_KEY.search(text):
            _found(quality, "front matter or URL", "(title/topic)", text)
    for question in bank.questions:
        quality.kinds[question.kind] += 1
        for defect, text in question_defects(question):
            _found(quality, defect, question.id, text)
    for question, row_label in subjects_as_features(draft.markdown, bank.questions):
        _found(
            quality, "subject as feature", question.id, f"row {row_label!r}: {question.prompt_md}"
        )
    for question in shared_option_sets(bank.questions):
        options = ", ".join(o.text_md for o in question.options)
        _found(quality, "shared option set", question.id, f"{question.prompt_md} [{options}]")
    return quality


def shared_option_sets(questions: list[Question]) -> list[Question]:
    """Generated questions offering the same options as an earlier question of their
    row: answering one would answer the other."""
    seen: set[tuple[str | None, int, frozenset[str]]] = set()
    found = []
    for q in questions:
        if not q.generated_from or not q.options:
            continue
        key = (q.generated_from, q.source_line, frozenset(o.text_md for o in q.options))
        if key in seen:
            found.append(q)
        seen.add(key)
    return found


def subjects_as_features(markdown: str, questions: list[Question]) -> list[tuple[Question, str]]:
    """Generated questions whose row names a compared subject (a transposed table read
    the wrong way round: "Which framework's FastAPI is …?"), with the row's label.

    The subjects are the ones the draft asks "What is X?" about and the compared things
    of every kept table (its header cells but the first). A row that only mentions one
    ("Requests-compatible API") is a feature."""
    lines = markdown.splitlines()
    names = {m.group(1) for q in questions if (m := _OPEN_SUBJECT.match(q.prompt_md))}
    for line, below in itertools.pairwise(lines):
        if line.startswith("|") and _TABLE_RULE.match(below.strip()):
            names.update(c.strip() for c in line.strip().strip("|").split("|")[1:])
    names.discard("")
    found = []
    for q in questions:
        if not q.generated_from or q.id.count("--") != 3:  # two-column rows are scenarios
            continue
        row_label = lines[q.source_line - 1].strip().strip("|").split("|")[0].strip()
        bare = re.sub(r"\s*\([^()]*\)", "", row_label)  # "HTTPX (sync)" is HTTPX
        if any(_names(n, row_label) or _names(n, bare) for n in names):
            found.append((q, row_label))
    return found


def _names(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def question_defects(question: Question) -> list[tuple[str, str]]:
    """Each defect of one question, with the text that shows it."""
    found: list[tuple[str, str]] = []
    options = question.options
    if question.kind in ("single", "multiple"):
        if not any(o.correct for o in options):
            found.append(("unanswerable", "no right option"))
        seen: dict[str, bool] = {}
        for option in options:
            key = " ".join(option.text_md.casefold().split())
            if key in seen and seen[key] != option.correct:
                found.append(("unanswerable", f"right and wrong alike: {option.text_md}"))
            seen[key] = option.correct
        if len(options) < 2:
            found.append(("one option", question.prompt_md))
        if len(options) > MAX_OPTIONS:
            found.append(("> 5 options", f"{len(options)} options: {question.prompt_md}"))
    for option in options:
        if len(option.text_md) > MAX_OPTION_CHARS:
            found.append(("option > 160 chars", option.text_md[:80] + "…"))
        if any(mark in option.text_md for mark in STATUS_MARKS) or emoji.emoji_count(
            option.text_md
        ):
            found.append(("emoji or mark in option", option.text_md))
    shown = [question.prompt_md, *(o.text_md for o in options)]
    for text in shown:
        if _MARKUP.search(_CODE_SPAN.sub("", text)):
            found.append(("markup or U+FFFD", text))
    learner_facing = [
        question.explanation_md,
        *question.answers,
        *(p for point in question.key_points for p in point),
    ]
    found += [("markup or U+FFFD", t) for t in learner_facing if "\ufffd" in t]
    for point in question.key_points:
        if any(_says_nothing(p) for p in point):
            found.append(("empty key point", " | ".join(point)))
    for text in [question.prompt_md, *(p for point in question.key_points for p in point)]:
        if _URL.search(text) or _FRONT_MATTER_KEY.search(text):
            found.append(("front matter or URL", text))
    return found


def _says_nothing(phrasing: str) -> bool:
    """ "here", "the system", "that store": a key point phrasing that is no claim."""
    words = phrasing.lower().split()
    return not words or (
        " ".join(words) in _EMPTY_POINTS or (words[0] in _LEADS and len(words) <= 2)
    )


def _found(quality: Quality, defect: str, where: str, text: str) -> None:
    quality.defects[defect] += 1
    quality.examples.append(f"{defect}: {where}: {' '.join(text.split())[:120]}")
