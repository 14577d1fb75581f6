"""Rendered parts of a learner's pages, kept per process while nothing they show changed.

An entry is good for one *stamp* and until one instant. The stamp is read from the
database on every request (so several app servers never serve each other's stale
copies): it must change whenever anything the part shows changes in the database. The
instant is when time alone would change it (a card falling due, the learner's day
ending). Nothing is written to disk; each app keeps at most ``size`` learners per page,
the least recently viewed going first. Parts carrying a CSRF token are never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import Any

from flask import current_app, request
from flask_login import current_user
from sqlalchemy.orm import Session

from quiz.bank_store.catalog import catalog_stamp

LEARNERS_PER_PAGE = 256


class StampedCache:
    """A bounded LRU map: key -> (stamp, expires at or None, value)."""

    def __init__(self, size: int = LEARNERS_PER_PAGE):
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, datetime | None, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, stamp: Hashable, now: datetime) -> Any | None:
        """The value stored for ``key`` under this ``stamp``, unless expired by ``now``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_stamp, expires, value = entry
            if stored_stamp != stamp or (expires is not None and now >= expires):
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


def learner_stamp(session: Session, own_rows: tuple) -> tuple:
    """The stamp of a part of the logged-in learner's page: their time zone, the script
    root its URLs carry, the catalog, and ``own_rows`` (the stamp of their own rows).

    Read it before the data, so data newer than the stamp is at worst computed again.
    """
    return (current_user.timezone, request.script_root, catalog_stamp(session), own_rows)
