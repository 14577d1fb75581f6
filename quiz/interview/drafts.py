"""Interview drafts: what the page autosaves while the learner types, so nothing is lost.

A draft lives on its item (``draft``, ``draft_saved_at``) next to the answer saved
with a button (``answer``, ``saved_at``). Whichever was stored last is the item's
answer: the question page shows it and :func:`effective_answer` is what gets graded,
also when the deadline finishes the interview. Every function takes ``now``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Interview, InterviewItem, InterviewState

EMPTY = (None, "", [])


def draft_is_newer(item: InterviewItem) -> bool:
    """The autosaved draft came after the last explicit save (or there was none)."""
    if item.draft_saved_at is None:
        return False
    return item.saved_at is None or item.draft_saved_at > item.saved_at


def effective_answer(item: InterviewItem) -> tuple[Any, bool]:
    """(the answer to grade or show, whether it comes from an autosaved draft)."""
    if draft_is_newer(item):
        return item.draft, item.draft not in EMPTY
    return item.answer, False


class DraftSaved:
    SAVED = "saved"
    LATE = "late"  # after the deadline: refused
    CLOSED = "closed"  # the interview is over or the item already graded


def save_draft(
    session: Session,
    interview: Interview,
    item: InterviewItem,
    response: list[int] | str | None,
    now: datetime,
) -> str:
    """Store ``response`` as the item's draft, only while the interview is open.

    One conditional UPDATE: a draft racing the deadline or the finish is refused, never
    half-stored. An empty response is kept too (the learner cleared the field).
    """
    if interview.state != InterviewState.IN_PROGRESS:
        return DraftSaved.CLOSED
    if now >= interview.deadline:
        return DraftSaved.LATE
    value = sa.null() if response in EMPTY else response
    updated = update_open_item(session, interview, item, now, draft=value, draft_saved_at=now)
    session.commit()
    return DraftSaved.SAVED if updated else DraftSaved.CLOSED


def update_open_item(
    session: Session, interview: Interview, item: InterviewItem, now: datetime, **values: Any
) -> bool:
    """Set ``values`` on an unanswered item, in one conditional UPDATE that also checks,
    in the database, that its interview is still running and not past its deadline (a
    finish racing this request wins). Whether the row was updated; the caller commits."""
    still_open = sa.select(Interview.id).where(
        Interview.id == interview.id,
        Interview.state == InterviewState.IN_PROGRESS,
        Interview.deadline > now,
    )
    updated = session.execute(
        sa.update(InterviewItem)
        .where(
            InterviewItem.id == item.id,
            InterviewItem.attempt_id.is_(None),
            InterviewItem.interview_id.in_(still_open),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    return updated == 1
