"""The URLs of url_for for long lists, without building each one through the URL map.

A list of 50 rows spent more time in url_for (werkzeug builds, quotes and joins each
URL) than in the rest of its row. Both helpers give exactly url_for's result.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request, url_for

_HOLE = 1_234_567_891  # an id no URL part is made of by chance; within the id range
_MEMO_SIZE = 4096


def id_url(endpoint: str, name: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{name: n})`` for any integer ``n``, from one url_for call.

    The ``id`` and ``int`` converters write an integer as ``str(n)``, so the URL of any
    id is that of a placeholder id with the placeholder replaced.
    """
    head, tail = url_for(endpoint, **{name: _HOLE}).split(str(_HOLE))
    return lambda value: f"{head}{int(value)}{tail}"


def kept_url(endpoint: str, **values: str) -> str:
    """``url_for(endpoint, **values)``, kept per app for the request's script root.

    Such a URL depends on nothing else: no url_defaults function is registered (a test
    checks), and these URLs are never external.
    """
    memo = current_app.extensions.get("kept_urls")
    if memo is None:
        memo = current_app.extensions["kept_urls"] = {}
    key = (request.script_root, endpoint, *values.items())
    url = memo.get(key)
    if url is None:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        url = memo[key] = url_for(endpoint, **values)
    return url
