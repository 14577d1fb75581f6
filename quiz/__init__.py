"""Mock-interview practice app: application factory."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from quiz.config import DEV_SECRET_KEY, Config
from quiz.extensions import csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


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
    if test_config:
        app.config.from_mapping(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        sqlite_path = Path(app.instance_path) / "quiz.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config["QUESTIONS_DIR"]:
        app.config["QUESTIONS_DIR"] = str(PROJECT_ROOT / "questions")

    if (
        app.config["SECRET_KEY"] == DEV_SECRET_KEY
        and not (app.debug or app.testing)
        and not _is_management_command()
    ):
        raise RuntimeError(
            "Refusing to start with the development SECRET_KEY. Set SECRET_KEY in "
            f"{Path(app.instance_path) / 'config.py'} (make run generates one) "
            "or the FLASK_SECRET_KEY environment variable."
        )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        _configure_sqlite(db.engine)

    from quiz import models  # noqa: F401 - register the models with the metadata
    from quiz.auth import bp as auth_bp
    from quiz.cli import quiz_cli
    from quiz.dashboard import bp as dashboard_bp
    from quiz.errors import register_error_handlers
    from quiz.filters import register_filters
    from quiz.guards import register_guards
    from quiz.instructor import bp as instructor_bp
    from quiz.instructor.cli import instructor_command
    from quiz.interview import bp as interview_bp
    from quiz.main import bp as main_bp
    from quiz.practice import bp as practice_bp
    from quiz.progress import bp as progress_bp

    register_guards(app)  # first: it adds the `id` URL converter the routes use
    register_error_handlers(app)
    for blueprint in (main_bp, auth_bp, practice_bp, progress_bp, dashboard_bp, interview_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(instructor_bp)
    quiz_cli.add_command(instructor_command)
    app.cli.add_command(quiz_cli)
    register_filters(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
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


def _configure_sqlite(engine: sa.Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def set_sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
