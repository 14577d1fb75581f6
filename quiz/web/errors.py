"""Friendly error pages: a stale form or a missing page is explained, never a bare 500."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, g, render_template, request
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quiz.database import discard_session, is_connection_lost, is_lock_timeout
from quiz.extensions import db

PLAIN_TEXT = {"Content-Type": "text/plain; charset=utf-8"}
RETRY_AFTER_SECONDS = 5  # what a 503 asks clients to wait
DATABASE_AWAY = (
    "The database cannot be reached right now, so nothing was saved. Please try again in a minute."
)


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
        # Reached also when another error page failed, e.g. while loading the nav's user
        # from a database that just went away: that is a 503, never a bare 500.
        original = getattr(error, "original_exception", None) or error
        if is_connection_lost(original) or is_lock_timeout(original):
            discard_session(db.session)
            return unavailable_page("Temporarily unavailable", DATABASE_AWAY)
        discard_session(db.session)
        try:
            return render_template(
                "errors/error.html",
                title="Something went wrong",
                message="The error was logged. If you were sending an answer, open the "
                "question again: it shows whether the answer was recorded.",
            ), 500
        except Exception:  # this page must never fail itself
            app.logger.exception("the error page failed")
            return "Something went wrong. The error was logged.", 500, PLAIN_TEXT

    @app.errorhandler(sa.exc.DBAPIError)
    def database_unavailable(error: sa.exc.DBAPIError):
        if not (is_lock_timeout(error) or is_connection_lost(error)):
            raise error
        discard_session(db.session)  # the transaction was rolled back: nothing of it was saved
        if is_lock_timeout(error):
            title = "Busy, please retry"
            message = (
                "The database was busy (a question bank may be importing), so this "
                "request was not saved. Try again in a moment."
            )
        else:
            app.logger.warning("database unavailable: %s", error.__class__.__name__)
            title = "Temporarily unavailable"
            message = DATABASE_AWAY
        return unavailable_page(title, message)


def unavailable_page(title: str, message: str):
    """A 503 page rendered without the database: no user lookup, no flashed messages."""
    g._login_user = AnonymousUserMixin()  # Flask-Login then never loads the user
    typed_answer = request.form.get("answer", "") if request.method == "POST" else ""
    body = render_template(
        "errors/unavailable.html",
        title=title,
        message=message,
        typed_answer=typed_answer,
        back=same_site_referrer() if request.method == "POST" else request.full_path,
    )
    return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
