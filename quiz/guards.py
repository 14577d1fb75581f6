"""Request guards: checks every request passes before any view runs.

Row ids in URLs go through the ``id`` converter, so an id outside the database's
integer range is a plain 404 (PostgreSQL would otherwise raise on it), and any request
carrying a NUL character is refused with a 400 (PostgreSQL refuses NUL in text).
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter


class DatabaseIdConverter(IntegerConverter):
    """A row id in a URL: out of the database's integer range is simply not found."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=2**31 - 1)


def reject_nul_characters():
    """PostgreSQL refuses NUL in text; no legitimate request carries one."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400, "The request contained a NUL character.")


def register_guards(app: Flask) -> None:
    app.url_map.converters["id"] = DatabaseIdConverter
    app.before_request(reject_nul_characters)
