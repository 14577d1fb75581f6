"""URLs for templates without building each one through the URL map.

A list of 50 rows spent more time in url_for (werkzeug builds, quotes and joins each
URL) than in the rest of its row. ``id_url`` gives exactly url_for's result; the memo of
every other template URL is in ``quiz/web/caching.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for

_HOLE = 1_234_567_891  # an id no URL part is made of by chance; within the id range


def id_url(endpoint: str, name: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{name: n})`` for any integer ``n``, from one url_for call.

    The ``id`` and ``int`` converters write an integer as ``str(n)``, so the URL of any
    id is that of a placeholder id with the placeholder replaced.
    """
    head, tail = url_for(endpoint, **{name: _HOLE}).split(str(_HOLE))
    return lambda value: f"{head}{int(value)}{tail}"
