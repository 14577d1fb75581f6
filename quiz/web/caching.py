"""Every cache of the app's speed work, in one place, and the conventions behind it.

**Prebuilt statements.** Statements are built once, at import, with ``sa.bindparam``
placeholders (``@functools.cache`` per *shape* where the filters vary, such as a scope
with or without a topic: ``quiz/practice/scope.py``); building a select and its cache
key per request cost more than running it. Pages read them as labelled columns into
dataclasses (``quiz.database.FieldColumns``), not ORM objects.

**Kept parts.** :func:`cached_part` keeps a rendered part of the logged-in learner's
page (the dashboard's summary, the progress page's content) per process;
:func:`shared_part` one that is the same for every learner (the interview start
form's fields).
:func:`engine_cache` keeps data read from one database (the bank overview, a learner's
past days of activity). :func:`memoised_url_for` memoises template URLs.

An entry is good for one *stamp* and until one instant. The stamp is read from the
database on every request (so several app servers never serve each other's stale
copies): it must change whenever anything the part shows changes in the database. The
instant is when time alone would change it (a card falling due, the learner's day
ending). Nothing is written to disk; each app keeps at most ``size`` learners per page,
the least recently viewed going first. Parts carrying a CSRF token are never cached.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from quiz.extensions import db
from quiz.models import Attempt, AttemptSummary, Bank

LEARNERS_PER_PAGE = 256
T = TypeVar("T")


class StampedCache:
    """A bounded LRU map: key -> (stamp, expires at or None, value)."""

    def __init__(self, size: int = LEARNERS_PER_PAGE):
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, datetime | None, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: Hashable, now: datetime | None = None) -> Any | None:
        """The value stored for ``key`` under this ``stamp``, unless expired by ``now``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_stamp, expires, value = entry
            if stored_stamp != stamp or (expires is not None and (now is None or now >= expires)):
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, stamp: Hashable, expires: datetime | None, value: Any) -> None:
        with self._lock:
            self._entries[key] = (stamp, expires, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get_or_build(
        self,
        key: Hashable,
        stamp: Hashable,
        now: datetime | None,
        build: Callable[[], T],
        expires: Callable[[T], datetime | None] | datetime | None = None,
    ) -> T:
        """The value kept for ``key`` under ``stamp`` (see :meth:`get`), else ``build()``
        it and keep it until ``expires`` (an instant, or a function of the built value
        giving one; None: never)."""
        value = self.get(key, stamp, now)
        if value is None:
            value = build()
            until = expires(value) if callable(expires) else expires
            self.put(key, stamp, until, value)
        return value

    def __len__(self) -> int:
        return len(self._entries)


def page_cache(name: str) -> StampedCache:
    """The current app's cache of one page part (one per app: tests run several apps)."""
    caches = current_app.extensions.get("page_caches")
    if caches is None:
        caches = current_app.extensions["page_caches"] = {}
    cache = caches.get(name)
    if cache is None:
        cache = caches[name] = StampedCache()
    return cache


# Every change to what the bank overview reads comes with a change of one of these
# columns: a publish (import, upload, restore of a version) bumps the bank's version,
# retiring and restoring a bank flip ``retired``, and a bank whose file is gone has its
# questions hidden and its content_hash cleared (quiz/bank_store/files.py). Banks are
# never deleted.
CATALOG_STAMP = sa.select(Bank.id, Bank.version, Bank.retired, Bank.content_hash).order_by(Bank.id)


def catalog_stamp(session: Session) -> tuple:
    """Changes whenever a bank is published, retired, restored or loses its file.

    Read from the database, so a cache keyed by it is right across app servers.
    """
    return tuple(map(tuple, session.connection().execute(CATALOG_STAMP)))


# What a learner's own attempts stamp on a page, for a select run with ``user_id`` and
# selecting from ATTEMPT_SUMS. Attempts are only ever added: their count (from the
# per-question summary the triggers keep; counting the attempts themselves read every
# one of the learner's rows, 1-2.4 ms at 10,000) and the largest id see a new one, even
# one committed out of id order. The only later changes that show: an "I was right"
# override (set once, never cleared) and a corrected checklist, which may be saved again
# and again (each one counted). The three sums in one pass over the summary: three
# scalar subqueries read it three times (0.21 against 0.12 ms for the whole stamp at 250
# questions seen).
ATTEMPT_SUMS = (
    sa.select(
        sa.func.sum(AttemptSummary.attempts).label("attempts"),
        sa.func.sum(AttemptSummary.overrides).label("overrides"),
        sa.func.sum(AttemptSummary.corrections).label("corrections"),
    )
    .where(AttemptSummary.user_id == sa.bindparam("user_id"))
    .subquery("attempt_sums")
)
ATTEMPTS_STAMP = (
    ATTEMPT_SUMS.c.attempts,
    sa.select(sa.func.max(Attempt.id))
    .where(Attempt.user_id == sa.bindparam("user_id"))
    .scalar_subquery(),
    ATTEMPT_SUMS.c.overrides,
    ATTEMPT_SUMS.c.corrections,
)


def learner_stamp(session: Session, own_rows: tuple) -> tuple:
    """The stamp of a part of the logged-in learner's page: their time zone, the script
    root its URLs carry, the catalog, and ``own_rows`` (the stamp of their own rows).

    Read it before the data, so data newer than the stamp is at worst computed again.
    """
    return (current_user.timezone, request.script_root, catalog_stamp(session), own_rows)


def cached_part(
    name: str, own_rows: tuple, now: datetime, build: Callable[[], tuple[T, datetime | None]]
) -> T:
    """The logged-in learner's part ``name`` of a page, as kept under
    :func:`learner_stamp` (``own_rows``: the stamp of their own rows, read before the
    data), else ``build()`` it: the part, and the instant time alone changes it (None:
    never)."""
    stamp = learner_stamp(db.session, own_rows)
    built = page_cache(name).get_or_build(current_user.id, stamp, now, build, expires=_built_until)
    return built[0]


def shared_part(name: str, key: Hashable, stamp: Hashable, build: Callable[[], T]) -> T:
    """A part the same for every learner with the same ``key`` (a form's fields without
    its CSRF token, say), kept under ``stamp`` (read from the database by the caller),
    else ``build()`` it."""
    return page_cache(name).get_or_build(key, stamp, None, build)


def _built_until(built: tuple[Any, datetime | None]) -> datetime | None:
    """A built part's instant time alone changes it (a part is kept with it)."""
    return built[1]


# per database (engine) of this process, as tests run several apps over several databases
_engine_caches: weakref.WeakKeyDictionary[sa.Engine, dict[str, StampedCache]] = (
    weakref.WeakKeyDictionary()
)


def engine_cache(engine: sa.Engine, name: str, size: int = LEARNERS_PER_PAGE) -> StampedCache:
    """This process's cache ``name`` of data read from the database of ``engine``."""
    caches = _engine_caches.get(engine)
    if caches is None:
        caches = _engine_caches[engine] = {}
    cache = caches.get(name)
    if cache is None:
        cache = caches[name] = StampedCache(size)
    return cache


def clear_engine_caches() -> None:
    """Forget every :func:`engine_cache` (tests that change the database behind them)."""
    _engine_caches.clear()


_MEMO_SIZE = 20_000


def memoised_url_for(max_size: int = _MEMO_SIZE) -> Callable[..., str]:
    """``url_for`` for templates, memoised for one app.

    A page builds 20 to 100 URLs, most of them the same on every request (the menu,
    per-topic links); werkzeug builds each in 3-5 µs. The memo holds relative URLs of
    absolute endpoint names only: such a URL depends on nothing but the endpoint, its
    arguments and the script root (no url_defaults function is registered; a test checks).
    """
    urls: dict[tuple, str] = {}

    def template_url_for(endpoint: str, **values) -> str:
        if endpoint.startswith(".") or any(name.startswith("_") for name in values):
            return url_for(endpoint, **values)  # relative endpoint, _external, _anchor...
        try:
            key = (request.script_root, endpoint, *sorted(values.items()))
            return urls[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable argument
            return url_for(endpoint, **values)
        url = url_for(endpoint, **values)
        if len(urls) >= max_size:
            urls.clear()
        urls[key] = url
        return url

    return template_url_for
