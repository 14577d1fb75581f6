"""URLs for templates without building each one through the URL map.

A list of 50 rows spent more time in url_for (werkzeug builds, quotes and joins each
URL) than in the rest of its row. Both helpers give exactly url_for's result.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request, url_for

_HOLE = 1_234_567_891  # an id no URL part is made of by chance; within the id range
_MEMO_SIZE = 20_000


def id_url(endpoint: str, name: str) -> Callable[[int], str]:
    """``url_for(endpoint, **{name: n})`` for any integer ``n``, from one url_for call.

    The ``id`` and ``int`` converters write an integer as ``str(n)``, so the URL of any
    id is that of a placeholder id with the placeholder replaced.
    """
    head, tail = url_for(endpoint, **{name: _HOLE}).split(str(_HOLE))
    return lambda value: f"{head}{int(value)}{tail}"


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
