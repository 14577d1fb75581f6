"""Request guards: checks every request passes before any view runs.

Row ids in URLs go through the ``id`` converter and every other integer URL part through
a bounded ``int``, so a number outside the database's integer range is a plain 404
(PostgreSQL and SQLite would otherwise raise on it), and any request
carrying a NUL character is refused with a 400 (PostgreSQL refuses NUL in text).
Integers in query strings, forms and cookies go through :func:`quiz.database.database_int`,
the one parser for them.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

from quiz.database import MAX_DATABASE_INT


class DatabaseIdConverter(IntegerConverter):
    """A row id in a URL: out of the database's integer range is simply not found."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=MAX_DATABASE_INT)


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>`: any integer URL part beyond what the database holds is not found."""

    def __init__(self, url_map, min=0, max=MAX_DATABASE_INT, **kwargs):
        # the arguments are named like the rule's (`<int(max=9):n>`), shadowing min()/max()
        upper = MAX_DATABASE_INT if max is None or max > MAX_DATABASE_INT else max
        super().__init__(url_map, min=min, max=upper, **kwargs)


def reject_nul_characters():
    """PostgreSQL refuses NUL in text; no legitimate request carries one."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400, "The request contained a NUL character.")


def register_guards(app: Flask) -> None:
    app.url_map.converters["id"] = DatabaseIdConverter
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(reject_nul_characters)
