"""What the interview start page reads about the learner, in one statement: the
interview in progress (expired first if its time is up), its question count, and the
banks of their latest interview, which the form ticks."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from quiz.interview.service import expire_if_due
from quiz.models import Interview, InterviewItem, InterviewState

_latest = aliased(Interview)  # not the one in progress the statement reads beside it
_LAST_BANKS = (
    sa.select(_latest.bank_ids)
    .where(_latest.user_id == sa.bindparam("user_id"))
    .order_by(_latest.started_at.desc(), _latest.id.desc())
    .limit(1)
    .scalar_subquery()
)
_QUESTION_COUNT = (
    sa.select(sa.func.count(InterviewItem.id))
    .where(InterviewItem.interview_id == Interview.id)
    .scalar_subquery()
)
# outer-joined to one row: the latest banks are read with or without an interview
_START_STATE = sa.select(Interview, _QUESTION_COUNT, _LAST_BANKS).select_from(
    sa.select(sa.literal(1).label("one"))
    .subquery("one_row")
    .outerjoin(
        Interview,
        (Interview.user_id == sa.bindparam("user_id"))
        & (Interview.state == InterviewState.IN_PROGRESS),
    )
)


@dataclass(frozen=True)
class StartState:
    active: Interview | None  # the interview in progress
    question_count: int  # its questions (0 without one)
    last_bank_ids: list[int] | None  # the banks of the latest interview (None before any)

    def banks_to_offer(self, bank_ids: Collection[int]) -> list[int]:
        """The banks the start form ticks: those of the learner's last interview still
        offered (``bank_ids``), else every one (a first interview, or its banks all gone)."""
        kept = [bank_id for bank_id in (self.last_bank_ids or []) if bank_id in bank_ids]
        return kept or list(bank_ids)


def start_state(session: Session, user_id: int, now: datetime) -> StartState:
    """The learner's start page state; an interview in progress past its deadline is
    finished as expired first (as :func:`quiz.interview.service.active_interview`)."""
    interview, count, last = session.execute(_START_STATE, {"user_id": user_id}).one()
    if interview is not None and expire_if_due(session, interview, now):
        interview = None
    return StartState(interview, count if interview is not None else 0, last)
