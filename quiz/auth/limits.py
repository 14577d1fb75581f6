"""Brute-force limits on login and registration (Flask-Limiter).

One Limiter per app, so each app (each test) counts on its own; the count lives in
Redis when RATELIMIT_STORAGE_URI points there (REDIS_URL), shared by every worker and
every server, else in this process's memory.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from quiz.auth.identity import username_key


def login_account() -> str:
    """The account a login attempt is for, however its name is spelt."""
    return "account:" + username_key(request.form.get("username", ""))[:64]


def logged_in_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


def failed_login(response) -> bool:
    return response.status_code != 302  # a successful login redirects


def init_rate_limits(app: Flask) -> Limiter:
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    config = app.config
    views = app.view_functions
    views["auth.login"] = limiter.limit(
        config["LOGIN_LIMIT_PER_ACCOUNT"],
        key_func=login_account,
        methods=["POST"],
        deduct_when=failed_login,
        scope="login-account",
    )(
        limiter.limit(
            config["LOGIN_LIMIT_PER_ADDRESS"],
            methods=["POST"],
            deduct_when=failed_login,
            scope="login-address",
        )(views["auth.login"])
    )
    # the current password is guessed there too, so it gets the login's per-account limit
    views["auth.change_password"] = limiter.limit(
        config["LOGIN_LIMIT_PER_ACCOUNT"],
        key_func=logged_in_account,
        methods=["POST"],
        deduct_when=failed_login,
        scope="change-password",
    )(views["auth.change_password"])
    views["auth.register"] = limiter.limit(
        config["REGISTER_LIMIT_PER_ADDRESS"], methods=["POST"], scope="register-address"
    )(views["auth.register"])

    @app.errorhandler(RateLimitExceeded)
    def too_many_attempts(error: RateLimitExceeded):
        return render_template(
            "errors/error.html",
            title="Too many attempts",
            message="Too many attempts from here or for this account. Nothing was changed. "
            "Please wait a minute, then try again.",
        ), 429

    # Every limit here decorates its view and is checked when that view runs. The
    # extension's own before_request check serves default and application-wide limits,
    # which this app does not set, and cost ~40 µs on every request (bench/page_times.py).
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    return limiter
