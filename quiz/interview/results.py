"""What interviews leave behind: a finished interview's report and the learner's history.

The report (:func:`build_report`) lists every item with the answer against the right
one, scores per topic and the weakest topics to drill; :func:`history` lists past
interviews and :func:`graded_scores` feeds the score trend. Also how durations and the
countdown are written. Running an interview (start, save, finish) is
``quiz.interview.service``; this module only reads what it stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from quiz.interview.service import active_interview, is_answered
from quiz.models import Attempt, Bank, Interview, InterviewItem, Question, Topic
from quiz.practice.answers import AnswerView, answer_view
from quiz.practice.session_rules import ScoreTally

WEAKEST_TOPICS = 3


# ---------------------------------------------------------------------------- report


@dataclass
class ItemReport:
    item: InterviewItem
    question: Question
    attempt: Attempt | None
    answered: bool
    score: float
    view: AnswerView


@dataclass
class TopicReport(ScoreTally):
    topic: Topic
    bank: Bank
    scores: list[float] = field(default_factory=list)


@dataclass
class Report:
    interview: Interview
    items: list[ItemReport]
    topics: list[TopicReport]
    weakest: list[TopicReport]
    score: float
    total_time_ms: int
    open_to_rate: int


def load_items(session: Session, interview: Interview) -> list[InterviewItem]:
    return list(
        session.scalars(
            sa.select(InterviewItem)
            .where(InterviewItem.interview_id == interview.id)
            .order_by(InterviewItem.position)
            .options(
                selectinload(InterviewItem.question).selectinload(Question.topic),
                selectinload(InterviewItem.question).selectinload(Question.bank),
                selectinload(InterviewItem.attempt),
            )
        )
    )


def build_report(session: Session, interview: Interview) -> Report:
    items: list[ItemReport] = []
    topics: dict[int, TopicReport] = {}
    for item in load_items(session, interview):
        question, attempt = item.question, item.attempt
        score = attempt.score if attempt is not None else 0.0
        answer = attempt.answer if attempt is not None else item.answer
        items.append(
            ItemReport(
                item=item,
                question=question,
                attempt=attempt,
                answered=is_answered(item),
                score=score,
                # an answered open question's checklist comes with its attempt
                view=answer_view(question, answer, attempt.detail if attempt else {}, attempt),
            )
        )
        topic = topics.setdefault(question.topic_id, TopicReport(question.topic, question.bank))
        topic.scores.append(score)
    ordered = sorted(topics.values(), key=lambda t: (t.bank.title, t.topic.position))
    weak = [t for t in ordered if t.score < 1.0]
    weakest = sorted(weak, key=lambda t: (t.score, -t.count, t.topic.title))[:WEAKEST_TOPICS]
    scores = [i.score for i in items]
    return Report(
        interview=interview,
        items=items,
        topics=ordered,
        weakest=weakest,
        score=sum(scores) / len(scores) if scores else 0.0,
        total_time_ms=sum(i.item.time_spent_ms for i in items),
        open_to_rate=sum(
            1
            for i in items
            if i.question.kind == "open" and i.attempt is not None and i.attempt.self_rating is None
        ),
    )


def attempt_for_position(
    session: Session, interview: Interview, position: int
) -> tuple[InterviewItem, Attempt] | None:
    item = session.scalar(
        sa.select(InterviewItem).where(
            InterviewItem.interview_id == interview.id, InterviewItem.position == position
        )
    )
    if item is None or item.attempt is None:
        return None
    return item, item.attempt


# --------------------------------------------------------------------------- history


@dataclass
class HistoryRow:
    interview: Interview
    bank_titles: list[str]
    questions: int
    duration_ms: int | None  # rounded once, where it is shown (duration_text)


def history(session: Session, user_id: int, now: datetime) -> list[HistoryRow]:
    """The learner's interviews, newest first (an overdue one is expired first)."""
    active_interview(session, user_id, now)
    interviews = list(
        session.scalars(
            sa.select(Interview)
            .where(Interview.user_id == user_id)
            .order_by(Interview.started_at.desc(), Interview.id.desc())
        )
    )
    titles = dict(session.execute(sa.select(Bank.id, Bank.title)).all())
    counts = dict(
        session.execute(
            sa.select(InterviewItem.interview_id, sa.func.count(InterviewItem.id))
            .join(Interview, Interview.id == InterviewItem.interview_id)
            .where(Interview.user_id == user_id)
            .group_by(InterviewItem.interview_id)
        ).all()
    )
    rows = []
    for interview in interviews:
        duration = None
        if interview.finished_at is not None:
            elapsed = interview.finished_at - interview.started_at
            duration = elapsed // timedelta(milliseconds=1)
        rows.append(
            HistoryRow(
                interview=interview,
                bank_titles=[titles.get(b, "(removed bank)") for b in interview.bank_ids],
                questions=counts.get(interview.id, 0),
                duration_ms=duration,
            )
        )
    return rows


def graded_scores(rows: Sequence[HistoryRow], last: int = 30) -> list[tuple[datetime, float]]:
    """(when, score) of the last graded interviews, oldest first, for the trend chart:
    when it started, the moment the history table dates it by, so the two agree."""
    graded = [r.interview for r in rows if r.interview.score is not None][:last]
    return [(i.started_at, i.score) for i in reversed(graded)]


def clock_text(seconds: int) -> str:
    """A countdown as M:SS, or H:MM:SS from an hour up."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
