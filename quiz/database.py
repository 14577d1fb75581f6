"""Surviving SQLite's single writer: retry a write transaction that waited too long.

SQLite lets one connection write at a time; others wait up to SQLITE_BUSY_TIMEOUT_MS
(a PRAGMA set in create_app), then fail with "database is locked" (a long import can
hold the lock longer). Such a failure rolled the whole transaction back, so running it
again is safe; work done this way must be idempotent (recording an answer is: one
attempt per served question).

Also: a commit that keeps the request's loaded objects (commit_keeping_loaded), rows
read into dataclasses by column name (FieldColumns), and SQL functions that SQLite and
PostgreSQL spell differently (epoch_seconds).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.sql.functions import FunctionElement

MAX_DATABASE_INT = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's is wider
ASCII_DIGITS = re.compile(r"[0-9]{1,10}")  # "²".isdigit() and "١٢".isdigit() are True


def database_int(value: str) -> int:
    """A non-negative integer the database can hold, from a query-string or form value.

    ASCII digits only, at most MAX_DATABASE_INT; anything else raises ValueError, so it
    serves as ``request.args.get(name, type=database_int)`` (None for a bad value).
    """
    if not ASCII_DIGITS.fullmatch(value) or int(value) > MAX_DATABASE_INT:
        raise ValueError(f"not an integer the database can hold: {value[:20]!r}")
    return int(value)


def optional_database_int(value: str | None) -> int | None:
    """:func:`database_int`, or None for a missing or bad value."""
    try:
        return database_int(value or "")
    except ValueError:
        return None


T = TypeVar("T")
D = TypeVar("D")
LOCK_RETRIES = 3
RETRY_PAUSE_SECONDS = 0.2


def is_lock_timeout(error: BaseException) -> bool:
    return isinstance(error, sa.exc.OperationalError) and "database is locked" in str(error)


def retry_when_locked(session: Session, work: Callable[[], T]) -> T:
    """Run ``work`` (which commits); when SQLite stayed locked, roll back and run it again."""
    for attempt in range(1, LOCK_RETRIES + 1):
        try:
            return work()
        except sa.exc.OperationalError as error:
            if not is_lock_timeout(error) or attempt == LOCK_RETRIES:
                raise
            session.rollback()
            time.sleep(RETRY_PAUSE_SECONDS * attempt)
    raise AssertionError("unreachable")


def commit_keeping_loaded(session: Session | scoped_session) -> None:
    """Commit without expiring what this request has loaded.

    A plain commit expires every loaded object, so a page rendered after it reads each
    of them again (the question just served, its bank, topic and session: five more
    statements). The session lives for one request, so nothing kept here goes stale
    beyond what the request itself read; a rollback still expires everything.
    """
    real = session() if isinstance(session, scoped_session) else session
    previous = real.expire_on_commit
    real.expire_on_commit = False
    try:
        real.commit()
    finally:
        real.expire_on_commit = previous


def is_connection_lost(error: BaseException) -> bool:
    """The database refused or dropped the connection (server down, restarting, gone)."""
    if isinstance(error, sa.exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError))


def discard_session(session: scoped_session) -> None:
    """Roll back and drop the request's session; a dead connection must not raise here."""
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        session.rollback()
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        session.remove()


class FieldColumns(Generic[D]):
    """A dataclass's fields as labelled columns of a select, and a row of it back as the
    dataclass, field by name: reordering or adding a select's columns cannot shift one
    field into another.

    ``columns`` maps each field read from the database to its column; each is labelled
    ``prefix`` + the field's name, so two dataclasses read in one row (a served question
    and its question) keep apart. ``given`` names the fields the caller passes to
    :meth:`read`. ``tests/app/test_rows.py`` checks that the two name every field exactly.
    Iterating gives the labelled columns: ``sa.select(*QUESTION_VIEW_COLUMNS, ...)``.
    """

    every: ClassVar[list[FieldColumns]] = []  # for the test

    def __init__(
        self, cls: type[D], *, prefix: str = "", given: tuple[str, ...] = (), **columns: Any
    ):
        self.cls = cls
        self.given = frozenset(given)
        self.names = tuple(columns)
        self.labels = tuple(prefix + name for name in self.names)
        self.columns = tuple(
            column.label(label) for column, label in zip(columns.values(), self.labels, strict=True)
        )
        self._fields = tuple(zip(self.names, self.labels, strict=True))
        FieldColumns.every.append(self)

    def __iter__(self) -> Iterator[sa.Label]:
        return iter(self.columns)

    def read(self, row: sa.Row, **given: Any) -> D:
        """The dataclass of ``row``'s columns labelled by this, plus the ``given`` fields."""
        mapping = row._mapping
        return self.cls(**{name: mapping[label] for name, label in self._fields}, **given)

    def is_null(self, row: sa.Row) -> bool:
        """Every column of this dataclass is NULL in ``row`` (an outer join matched none)."""
        mapping = row._mapping
        return all(mapping[label] is None for label in self.labels)


class epoch_seconds(FunctionElement):
    """Whole seconds since 1970 of a stored UTC time, on SQLite and PostgreSQL."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element, compiler, **kw):
    # SQLite stores 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; %s reads it as UTC but rounds
    # to the millisecond (23:59:59.9999 would be the next day), so drop the fraction.
    value = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('%s', substr({value}, 1, 19)) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element, compiler, **kw):
    return f"CAST(floor(extract(epoch FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"
