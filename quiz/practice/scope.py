"""The serving rules practice and the review queue share (plain Python over SQLAlchemy).

What a session draws from (:class:`Scope`: a bank or every bank, a topic, and the mode
that orders it), which questions are live in it (:func:`in_scope_bound`), and never the
question just answered twice in a row (:func:`first_not`). ``quiz.practice.serving``
orders practice with these and ``quiz.review.queue`` orders reviews; neither imports
the other for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

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


# Statements are built once per scope shape (which of bank and topic are set), with
# placeholders for the values: building and cache-keying a statement per request cost
# more than running it. Run them with :func:`scope_params`.


def scope_shape(scope: Scope) -> tuple[bool, bool]:
    """Which of the scope's bank and topic are set: what a prebuilt statement varies by."""
    return scope.bank_id is not None, scope.topic_id is not None


def scope_params(scope: Scope, prefix: str = "") -> dict[str, Any]:
    """The values of the placeholders of :func:`in_scope_bound` and
    :func:`scope_equals_bound` (``bank_id``, ``topic_id``, ``mode``, after ``prefix``)."""
    return {
        f"{prefix}bank_id": scope.bank_id,
        f"{prefix}topic_id": scope.topic_id,
        f"{prefix}mode": scope.mode,
    }


def scope_equals_bound(
    table, has_bank: bool, has_topic: bool, prefix: str = ""
) -> list[sa.ColumnElement[bool]]:
    """Rows of exactly this scope: a table's mode, bank and topic columns equal to the
    placeholders, where an unset bank or topic is matched by IS NULL. An UPDATE of that
    table needs a ``prefix``: its columns' own names are reserved for the SET clause."""
    return [
        table.mode == sa.bindparam(f"{prefix}mode"),
        table.bank_id == sa.bindparam(f"{prefix}bank_id") if has_bank else table.bank_id.is_(None),
        table.topic_id == sa.bindparam(f"{prefix}topic_id")
        if has_topic
        else table.topic_id.is_(None),
    ]


@cache
def in_scope_bound(has_bank: bool, has_topic: bool) -> tuple[sa.ColumnElement[bool], ...]:
    """Live questions of the scope's bank (or every bank) and topic, for a scope of this
    shape."""
    filters: list[sa.ColumnElement[bool]] = [~Question.retired]
    if has_bank:
        filters.append(Question.bank_id == sa.bindparam("bank_id"))
    if has_topic:
        filters.append(Question.topic_id == sa.bindparam("topic_id"))
    return tuple(filters)


class HasId(Protocol):
    id: int


Candidate = TypeVar("Candidate", bound=HasId)


def first_not(candidates: list[Candidate], exclude_id: int | None) -> Candidate | None:
    """The first candidate other than the question just answered, unless it is the only one."""
    for question in candidates:
        if question.id != exclude_id:
            return question
    return candidates[0] if candidates else None
