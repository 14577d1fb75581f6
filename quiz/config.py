"""Configuration defaults; layered over by instance/config.py, FLASK_* env vars and test config."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from flask import current_app, has_app_context

from quiz.scoring.model_grader import GraderSettings, settings_from_config

MIN_SECRET_KEY_LENGTH = 32


class Config:
    # None: create_app refuses to start until a SECRET_KEY of 32+ characters is set
    SECRET_KEY: str | None = None
    # None means "SQLite file in the instance folder"; resolved in create_app.
    SQLALCHEMY_DATABASE_URI: str | None = None
    # A PostgreSQL connection can die with its server; a SQLite file cannot, so
    # create_app drops the ping (one more statement per request) there.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    # How long a SQLite writer waits for another's lock (e.g. a long import) before
    # the answer transaction is retried (quiz/database.py).
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # WAL with synchronous=NORMAL: a commit survives the app or a worker being killed,
    # but the last ones may roll back on power loss or an OS crash; FULL syncs the disk
    # at every commit (0.3-0.45 ms each here) and survives those too.
    SQLITE_SYNCHRONOUS = "NORMAL"
    QUESTIONS_DIR: str | None = None  # None means the project's questions/ folder
    BANK_MAX_BYTES = 1_000_000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # None: Secure cookies whenever the app is not in debug (set false for plain-HTTP use)
    SESSION_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_SECURE: bool | None = None
    # Behind N reverse proxies, trust N X-Forwarded-For/-Proto/-Host hops (0: no proxy).
    PROXY_FIX_HOPS = 0
    WTF_CSRF_TIME_LIMIT = None  # tie tokens to the session, not a clock: no lost answers
    MAX_CONTENT_LENGTH = 1024 * 1024  # forms here are small; refuse huge bodies early
    # Brute-force limits (quiz/auth/limits.py); failed logins only count against login.
    RATELIMIT_STORAGE_URI = "memory://"  # create_app uses REDIS_URL when it is set
    RATELIMIT_KEY_PREFIX = "quiz"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # Redis away: count in this process
    # One client guessing one account waits a minute after 5, an hour after 20, a day
    # after 50; one
    # address waits after 20 a minute whatever the accounts; the account itself is
    # refused to everyone only past 100 an hour (300 a day), which no single client
    # reaches under its own limits, so its owner still gets in while one client guesses.
    LOGIN_LIMIT_PER_CLIENT = "5 per minute; 20 per hour; 50 per day"
    LOGIN_LIMIT_PER_ADDRESS = "20 per minute"
    LOGIN_LIMIT_PER_ACCOUNT = "100 per hour; 300 per day"
    REGISTER_LIMIT_PER_ADDRESS = "10 per minute; 50 per hour"
    # Optional model grader for open answers (quiz/scoring/model_grader.py): off while
    # GRADER_URL is empty. GRADER_URL is an OpenAI-compatible API base such as
    # http://127.0.0.1:11434/v1; create_app also reads the plain GRADER_URL,
    # GRADER_MODEL and GRADER_API_KEY environment variables. GRADER_TIMEOUT bounds each
    # request in seconds; past it (or on any failure) the key-point grader scores.
    GRADER_URL = ""
    GRADER_MODEL = ""
    GRADER_API_KEY = ""
    GRADER_TIMEOUT = 8.0


# Which grader scores open answers in this app: the model grader when an instructor
# configured one (``GRADER_*`` above), else the key-point grader. Reads the current
# app's config, never a request; outside an app (a script, a unit test of a service)
# the model grader is off.
def model_grader_settings() -> GraderSettings | None:
    """The configured model grader, or None when it is off (``GRADER_URL`` empty)."""
    if not has_app_context():
        return None
    return settings_from_config(current_app.config)
