"""Friendly error pages: a stale form or a missing page is explained, never a bare 500."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quiz.extensions import db


def same_site_referrer() -> str | None:
    """The Referer, only when it is a page of this site (never echo a foreign URL)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def register_error_handlers(app: Flask) -> None:
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

    @app.errorhandler(405)
    def method_not_allowed(error):
        return (
            render_template(
                "errors/error.html",
                title="Not available here",
                message="This address does not work that way: use the page's own buttons "
                "(logging out, for one, is a button in the menu).",
            ),
            405,
            {"Allow": ", ".join(error.valid_methods or [])},
        )

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        # Every other status gets the same friendly page, with Werkzeug's own wording.
        if error.code is None or error.code < 400:
            return error
        return render_template(
            "errors/error.html", title=error.name, message=error.description
        ), error.code

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()  # the page itself reads the session (the nav's user)
        return render_template(
            "errors/error.html",
            title="Something went wrong",
            message="The error was logged. If you were sending an answer, open the "
            "question again: it shows whether the answer was recorded.",
        ), 500
