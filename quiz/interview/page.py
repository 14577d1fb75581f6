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

# One row per item of the learner's interview, in order. The interview's deadline, the
# item's option order and its question (with its bank's and topic's titles) are read
# on the row of the page's position only (NULL elsewhere: nothing to decode).
QUESTION_PAGE = (
    sa.select(
        Interview.id,
        Interview.state,
        Interview.current_position,
        sa.case((_here, Interview.deadline)),
        InterviewItem.position,
        _draft_is_newer,
        sa.case((_draft_is_newer, InterviewItem.draft), else_=InterviewItem.answer),
        sa.case((_here, InterviewItem.option_order)),
        Question.kind,
        Question.prompt_html,
        Question.options_html,
        Bank.title,
        Topic.title,
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
    if here[4] != position:
        return None
    answered = frozenset(row[4] for row in rows if row[6] not in EMPTY)
    newer, answer = here[5], here[6]
    return QuestionPage(
        interview=InterviewView(here[0], here[1], here[3], here[2]),
        item=ItemView(position, here[7], answer, bool(newer) and answer not in EMPTY),
        question=QuestionOnPage(*here[8:]),
        total=len(rows),
        answered=answered,
    )
