"""The serving rules practice and the review queue share (plain Python over SQLAlchemy).

What a session draws from (:class:`Scope`: a bank or every bank, a topic, and the mode
that orders it), which questions are live in it (:func:`in_scope`), and never the
question just answered twice in a row (:func:`first_not`). ``quiz.practice.service``
orders practice with these and ``quiz.review.queue`` orders reviews; neither imports
the other for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

import sqlalchemy as sa

from quiz.models import Question


@dataclass(frozen=True)
class Scope:
    """What a session draws from, and how.

    ``practice``: a bank or topic, unseen questions first. ``review``: due cards, then
    new questions from weak topics, over one bank or all (``bank_id`` None). ``drill``:
    one topic's due and weakest questions.
    """

    bank_id: int | None
    topic_id: int | None = None
    mode: str = "practice"


def equals_or_null(column, value) -> sa.ColumnElement[bool]:
    """``column = value``, where ``None`` means "no bank/topic", matched by IS NULL."""
    return column.is_(None) if value is None else column == value


def in_scope(scope: Scope) -> list[sa.ColumnElement[bool]]:
    """Live questions of the scope's bank (or every bank) and topic."""
    filters = [~Question.retired]
    if scope.bank_id is not None:
        filters.append(Question.bank_id == scope.bank_id)
    if scope.topic_id is not None:
        filters.append(Question.topic_id == scope.topic_id)
    return filters


class HasId(Protocol):
    id: int


Candidate = TypeVar("Candidate", bound=HasId)


def first_not(candidates: list[Candidate], exclude_id: int | None) -> Candidate | None:
    """The first candidate other than the question just answered, unless it is the only one."""
    for question in candidates:
        if question.id != exclude_id:
            return question
    return candidates[0] if candidates else None
