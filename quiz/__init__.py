"""Mock-interview practice app: application factory."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from quiz.config import MIN_SECRET_KEY_LENGTH, Config
from quiz.extensions import csrf, db, login_manager, migrate
from quiz.scoring.model_grader import settings_from_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
HSTS = "max-age=31536000; includeSubDomains"
GRADER_ENV_VARS = ("GRADER_URL", "GRADER_MODEL", "GRADER_API_KEY")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    # Layers, later wins: class defaults, instance/config.py, FLASK_* env, test config.
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    database_url = os.environ.get("DATABASE_URL") or os.environ.get("FLASK_DATABASE_URL")
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    for name in GRADER_ENV_VARS:  # the plain names win over FLASK_-prefixed ones
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if test_config:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        sqlite_path = Path(app.instance_path) / "quiz.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "pool_pre_ping": False}
    if not app.config["QUESTIONS_DIR"]:
        app.config["QUESTIONS_DIR"] = str(PROJECT_ROOT / "questions")

    secret_key = app.config.get("SECRET_KEY") or ""
    if len(secret_key) < MIN_SECRET_KEY_LENGTH and not _is_management_command():
        raise RuntimeError(
            f"Refusing to start without a SECRET_KEY of at least {MIN_SECRET_KEY_LENGTH} "
            f"random characters. Set SECRET_KEY in {Path(app.instance_path) / 'config.py'} "
            "(make run generates one) or the FLASK_SECRET_KEY environment variable."
        )
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if app.config[name] is None:
            app.config[name] = not app.debug
    try:  # a misconfigured model grader stops the start, as a bad SECRET_KEY does
        settings_from_config(app.config)
    except ValueError as problem:
        raise RuntimeError(f"Model grader: {problem}") from None
    if app.config["PROXY_FIX_HOPS"]:
        hops = int(app.config["PROXY_FIX_HOPS"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        _configure_sqlite(
            db.engine,
            int(app.config["SQLITE_BUSY_TIMEOUT_MS"]),
            _sqlite_synchronous(app.config["SQLITE_SYNCHRONOUS"]),
        )

    from quiz import models  # noqa: F401 - register the models with the metadata
    from quiz.auth.limits import init_rate_limits
    from quiz.cli import quiz_cli
    from quiz.web.errors import register_error_handlers
    from quiz.web.filters import register_filters
    from quiz.web.guards import register_guards

    register_guards(app)  # first: it adds the URL converters the routes use
    register_error_handlers(app)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    init_rate_limits(app)
    app.cli.add_command(quiz_cli)
    register_filters(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.is_secure:  # HSTS over plain HTTP is ignored by browsers, and misleading
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    return app


def _is_management_command() -> bool:
    """True for `flask quiz ...`, `flask db ...`: they serve nothing, so need no secret."""
    if os.environ.get("FLASK_RUN_FROM_CLI") != "true":
        return False
    args = iter(sys.argv[1:])
    for arg in args:
        if arg in ("--app", "-A", "--env-file", "-e"):
            next(args, None)
        elif not arg.startswith("-"):
            return arg != "run"
    return False


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; we ship the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_synchronous(value: str) -> str:
    mode = str(value).upper()
    if mode not in ("NORMAL", "FULL", "EXTRA"):
        raise RuntimeError(f"SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA, not {value!r}")
    return mode


def _configure_sqlite(engine: sa.Engine, busy_timeout_ms: int, synchronous: str) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def set_sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()


# Each feature package's __init__ only makes its blueprint, so importing a feature's
# services never loads its views; these modules register the views on them.
VIEW_MODULES = (
    "quiz.main.routes",
    "quiz.auth.routes",
    "quiz.practice.routes",
    "quiz.practice.session_routes",
    "quiz.progress.routes",
    "quiz.dashboard.routes",
    "quiz.review.routes",
    "quiz.interview.routes",
    "quiz.interview.draft_routes",
    "quiz.health.routes",
    "quiz.instructor.routes",
    "quiz.instructor.draft_routes",
)


def blueprints() -> list:
    """Every feature's blueprint, with its views registered."""
    for name in VIEW_MODULES:
        importlib.import_module(name)
    from quiz import (
        auth,
        dashboard,
        health,
        instructor,
        interview,
        main,
        practice,
        progress,
        review,
    )

    features = (main, auth, practice, progress, dashboard, review, interview, health, instructor)
    return [feature.bp for feature in features]
