"""Read-side queries over the imported banks."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.database import FieldColumns
from quiz.models import Bank, Question, Topic
from quiz.web.caching import catalog_stamp, engine_cache


@dataclass(frozen=True)
class TopicSummary:
    id: int
    slug: str
    title: str
    questions: int


@dataclass(frozen=True)
class BankSummary:
    id: int
    slug: str
    title: str
    description: str
    topics: tuple[TopicSummary, ...] = field(default=())

    @property
    def questions(self) -> int:
        return sum(t.questions for t in self.topics)


BANK_SUMMARY_COLUMNS = FieldColumns(
    BankSummary,
    given=("topics",),
    id=Bank.id,
    slug=Bank.slug,
    title=Bank.title,
    description=Bank.description,
)
TOPIC_SUMMARY_COLUMNS = FieldColumns(
    TopicSummary,
    id=Topic.id,
    slug=Topic.slug,
    title=Topic.title,
    questions=sa.func.count(Question.id),
)
_BANKS = sa.select(*BANK_SUMMARY_COLUMNS).order_by(Bank.title)
_TOPICS = (
    sa.select(*TOPIC_SUMMARY_COLUMNS, Topic.bank_id.label("bank_id"))
    .join(Question, (Question.topic_id == Topic.id) & ~Question.retired)
    .where(~Topic.retired)
    .group_by(Topic.id, Topic.bank_id, Topic.slug, Topic.title, Topic.position)
    .order_by(Topic.bank_id, Topic.position)
)


def bank_overview(session: Session, stamp: tuple | None = None) -> list[BankSummary]:
    """Banks with their live topics and question counts.

    One small query (the catalog stamp) while no bank changed, else three; ``stamp``
    is a :func:`catalog_stamp` the caller already read in this request.
    """
    connection = session.connection()
    if stamp is None:
        stamp = catalog_stamp(session)
    cache = engine_cache(connection.engine, "bank overview", size=1)
    return list(cache.get_or_build("banks", stamp, None, lambda: read_bank_overview(connection)))


def read_bank_overview(connection: sa.Connection) -> tuple[BankSummary, ...]:
    """Banks with their live topics and question counts, in two queries."""
    # columns, not Bank objects: a page needs four fields, not the JSON meta of each bank
    banks = list(connection.execute(_BANKS))
    topics: dict[int, list[TopicSummary]] = {bank.id: [] for bank in banks}
    for row in connection.execute(_TOPICS):
        topics[row.bank_id].append(TOPIC_SUMMARY_COLUMNS.read(row))
    return tuple(
        BANK_SUMMARY_COLUMNS.read(bank, topics=tuple(topics[bank.id]))
        for bank in banks
        if topics[bank.id]
    )
