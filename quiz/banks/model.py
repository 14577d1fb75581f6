"""Dataclasses a parsed question bank is made of.

Plain Python, no Flask: the parser produces these, the importer stores them and the
graders in ``quiz.scoring`` score answers against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuestionKind = Literal["single", "multiple", "short", "open"]

# Longest ids and titles a bank may use; the database columns are sized from these.
MAX_BANK_ID = 100
MAX_TITLE = 300
MAX_TOPIC_SLUG = 200
MAX_QUESTION_ID = 200
KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "short", "open")
# the kinds answered by picking options (shuffled when served, marked on feedback)
CHOICE_KINDS: frozenset[QuestionKind] = frozenset({"single", "multiple"})


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a bank file, reported as ``FILE:LINE: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BankFormatError(Exception):
    """A bank file breaks the format; carries every error found, not just the first."""

    def __init__(self, errors: list[Diagnostic]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Option:
    """One choice of a single- or multiple-choice question (Markdown text)."""

    text_md: str
    correct: bool


@dataclass(frozen=True)
class Misconception:
    """A wrong claim candidates make, listed under an open question's ``Misconceptions:``.

    An answer that asserts it is capped (see ``quiz.scoring.open_answers``) and its
    feedback shows ``why_md``, the reason it is wrong.
    """

    phrasings: tuple[str, ...]
    why_md: str = ""


# An open answer asserting a misconception scores at most this, unless the bank's front
# matter sets ``misconception_cap``.
DEFAULT_MISCONCEPTION_CAP = 0.2


@dataclass
class Question:
    id: str
    kind: QuestionKind
    prompt_md: str
    topic_slug: str
    # single / multiple: the options in file order (shuffled per attempt when served)
    options: list[Option] = field(default_factory=list)
    # short: accepted answers, first one is the canonical answer shown to learners
    answers: list[str] = field(default_factory=list)
    # open: one entry per key point, each a list of accepted phrasings
    key_points: list[list[str]] = field(default_factory=list)
    # open: wrong claims that cap the score when an answer asserts one
    misconceptions: list[Misconception] = field(default_factory=list)
    misconception_cap: float = DEFAULT_MISCONCEPTION_CAP
    explanation_md: str = ""
    tags: list[str] = field(default_factory=list)
    difficulty: int | None = None
    source_line: int = 0
    # for questions made from a comparison table: "table:<line of the table>"
    generated_from: str | None = None


@dataclass
class Topic:
    slug: str
    title: str
    source_line: int = 0
    questions: list[Question] = field(default_factory=list)


@dataclass
class Bank:
    id: str
    title: str
    description: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    path: str = ""

    @property
    def questions(self) -> list[Question]:
        return [q for t in self.topics for q in t.questions]


@dataclass
class ParseResult:
    """What parsing one file gives: a bank when there are no errors, and diagnostics."""

    path: str
    bank: Bank | None
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
