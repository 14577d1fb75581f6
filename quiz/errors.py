"""Friendly error pages: a stale form or a missing page is explained, never a bare 500."""

from __future__ import annotations

from flask import Flask, abort, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from quiz.extensions import db


class DatabaseIdConverter(IntegerConverter):
    """A row id in a URL: out of the database's integer range is simply not found."""

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=2**31 - 1)


def reject_nul_characters():
    """PostgreSQL refuses NUL in text; no legitimate request carries one."""
    values = [request.path, *request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400, "The request contained a NUL character.")


def register_error_handlers(app: Flask) -> None:
    app.url_map.converters["id"] = DatabaseIdConverter
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
            "errors/error.html", title="Form expired", message=message, back=request.referrer
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
            message="The error was logged. Nothing you did was lost.",
        ), 500
