"""Read-side queries over the imported banks."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.database import FieldColumns
from quiz.models import Bank, Question, Topic


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


# Every change to what bank_overview reads comes with a change of one of these columns:
# a publish (import, upload, restore of a version) bumps the bank's version, retiring
# and restoring a bank flip ``retired``, and a bank whose file is gone has its questions
# hidden and its content_hash cleared (quiz/bank_store/files.py). Banks are never deleted.
CATALOG_STAMP = sa.select(Bank.id, Bank.version, Bank.retired, Bank.content_hash).order_by(Bank.id)

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

# per database (engine) of this process: the stamp the overview was read under, and it
_overviews: weakref.WeakKeyDictionary[sa.Engine, tuple[tuple, tuple[BankSummary, ...]]] = (
    weakref.WeakKeyDictionary()
)


def catalog_stamp(session: Session) -> tuple:
    """Changes whenever a bank is published, retired, restored or loses its file.

    Read from the database, so a cache keyed by it is right across app servers.
    """
    return tuple(map(tuple, session.connection().execute(CATALOG_STAMP)))


def bank_overview(session: Session, stamp: tuple | None = None) -> list[BankSummary]:
    """Banks with their live topics and question counts.

    One small query (the catalog stamp) while no bank changed, else three; ``stamp``
    is a :func:`catalog_stamp` the caller already read in this request.
    """
    connection = session.connection()
    if stamp is None:
        stamp = catalog_stamp(session)
    cached = _overviews.get(connection.engine)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    overview = read_bank_overview(connection)
    _overviews[connection.engine] = (stamp, overview)
    return list(overview)


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
