"""What every grader shares: the ``Grade``, the registry behind ``grade`` and
``@grader("kind")``, and the right answers shown on feedback. Plain Python, no Flask; the contract a
grader keeps with learner input is in the package docstring (``quiz/scoring``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from quiz.banks.model import Question

Verdict = Literal["right", "partial", "wrong"]
Response: TypeAlias = Sequence[int] | str


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``verdict`` always agrees with ``score``: right when 1, wrong when 0, else partial
    (use :meth:`from_score` to build one without repeating that rule).
    """

    score: float  # 0.0 .. 1.0
    verdict: Verdict
    covered: tuple[int, ...] = ()  # open: indices of key points covered
    missed: tuple[int, ...] = ()  # open: indices of key points missed
    matched: str | None = None  # short: the accepted answer that matched (original spelling)
    # open: per key point (in bank order), the learner's words that matched it, empty if
    # it was missed; shown in feedback so the learner sees why a point counted
    key_point_words: tuple[tuple[str, ...], ...] = ()
    negated: tuple[int, ...] = ()  # open: key points mentioned only in a denied clause
    keyword_list: bool = False  # open: a bare list of keywords, so capped at partial credit
    # open: indices of the misconceptions the answer asserts (each caps the score), and
    # per misconception the learner's words that asserted it
    misconceptions: tuple[int, ...] = ()
    misconception_words: tuple[tuple[str, ...], ...] = ()
    grader: str = "key points"  # open: which grader scored it ("key points" or "model: NAME")
    # open, model grader: its one-line reason per key point and per misconception
    point_reasons: tuple[str, ...] = ()
    misconception_reasons: tuple[str, ...] = ()
    # open: key points the answer states the opposite way round ("faster" for "slower"),
    # or denies in an answer that denies as many points as it makes; each is read as a
    # misconception (caps the score) and listed in ``negated`` too
    contradicted: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score must be within 0..1, got {self.score!r}")
        if self.verdict != verdict_for(self.score):
            raise ValueError(f"verdict {self.verdict!r} does not match score {self.score!r}")

    @classmethod
    def from_score(
        cls,
        score: float,
        *,
        covered: tuple[int, ...] = (),
        missed: tuple[int, ...] = (),
        matched: str | None = None,
        key_point_words: tuple[tuple[str, ...], ...] = (),
        negated: tuple[int, ...] = (),
        keyword_list: bool = False,
        misconceptions: tuple[int, ...] = (),
        misconception_words: tuple[tuple[str, ...], ...] = (),
        grader: str = "key points",
        point_reasons: tuple[str, ...] = (),
        misconception_reasons: tuple[str, ...] = (),
        contradicted: tuple[int, ...] = (),
    ) -> Grade:
        score = min(1.0, max(0.0, float(score)))
        return cls(
            score,
            verdict_for(score),
            covered,
            missed,
            matched,
            key_point_words,
            negated,
            keyword_list,
            misconceptions,
            misconception_words,
            grader,
            point_reasons,
            misconception_reasons,
            contradicted,
        )

    def detail(self) -> dict[str, object]:
        """JSON-ready detail of the grade for storing with an attempt. The keys
        ``covered``, ``missed`` and ``matched`` are the ones result pages always read."""
        return {
            "covered": list(self.covered),
            "missed": list(self.missed),
            "matched": self.matched,
            "key_point_words": [list(words) for words in self.key_point_words],
            "negated": list(self.negated),
            "keyword_list": self.keyword_list,
            "misconceptions": list(self.misconceptions),
            "misconception_words": [list(words) for words in self.misconception_words],
            "grader": self.grader,
            "point_reasons": list(self.point_reasons),
            "misconception_reasons": list(self.misconception_reasons),
            "contradicted": list(self.contradicted),
        }


def verdict_for(score: float) -> Verdict:
    if score >= 1.0:
        return "right"
    if score <= 0.0:
        return "wrong"
    return "partial"


Grader = Callable[[Question, Response], Grade]
GRADERS: dict[str, Grader] = {}


def grader(kind: str) -> Callable[[Grader], Grader]:
    """Register the decorated function as the grader of questions of ``kind``."""

    def register(fn: Grader) -> Grader:
        if kind in GRADERS:
            raise ValueError(f"a grader for kind {kind!r} is already registered")
        GRADERS[kind] = fn
        return fn

    return register


def grade(question: Question, response: Response) -> Grade:
    """Grade ``response`` to ``question``; raises ``ValueError`` for an unknown kind only."""
    try:
        fn = GRADERS[question.kind]
    except KeyError:
        raise ValueError(f"no grader for question kind {question.kind!r}") from None
    return fn(question, response)


# --------------------------------------------------------------------------- text


def correct_answers(question: Question) -> list[str]:
    """What to show as the correct answer(s) on a feedback page.

    single / multiple: the Markdown text of the correct options, in file order;
    short: the accepted answers (the first one is canonical); open: the first
    phrasing of each key point.
    """
    match question.kind:
        case "single" | "multiple":
            return [o.text_md for o in question.options if o.correct]
        case "short":
            return list(question.answers)
        case "open":
            return [kp[0] for kp in question.key_points if kp]
    raise ValueError(f"unknown question kind {question.kind!r}")
