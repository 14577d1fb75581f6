"""Brute-force limits on login and registration (Flask-Limiter).

One Limiter per app, so each app (each test) counts on its own; the count lives in
Redis when RATELIMIT_STORAGE_URI points there (REDIS_URL), shared by every worker and
every server, else in this process's memory. While Redis is unreachable the limits
count in this process's memory instead (one warning per outage) and go back to Redis
when it answers again: a Redis outage must never stop anyone logging in.

Failed logins count three ways, so that one guessing client cannot lock the account's
owner out: per account *and* client address (low: the guesser waits), per address (any
account), and per account from every address at a threshold no single client reaches
under its own limits (it takes many addresses guessing at once).
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


def login_account_at_address() -> str:
    """The account a login attempt is for, from this client address."""
    return f"{login_account()}@{get_remote_address()}"


def logged_in_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


def failed_login(response) -> bool:
    return response.status_code != 302  # a successful login redirects


# A Redis that does not answer must cost a login half a second, not a hung worker.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def init_rate_limits(app: Flask) -> Limiter:
    if app.config["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        configured = app.config.get("RATELIMIT_STORAGE_OPTIONS", {})
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {**REDIS_TIMEOUTS, **configured}
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True)
    config = app.config
    views = app.view_functions
    login = views["auth.login"]
    for limit, key, scope in (
        (config["LOGIN_LIMIT_PER_ADDRESS"], get_remote_address, "login-address"),
        (config["LOGIN_LIMIT_PER_ACCOUNT"], login_account, "login-account"),
        (config["LOGIN_LIMIT_PER_CLIENT"], login_account_at_address, "login-client"),
    ):
        login = limiter.limit(
            limit, key_func=key, methods=["POST"], deduct_when=failed_login, scope=scope
        )(login)
    views["auth.login"] = login
    # the current password is guessed there too, by a client already logged in
    views["auth.change_password"] = limiter.limit(
        config["LOGIN_LIMIT_PER_CLIENT"],
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
