"""Configuration defaults; layered over by instance/config.py, FLASK_* env vars and test config."""

from __future__ import annotations

from typing import ClassVar

DEV_SECRET_KEY = "dev"


class Config:
    SECRET_KEY = DEV_SECRET_KEY
    # None means "SQLite file in the instance folder"; resolved in create_app.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    QUESTIONS_DIR: str | None = None  # None means the project's questions/ folder
    BANK_MAX_BYTES = 1_000_000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tie tokens to the session, not a clock: no lost answers
    MAX_CONTENT_LENGTH = 1024 * 1024  # forms here are small; refuse huge bodies early
