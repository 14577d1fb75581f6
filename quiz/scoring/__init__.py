"""Grading answers against a question: one grader per question kind, in a registry.

Plain Python, no Flask. ``grade(question, response)`` looks up ``GRADERS[question.kind]``;
a new kind plugs in with ``@grader("kind")``.

A response is what the learner submitted:

* single / multiple: a sequence of option indices into ``question.options`` (file
  order, not the shuffled order shown on the page);
* short / open: the typed text.

Graders never raise on learner input: indices out of range (including negative ones)
or of the wrong type are ignored, a duplicated index counts once, and a response of
the wrong type scores 0. Only an unknown question kind raises (``ValueError``), since
that is a programming or import error, not something a learner can cause.
"""

from . import choices, open_answers, short  # noqa: F401  (each registers its graders)
from .grades import (
    GRADERS,
    Grade,
    Grader,
    Response,
    Verdict,
    correct_answers,
    grade,
    grader,
    verdict_for,
)
from .normalise import normalise_answer

__all__ = [
    "GRADERS",
    "Grade",
    "Grader",
    "Response",
    "Verdict",
    "correct_answers",
    "grade",
    "grader",
    "normalise_answer",
    "verdict_for",
]
