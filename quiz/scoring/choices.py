"""Graders for single-choice and multiple-select questions."""

from __future__ import annotations

from collections.abc import Sequence

from quiz.banks.model import Question

from .grades import Grade, Response, grader


def selected_options(question: Question, response: object) -> set[int] | None:
    """The valid, distinct option indices in ``response``; None if it is no sequence."""
    if isinstance(response, str | bytes | bytearray) or not isinstance(
        response, Sequence | set | frozenset
    ):
        return None
    n = len(question.options)
    return {i for i in response if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n}


@grader("single")
def grade_single(question: Question, response: Response) -> Grade:
    """1 when exactly one option is selected and it is correct, else 0."""
    picked = selected_options(question, response)
    if picked is None or len(picked) != 1:
        return Grade.from_score(0.0)
    (index,) = picked
    return Grade.from_score(1.0 if question.options[index].correct else 0.0)


@grader("multiple")
def grade_multiple(question: Question, response: Response) -> Grade:
    """right picked / right options - wrong picked / wrong options, never below 0.

    Ticking every box therefore earns 0, and each wrong tick costs as much of the
    score as the share of wrong options it is (the bank format's rule)."""
    picked = selected_options(question, response)
    right_total = sum(1 for o in question.options if o.correct)
    wrong_total = len(question.options) - right_total
    if not picked:
        return Grade.from_score(0.0)
    right = sum(1 for i in picked if question.options[i].correct)
    return Grade.from_score(
        multiple_select_score(right, right_total, len(picked) - right, wrong_total)
    )


def multiple_select_score(right: int, right_total: int, wrong: int, wrong_total: int) -> float:
    """A multiple-select score from the counts: ``right`` of the ``right_total`` right
    options picked, ``wrong`` of the ``wrong_total`` wrong ones (see :func:`grade_multiple`)."""
    if right_total <= 0:
        return 0.0
    penalty = wrong / wrong_total if wrong_total else 0.0
    return max(0.0, right / right_total - penalty)
