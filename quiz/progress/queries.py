"""A learner's progress per bank and topic, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.catalog import bank_overview
from quiz.database import FieldColumns
from quiz.models import Attempt, Question, Topic, headline_of
from quiz.review.mastery import CARD_SUMS, CARDS_STAMP, TopicAttempts, topic_attempts
from quiz.web.caching import ATTEMPT_SUMS, ATTEMPTS_STAMP


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


def progress_report(
    session: Session, user_id: int, answers: dict[int, TopicAttempts] | None = None
) -> list[BankProgress]:
    """Every bank's topics with the learner's answers (``answers``: their
    :func:`~quiz.review.mastery.topic_attempts`, when the caller has read them)."""
    if answers is None:
        answers = topic_attempts(session, user_id)
    banks = []
    for bank in bank_overview(session):
        progress = BankProgress(bank.slug, bank.title)
        for t in bank.topics:
            topic = TopicProgress(t.id, t.slug, t.title, t.questions)
            if t.id in answers:
                done = answers[t.id]
                topic.seen, topic.attempts, topic.score_sum = (
                    done.seen,
                    done.attempts,
                    done.credited_sum,
                )
                topic.last_practised = done.last_at
            progress.topics.append(topic)
        banks.append(progress)
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
RECENT_ATTEMPT_COLUMNS = FieldColumns(
    RecentAttempt,
    given=("headline",),
    id=Attempt.id,
    question_id=Attempt.question_id,
    verdict=Attempt.verdict,
    score=Attempt.score,
    created_at=Attempt.created_at,
    topic_title=Topic.title,
    retired=Question.retired,
)
_RECENT = (
    sa.select(*RECENT_ATTEMPT_COLUMNS, Question.prompt_md_column().label("prompt_md"))
    .join(Question, Question.id == Attempt.question_id)
    .join(Topic, Topic.id == Question.topic_id)
    .where(Attempt.user_id == sa.bindparam("user_id"))
    .order_by(Attempt.created_at.desc(), Attempt.id.desc())
    .limit(sa.bindparam("limit"))
)


def recent_attempts(session: Session, user_id: int, limit: int = 20) -> list[RecentAttempt]:
    rows = session.connection().execute(_RECENT, {"user_id": user_id, "limit": limit})
    return [RECENT_ATTEMPT_COLUMNS.read(row, headline=headline_of(row.prompt_md)) for row in rows]


_PROGRESS_STAMP = sa.select(*ATTEMPTS_STAMP, *CARDS_STAMP).select_from(
    ATTEMPT_SUMS.join(CARD_SUMS, sa.true())  # one row each
)


def progress_stamp(session: Session, user_id: int) -> tuple:
    """Changes whenever the learner's attempts or cards change what the progress page
    shows (its topics weakest first show due counts; its retention reads the reviews).

    Attempts are only ever added (their count and largest id see a new one, even one
    committed out of id order); the only later changes that show here are an "I was
    right" override, set once and never cleared, and a corrected checklist, which the
    count of corrections saved sees each time. Cards: see ``CARDS_STAMP``. Banks,
    topics and questions have their own stamp, :func:`quiz.bank_store.catalog.catalog_stamp`.
    """
    return tuple(session.connection().execute(_PROGRESS_STAMP, {"user_id": user_id}).one())
