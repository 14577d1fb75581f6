"""Fixtures in the flaskr style: app, client, runner and an auth helper, CSRF left on.

The schema is built once per session by the real migrations; every test then starts
with empty tables. TEST_DATABASE_URL (or DATABASE_URL) selects PostgreSQL. The suite
drops and rebuilds that database's schema, so it refuses a database whose name does
not contain "test". QUIZ_REQUIRE_DATABASE=postgresql
(set by `make test-postgres` and CI) makes a run that is not on PostgreSQL, or cannot
reach it, fail rather than skip or quietly fall back to SQLite.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from hypothesis import settings

from quiz import create_app
from quiz.extensions import db

# Property tests check behaviour, not speed (that is what bench/ is for): on a loaded
# CI machine a per-example deadline only makes them flaky.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

TESTS_DIR = Path(__file__).parent
PROJECT_DIR = TESTS_DIR.parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    required = os.environ.get("QUIZ_REQUIRE_DATABASE")
    if required and not (url or "sqlite").startswith(required):
        pytest.fail(f"QUIZ_REQUIRE_DATABASE={required} but the test database is {url!r}")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    name = sa.make_url(url).database or ""
    if "test" not in name:
        pytest.fail(
            f"refusing to wipe database {name!r}: the suite drops its schema; "
            "set TEST_DATABASE_URL to a database whose name contains 'test'",
            pytrace=False,
        )
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            # A clean schema for this run: the migrations build everything below.
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"test database {url} is unreachable: {exc}", pytrace=False)
    finally:
        engine.dispose()
    return url


def make_config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-of-at-least-32-characters",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "QUESTIONS_DIR": str(PROJECT_DIR / "questions"),
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    app = create_app(make_config(database_url))
    with app.app_context():
        flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()
    return database_url


def empty_all_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(migrated_database):
    app = create_app(make_config(migrated_database))
    yield app
    with app.app_context():
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class AuthActions:
    """Drives the real forms, CSRF token included."""

    def __init__(self, client):
        self._client = client

    def register(self, username="alice", password="correct horse battery", follow=True, **extra):
        page = self._client.get("/auth/register")
        return self._client.post(
            "/auth/register",
            data={
                "username": username,
                "password": password,
                "confirm": password,
                "csrf_token": csrf_token_from(page.get_data(as_text=True)),
                **extra,
            },
            follow_redirects=follow,
        )

    def login(self, username="alice", password="correct horse battery", follow=True, **extra):
        page = self._client.get("/auth/login")
        data = {
            "username": username,
            "password": password,
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            **extra,
        }
        return self._client.post("/auth/login", data=data, follow_redirects=follow)

    def logout(self):
        page = self._client.get("/")
        return self._client.post(
            "/auth/logout",
            data={"csrf_token": csrf_token_from(page.get_data(as_text=True))},
            follow_redirects=True,
        )


@pytest.fixture
def auth(client):
    return AuthActions(client)


DATA_DIR = TESTS_DIR / "data"
EVERY_KIND = DATA_DIR / "every-kind.md"


@pytest.fixture
def editable_bank(app, tmp_path):
    """A copy of the every-kind bank, imported, that a test may edit and re-import."""
    from quiz.bank_store.importer import import_paths

    path = tmp_path / "every-kind.md"
    path.write_text(EVERY_KIND.read_text(encoding="utf-8"), encoding="utf-8")
    with app.app_context():
        assert import_paths(db.session, [path], max_bytes=1_000_000).ok
    return path


def numbered_topic(title: str, slug: str, count: int) -> str:
    """A topic of ``count`` short questions, "What is <slug> n?", each answered n."""
    return f"# {title}\n\n" + "".join(
        f"## What is {slug} {n}? {{#{slug}-{n}}}\nAnswer: {n}\n\n> It is {n}.\n\n"
        for n in range(1, count + 1)
    )


@pytest.fixture
def every_kind_bank(app):
    """The every-kind test bank imported into the database."""
    from quiz.bank_store.importer import import_paths

    with app.app_context():
        outcome = import_paths(db.session, [EVERY_KIND], max_bytes=1_000_000)
        assert outcome.ok, outcome.errors
    return "every-kind"


class QueryCounter:
    """Counts SQL statements sent while active (for 'constant number of queries' tests)."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def writes(self) -> list[str]:
        verbs = ("INSERT", "UPDATE", "DELETE")
        return [s for s in self.statements if s.lstrip().upper().startswith(verbs)]


def add_attempt(user_id: int, question_id: int, score: float, created_at, **fields) -> None:
    """Store one attempt row directly (as history, not through the app) and commit."""
    from quiz.models import Attempt

    fields.setdefault("answer", "x")
    fields.setdefault("verdict", "partial")
    db.session.add(
        Attempt(
            user_id=user_id, question_id=question_id, score=score, created_at=created_at, **fields
        )
    )
    db.session.commit()


def learned_card(user_id: int, question_id: int, stability: float, due, reviewed):
    """A card in fsrs's review state after one Good review at ``reviewed``."""
    from quiz.models import Card

    return Card(
        user_id=user_id,
        question_id=question_id,
        state=2,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=reviewed,
        first_seen=reviewed,
        reviews=1,
        last_rating=3,
        lapses=0,
        learned=True,
    )
