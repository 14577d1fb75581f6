"""Read-side queries over the imported banks."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Bank, Question, Topic


@dataclass
class TopicSummary:
    id: int
    slug: str
    title: str
    questions: int


@dataclass
class BankSummary:
    id: int
    slug: str
    title: str
    description: str
    topics: list[TopicSummary] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return sum(t.questions for t in self.topics)


def bank_overview(session: Session) -> list[BankSummary]:
    """Banks with their live topics and question counts, in two queries."""
    # columns, not Bank objects: a page needs four fields, not the JSON meta of each bank
    banks = {
        bank_id: BankSummary(bank_id, slug, title, description)
        for bank_id, slug, title, description in session.execute(
            sa.select(Bank.id, Bank.slug, Bank.title, Bank.description).order_by(Bank.title)
        )
    }
    rows = session.execute(
        sa.select(Topic.id, Topic.bank_id, Topic.slug, Topic.title, sa.func.count(Question.id))
        .join(Question, (Question.topic_id == Topic.id) & ~Question.retired)
        .where(~Topic.retired)
        .group_by(Topic.id, Topic.bank_id, Topic.slug, Topic.title, Topic.position)
        .order_by(Topic.bank_id, Topic.position)
    )
    for topic_id, bank_id, slug, title, count in rows:
        banks[bank_id].topics.append(TopicSummary(topic_id, slug, title, count))
    return [b for b in banks.values() if b.topics]
