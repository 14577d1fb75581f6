"""A learner's progress per bank and topic, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.catalog import bank_overview
from quiz.models import Attempt, AttemptSummary, Question, Topic, headline_of
from quiz.web.caching import ATTEMPTS_STAMP


@dataclass
class TopicProgress:
    id: int
    slug: str
    title: str
    total: int
    seen: int = 0
    attempts: int = 0
    score_sum: float = 0.0
    last_practised: datetime | None = None

    @property
    def accuracy(self) -> float | None:
        return self.score_sum / self.attempts if self.attempts else None


@dataclass
class BankProgress:
    slug: str
    title: str
    topics: list[TopicProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.topics)

    @property
    def seen(self) -> int:
        return sum(t.seen for t in self.topics)

    @property
    def attempts(self) -> int:
        return sum(t.attempts for t in self.topics)

    @property
    def accuracy(self) -> float | None:
        return sum(t.score_sum for t in self.topics) / self.attempts if self.attempts else None

    @property
    def last_practised(self) -> datetime | None:
        return max((t.last_practised for t in self.topics if t.last_practised), default=None)


# built once: building a select per request cost more than running it. Per question
# from the summary the triggers keep, not per attempt: grouping every attempt took
# 4 ms at 10,000 of them.
_TOPIC_TOTALS = (
    sa.select(
        Question.topic_id,
        sa.func.count(),
        sa.func.sum(AttemptSummary.attempts),
        # "I was right" overrides count as right, corrected checklists as corrected (the
        # automatic score is kept apart): Attempt.credited_score, summed by the triggers
        sa.func.sum(AttemptSummary.credited_sum),
        sa.func.max(AttemptSummary.last_at),
    )
    .join(Question, Question.id == AttemptSummary.question_id)
    .where(AttemptSummary.user_id == sa.bindparam("user_id"), ~Question.retired)
    .group_by(Question.topic_id)
)


def progress_report(session: Session, user_id: int) -> list[BankProgress]:
    topics: dict[int, TopicProgress] = {}
    banks = []
    for bank in bank_overview(session):
        progress = BankProgress(bank.slug, bank.title)
        for t in bank.topics:
            topics[t.id] = TopicProgress(t.id, t.slug, t.title, t.questions)
            progress.topics.append(topics[t.id])
        banks.append(progress)
    rows = session.connection().execute(_TOPIC_TOTALS, {"user_id": user_id})
    for topic_id, seen, attempts, score_sum, last in rows:
        if topic_id in topics:
            topic = topics[topic_id]
            topic.seen, topic.attempts, topic.score_sum = seen, attempts, float(score_sum)
            topic.last_practised = last
    return banks


@dataclass
class RecentAttempt:
    id: int
    question_id: int
    verdict: str
    score: float
    created_at: datetime
    headline: str
    topic_title: str
    retired: bool


# columns, not Attempt and Question objects: each row shows a handful of fields, and
# loading a Question decodes its whole parsed spec
_RECENT = (
    sa.select(
        Attempt.id,
        Attempt.question_id,
        Attempt.verdict,
        Attempt.score,
        Attempt.created_at,
        Question.prompt_md_column(),
        Topic.title,
        Question.retired,
    )
    .join(Question, Question.id == Attempt.question_id)
    .join(Topic, Topic.id == Question.topic_id)
    .where(Attempt.user_id == sa.bindparam("user_id"))
    .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    .limit(sa.bindparam("limit"))
)


def recent_attempts(session: Session, user_id: int, limit: int = 20) -> list[RecentAttempt]:
    rows = session.connection().execute(_RECENT, {"user_id": user_id, "limit": limit})
    return [
        RecentAttempt(id, question_id, verdict, score, at, headline_of(md), topic, retired)
        for id, question_id, verdict, score, at, md, topic, retired in rows
    ]


_PROGRESS_STAMP = sa.select(*ATTEMPTS_STAMP)


def progress_stamp(session: Session, user_id: int) -> tuple:
    """Changes whenever the learner's attempts change what the progress page shows.

    Attempts are only ever added (their count and largest id see a new one, even one
    committed out of id order); the only later changes that show here are an "I was
    right" override, set once and never cleared, and a corrected checklist, which the
    count of corrections saved sees each time. Banks, topics and questions have their
    own stamp, :func:`quiz.bank_store.catalog.catalog_stamp`.
    """
    return tuple(session.connection().execute(_PROGRESS_STAMP, {"user_id": user_id}).one())
