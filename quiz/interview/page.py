"""What the interview question page shows, read in one prebuilt Core statement.

The page showed an ORM Interview with its ~10 InterviewItems and the Question with its
Bank and Topic: loading those objects (and decoding every JSON column: the bank's
meta, the question's spec, every item's option order, answer and draft) cost more
than the rest of the page. It only shows the interview's deadline, which positions are
answered, and the current item's question and answer: plain values, read here as
columns into frozen dataclasses. The rare paths (the deadline passed) load the ORM
Interview themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.database import FieldColumns
from quiz.interview.drafts import EMPTY
from quiz.models import Bank, Interview, InterviewItem, Question, Topic


@dataclass(frozen=True, slots=True)
class InterviewView:
    """The interview as the page (and ``move_to``, ``elsewhere``) use it."""

    id: int
    state: str
    deadline: datetime
    current_position: int


@dataclass(frozen=True, slots=True)
class ItemView:
    """The item on the page: its answer as ``drafts.effective_answer`` gives it."""

    position: int
    option_order: list[int]
    answer: Any  # the effective answer: the newer of the saved answer and the draft
    autosaved: bool  # it comes from an autosaved draft (and is not empty)


@dataclass(frozen=True, slots=True)
class QuestionOnPage:
    kind: str
    prompt_html: str
    options_html: list[str]
    bank_title: str
    topic_title: str


@dataclass(frozen=True, slots=True)
class QuestionPage:
    interview: InterviewView
    item: ItemView
    question: QuestionOnPage
    total: int
    answered: frozenset[int]  # positions whose effective answer is not empty


_here = InterviewItem.position == sa.bindparam("position")
# drafts.draft_is_newer in SQL (UTCDateTime values compare in order on every backend)
_draft_is_newer = sa.and_(
    InterviewItem.draft_saved_at.is_not(None),
    sa.or_(InterviewItem.saved_at.is_(None), InterviewItem.draft_saved_at > InterviewItem.saved_at),
)

INTERVIEW_COLUMNS = FieldColumns(
    InterviewView,
    prefix="interview_",
    id=Interview.id,
    state=Interview.state,
    deadline=sa.case((_here, Interview.deadline)),
    current_position=Interview.current_position,
)
QUESTION_ON_PAGE_COLUMNS = FieldColumns(
    QuestionOnPage,
    prefix="question_",
    kind=Question.kind,
    prompt_html=Question.prompt_html,
    options_html=Question.options_html,
    bank_title=Bank.title,
    topic_title=Topic.title,
)

# One row per item of the learner's interview, in order. The interview's deadline, the
# item's option order and its question (with its bank's and topic's titles) are read
# on the row of the page's position only (NULL elsewhere: nothing to decode).
QUESTION_PAGE = (
    sa.select(
        *INTERVIEW_COLUMNS,
        InterviewItem.position.label("position"),
        _draft_is_newer.label("newer"),
        sa.case((_draft_is_newer, InterviewItem.draft), else_=InterviewItem.answer).label("answer"),
        sa.case((_here, InterviewItem.option_order)).label("option_order"),
        *QUESTION_ON_PAGE_COLUMNS,
    )
    .select_from(Interview)
    .join(InterviewItem, InterviewItem.interview_id == Interview.id)
    .outerjoin(Question, sa.and_(Question.id == InterviewItem.question_id, _here))
    .outerjoin(Bank, Bank.id == Question.bank_id)
    .outerjoin(Topic, Topic.id == Question.topic_id)
    .where(
        Interview.id == sa.bindparam("interview_id"), Interview.user_id == sa.bindparam("user_id")
    )
    .order_by(InterviewItem.position)
)


def question_page(
    session: Session, user_id: int, interview_id: int, position: int
) -> QuestionPage | None:
    """The page of the learner's interview at ``position``; None when the interview is
    someone else's or missing, or has no item there (exactly as ``service.item_at``)."""
    rows = (
        session.connection()
        .execute(
            QUESTION_PAGE,
            {"interview_id": interview_id, "user_id": user_id, "position": position},
        )
        .all()
    )
    if not 1 <= position <= len(rows):
        return None
    here = rows[position - 1]
    if here.position != position:
        return None
    answered = frozenset(row.position for row in rows if row.answer not in EMPTY)
    answer = here.answer
    autosaved = bool(here.newer) and answer not in EMPTY
    return QuestionPage(
        interview=INTERVIEW_COLUMNS.read(here),
        item=ItemView(position, here.option_order, answer, autosaved),
        question=QUESTION_ON_PAGE_COLUMNS.read(here),
        total=len(rows),
        answered=answered,
    )
