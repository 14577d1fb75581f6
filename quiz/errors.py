"""Friendly error pages: a stale form or a missing page is explained, never a bare 500."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from quiz.extensions import db


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
            "errors/error.html", title="Form expired", message=message, back=request.referrer
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
            message="The error was logged. Nothing you did was lost.",
        ), 500
