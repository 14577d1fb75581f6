"""Friendly error pages: a stale form or a missing page is explained, never a bare 500."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from quiz.extensions import db

MAX_DATABASE_INT = 2**31 - 1  # PostgreSQL's INTEGER; SQLite's is wider


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


def same_site_referrer() -> str | None:
    """The Referer, only when it is a page of this site (never echo a foreign URL)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def reject_nul_characters():
    """PostgreSQL refuses NUL in text; no legitimate request carries one."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400, "The request contained a NUL character.")


def register_error_handlers(app: Flask) -> None:
    app.url_map.converters["id"] = DatabaseIdConverter
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(reject_nul_characters)

    @app.errorhandler(400)
    def bad_request(error):
        return render_template(
            "errors/error.html", title="Bad request", message=error.description
        ), 400

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = (
            "This form has expired or was not sent by this site, so nothing was saved. "
            "Go back, reload the page and try again."
        )
        return render_template(
            "errors/error.html", title="Form expired", message=message, back=same_site_referrer()
        ), 400

    @app.errorhandler(404)
    def not_found(error):
        return render_template(
            "errors/error.html",
            title="Not found",
            message="There is nothing here, or it is not yours to see.",
        ), 404

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()  # the page itself reads the session (the nav's user)
        return render_template(
            "errors/error.html",
            title="Something went wrong",
            message="The error was logged. If you were sending an answer, open the "
            "question again: it shows whether the answer was recorded.",
        ), 500
