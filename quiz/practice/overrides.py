""" "I was right": a learner overrules the grader on a typed answer judged wrong.

The override is its own column (``Attempt.overridden_at``): ``score`` and ``verdict``
stay what the grader said, so item analysis can compare the two, while progress
counts an overridden attempt as right (``Attempt.credited_score``) and the review
schedule is replayed with the attempt rated as a right answer (an open question keeps
a self-rating the learner chose, which already said how well they knew it; a default
one follows the score). A corrected checklist (quiz/practice/corrections.py)
generalises this; an override wins over it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Attempt
from quiz.practice.corrections import rerate

OVERRIDABLE_KINDS = frozenset({"short", "open"})
DONE, ALREADY, REFUSED = "done", "already", "refused"
OVERRIDE_MESSAGES = {
    DONE: "Marked as right. It counts as right in your progress and your review schedule; "
    "the automatic score is kept.",
    ALREADY: "You already marked this answer as right.",
    REFUSED: "Only a typed answer judged wrong or partly right can be marked as right.",
}


def can_override(attempt: Attempt) -> bool:
    return (
        attempt.question.kind in OVERRIDABLE_KINDS
        and attempt.verdict != "right"
        and attempt.answer not in ("", None)  # "I don't know" cannot have been right
    )


def override(session: Session, attempt: Attempt, now: datetime) -> str:
    """Record the override once (a conditional UPDATE: a double submit does it once)."""
    if attempt.overridden_at is not None:
        return ALREADY
    if not can_override(attempt):
        return REFUSED
    updated = session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.overridden_at.is_(None))
        .values(overridden_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if updated == 1:
        session.refresh(attempt)
        rerate(session, attempt)
    session.commit()
    session.refresh(attempt)
    return DONE if updated == 1 else ALREADY
