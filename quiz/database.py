"""Surviving SQLite's single writer: retry a write transaction that waited too long.

SQLite lets one connection write at a time; others wait up to SQLITE_BUSY_TIMEOUT_MS
(a PRAGMA set in create_app), then fail with "database is locked" (a long import can
hold the lock longer). Such a failure rolled the whole transaction back, so running it
again is safe; work done this way must be idempotent (recording an answer is: one
attempt per served question).

Also: a commit that keeps the request's loaded objects (commit_keeping_loaded).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session

T = TypeVar("T")
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
