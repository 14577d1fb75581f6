"""Mock interviews: start, save answers, finish. Views call these; no request objects.

Every function that depends on the time takes ``now``; views pass :func:`now`, which
tests replace (``monkeypatch.setattr("quiz.interview.service.now", ...)``).

Lifecycle (``InterviewState``): ``in_progress`` → ``finished`` (the learner finished),
``expired`` (the deadline passed; finished with what was saved, the next time anything
touches the interview) or ``abandoned`` (given up to start another one; not graded).
Every state change is a conditional UPDATE from ``in_progress``, so a double submit or
a race does the work once.

At finish every item becomes an ordinary :class:`Attempt` (mode ``"interview"``) that
feeds the review schedule like practice does. An unanswered item is recorded as a
wrong attempt with an empty answer (for an open question with the self-rating Again),
so a question the learner could not answer comes back soon in review.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from quiz.banks.model import CHOICE_KINDS
from quiz.banks.model import Question as QuestionSpec
from quiz.config import model_grader_settings
from quiz.interview.drafts import effective_answer, update_open_item
from quiz.interview.selection import Candidate, select_questions, topic_weight
from quiz.models import (
    Interview,
    InterviewItem,
    InterviewState,
    Question,
    Topic,
    utcnow,
)
from quiz.practice.answers import graded_attempt
from quiz.review.cards import review_attempt
from quiz.review.mastery import topic_masteries
from quiz.scheduling.schedule import AGAIN
from quiz.scoring.model_grader import prefetch

MIN_QUESTIONS, MAX_QUESTIONS, DEFAULT_QUESTIONS = 5, 50, 10
SECONDS_PER_QUESTION = 90
MIN_MINUTES, MAX_MINUTES = 1, 300


def now() -> datetime:
    """The one clock of this module (tests replace it)."""
    return utcnow()


class NoQuestions(Exception):
    """The chosen banks have no live questions."""


class InterviewInProgress(Exception):
    """The learner already has an interview in progress (``interview``; None if it just ended)."""

    def __init__(self, interview: Interview | None):
        super().__init__("an interview is already in progress")
        self.interview = interview


@dataclass(frozen=True)
class Started:
    interview: Interview
    asked: int
    drawn: int

    @property
    def shortfall(self) -> bool:
        return self.drawn < self.asked


# ------------------------------------------------------------------ lookups and expiry


# Built once: building a select per request cost more than running it (~50 µs).
_OWN_INTERVIEW = sa.select(Interview).where(
    Interview.id == sa.bindparam("interview_id"), Interview.user_id == sa.bindparam("user_id")
)


def own_interview(session: Session, user_id: int, interview_id: int) -> Interview | None:
    """The learner's interview; someone else's is None, exactly like a missing one."""
    return session.scalar(_OWN_INTERVIEW, {"interview_id": interview_id, "user_id": user_id})


def expire_if_due(session: Session, interview: Interview, now: datetime) -> bool:
    """Finish an in-progress interview past its deadline as ``expired``; True if it was."""
    if interview.state == InterviewState.IN_PROGRESS and now >= interview.deadline:
        finish(session, interview, now, state=InterviewState.EXPIRED)
        session.refresh(interview)
        return True
    return False


# built once (quiz/web/caching.py explains why): the start page reads these every time
_ACTIVE = sa.select(Interview).where(
    Interview.user_id == sa.bindparam("user_id"), Interview.state == InterviewState.IN_PROGRESS
)
_QUESTION_COUNT = sa.select(sa.func.count(InterviewItem.id)).where(
    InterviewItem.interview_id == sa.bindparam("interview_id")
)


def active_interview(session: Session, user_id: int, now: datetime) -> Interview | None:
    """The learner's interview in progress, after expiring it if its time is up."""
    interview = session.scalar(_ACTIVE, {"user_id": user_id})
    if interview is None or expire_if_due(session, interview, now):
        return None
    return interview


def question_count(session: Session, interview: Interview) -> int:
    """How many questions the interview has, without loading them."""
    return session.connection().execute(_QUESTION_COUNT, {"interview_id": interview.id}).scalar()


def remaining_seconds(interview: Interview, now: datetime) -> int:
    return max(0, int((interview.deadline - now).total_seconds()))


# ------------------------------------------------------------------------------ start


def live_questions(session: Session, bank_ids: Collection[int]) -> list[Question]:
    return list(
        session.scalars(
            sa.select(Question)
            .join(Topic, Topic.id == Question.topic_id)
            .where(Question.bank_id.in_(bank_ids), ~Question.retired, ~Topic.retired)
            .order_by(Question.id)
        )
    )


def topic_weights(
    session: Session, user_id: int, now: datetime, bank_ids: Collection[int]
) -> dict[int, float]:
    """Weight per topic: 1 + 2 × (1 − mastery) + 1 when a review of the topic is due."""
    return {
        t.topic_id: topic_weight(t.mastery, t.due)
        for t in topic_masteries(session, user_id, now, bank_ids)
    }


def start_interview(
    session: Session,
    user_id: int,
    bank_ids: Collection[int],
    count: int,
    time_limit_seconds: int | None,
    now: datetime,
    rng: random.Random | None = None,
) -> Started:
    """Draw the questions and store the interview with its fixed deadline.

    Raises :class:`InterviewInProgress` when the learner has one already (the partial
    unique index catches two starts racing) and :class:`NoQuestions`.
    """
    active = active_interview(session, user_id, now)
    if active is not None:
        raise InterviewInProgress(active)
    bank_ids = sorted(set(bank_ids))
    questions = {q.id: q for q in live_questions(session, bank_ids)}
    if not questions:
        raise NoQuestions
    rng = rng or random.Random(secrets.randbits(64))
    picked = select_questions(
        [Candidate(q.id, q.kind, q.topic_id) for q in questions.values()],
        topic_weights(session, user_id, now, bank_ids),
        count,
        rng,
    )
    limit = time_limit_seconds or SECONDS_PER_QUESTION * len(picked)
    interview = Interview(
        user_id=user_id,
        state=InterviewState.IN_PROGRESS,
        bank_ids=bank_ids,
        time_limit_seconds=limit,
        started_at=now,
        deadline=now + timedelta(seconds=limit),
        current_position=1,
    )
    for position, candidate in enumerate(picked, 1):
        question = questions[candidate.question_id]
        order = list(range(len(question.options_html)))
        if question.kind in CHOICE_KINDS:
            rng.shuffle(order)
        interview.items.append(
            InterviewItem(
                position=position,
                question_id=question.id,
                content_hash=question.content_hash,
                option_order=order,
                time_spent_ms=0,
            )
        )
    session.add(interview)
    try:
        session.commit()
    except sa.exc.IntegrityError:  # another start won the race for "one in progress"
        session.rollback()
        raise InterviewInProgress(active_interview(session, user_id, now)) from None
    return Started(interview, asked=count, drawn=len(picked))


def abandon(session: Session, interview: Interview, now: datetime) -> bool:
    """Give up an interview in progress (nothing is graded); True if this call did it."""
    updated = session.execute(
        sa.update(Interview)
        .where(Interview.id == interview.id, Interview.state == InterviewState.IN_PROGRESS)
        .values(state=InterviewState.ABANDONED, finished_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return updated == 1


# --------------------------------------------------------------------------- running


def item_at(interview: Interview, position: int) -> InterviewItem | None:
    if 1 <= position <= len(interview.items):
        item = interview.items[position - 1]
        if item.position == position:
            return item
    return None


def is_answered(item: InterviewItem) -> bool:
    """Saved or autosaved: what finishing would grade is not empty."""
    return effective_answer(item)[0] not in (None, "", [])


def unanswered_count(interview: Interview) -> int:
    return sum(1 for item in interview.items if not is_answered(item))


def options_in_order(options: list[str], option_order: list[int]) -> list[tuple[int, str]]:
    """(1-based position shown, option html) in an item's stored shuffled order."""
    order = [i for i in option_order if 0 <= i < len(options)]
    return [(pos, options[i]) for pos, i in enumerate(order, 1)]


def positions_of(answer: Any, option_order: list[int]) -> list[int]:
    """The 1-based positions on the page of the options in ``answer``, an item's saved
    (or autosaved) answer."""
    if not isinstance(answer, list):
        return []
    return [pos for pos, i in enumerate(option_order, 1) if i in answer]


def move_to(session: Session, interview: Interview, position: int) -> None:
    """Remember where the learner is, so a reload or another browser resumes there."""
    if interview.current_position != position:
        session.execute(
            sa.update(Interview)
            .where(Interview.id == interview.id, Interview.state == InterviewState.IN_PROGRESS)
            .values(current_position=position)
            .execution_options(synchronize_session=False)
        )
        session.commit()


class Saved:
    SAVED = "saved"
    LATE = "late"  # arrived after the deadline: refused, and the interview expired
    CLOSED = "closed"  # the interview is no longer in progress


def save_answer(
    session: Session,
    interview: Interview,
    item: InterviewItem,
    response: list[int] | str | None,
    shown_at: datetime | None,
    now: datetime,
    *,
    keep_answer: bool = False,
) -> str:
    """Save ``response`` (None clears it) and add the time since the page was shown.

    ``keep_answer`` (Skip) only records the time. The time added is the part of
    ``[shown_at, now]`` after the item was last saved, so a replayed or double-submitted
    form never counts the same time twice; an unknown ``shown_at`` adds nothing.
    """
    if interview.state != InterviewState.IN_PROGRESS:
        return Saved.CLOSED
    if now >= interview.deadline:
        expire_if_due(session, interview, now)
        return Saved.LATE
    elapsed_ms = 0
    if shown_at is not None:
        start = max(shown_at, interview.started_at, item.saved_at or interview.started_at)
        elapsed_ms = max(0, int((now - start).total_seconds() * 1000))
    values: dict[str, Any] = {
        "time_spent_ms": InterviewItem.time_spent_ms + elapsed_ms,
        "saved_at": now,
    }
    if not keep_answer:
        values["answer"] = sa.null() if response in (None, "", []) else response
    updated = update_open_item(session, interview, item, now, **values)
    session.commit()
    return Saved.SAVED if updated else Saved.CLOSED


# ---------------------------------------------------------------------------- finish


def empty_response(kind: str) -> list[int] | str:
    return [] if kind in CHOICE_KINDS else ""


def _open_answers(session: Session, interview: Interview) -> list[tuple[QuestionSpec, str]]:
    """The interview's open answers still to grade, each with its question."""
    items = session.scalars(
        sa.select(InterviewItem)
        .where(InterviewItem.interview_id == interview.id, InterviewItem.attempt_id.is_(None))
        .options(selectinload(InterviewItem.question))
    ).all()
    answers = []
    for item in items:
        saved, _ = effective_answer(item)
        if item.question.kind == "open" and isinstance(saved, str) and saved:
            answers.append((item.question.to_spec(), saved))
    return answers


def finish(
    session: Session, interview: Interview, now: datetime, state: str = InterviewState.FINISHED
) -> bool:
    """Grade every item into an Attempt and feed the schedule; True if this call did it.

    The conditional UPDATE ``in_progress → state`` lets exactly one caller through, so a
    double submit (or the deadline and the learner finishing at once) grades once.

    With a model grader configured, its verdicts on every open answer are asked for
    first, all at once within one timeout and before the UPDATE takes the write lock, so
    no other learner's answer waits on the model; grading then uses what arrived and
    the key-point grader for the rest.
    """
    ended = min(now, interview.deadline)
    model = model_grader_settings()
    if model is not None and interview.state == InterviewState.IN_PROGRESS:
        prefetch(_open_answers(session, interview), model)
    updated = session.execute(
        sa.update(Interview)
        .where(Interview.id == interview.id, Interview.state == InterviewState.IN_PROGRESS)
        .values(state=state, finished_at=ended)
        .execution_options(synchronize_session=False)
    ).rowcount
    if updated != 1:
        session.rollback()
        return False
    items = session.scalars(
        sa.select(InterviewItem)
        .where(InterviewItem.interview_id == interview.id, InterviewItem.attempt_id.is_(None))
        .order_by(InterviewItem.position)
        .options(selectinload(InterviewItem.question))
        .with_for_update(of=InterviewItem)
        .execution_options(populate_existing=True)
    ).all()
    scores = []
    for item in items:
        question = item.question
        saved, autosaved = effective_answer(item)  # the latest draft counts: nothing is lost
        answered = saved not in (None, "", [])
        response = saved if answered else empty_response(question.kind)
        attempt = graded_attempt(
            question,
            response,
            item.option_order,
            ask_model=False,  # asked above, before the lock: use what arrived in time
            extra_detail={
                "interview_id": interview.id,
                "position": item.position,
                "unanswered": not answered,
                "autosaved": autosaved,
            },
            user_id=interview.user_id,
            served_id=None,
            mode="interview",
            # nothing to rate for an open question left blank: it is simply not known
            self_rating=AGAIN if question.kind == "open" and not answered else None,
            time_taken_ms=item.time_spent_ms or None,
            created_at=now,
        )
        session.add(attempt)
        session.flush()
        review_attempt(session, attempt, question.kind, now)
        item.attempt_id = attempt.id
        scores.append(attempt.score)
    session.execute(
        sa.update(Interview)
        .where(Interview.id == interview.id)
        .values(score=sum(scores) / len(scores) if scores else 0.0)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.expire(interview)
    return True
