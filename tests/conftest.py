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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import flask_migrate
import pytest
import sqlalchemy as sa
from hypothesis import settings

from quiz import create_app
from quiz.extensions import db
from quiz.scheduling.days import Day, local_date

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
        fields = {"username": username, "password": password, "confirm": password, **extra}
        return self._send("/auth/register", "/auth/register", follow, fields)

    def login(self, username="alice", password="correct horse battery", follow=True, **extra):
        fields = {"username": username, "password": password, **extra}
        return self._send("/auth/login", "/auth/login", follow, fields)

    def change_password(self, current, new, confirm=None):
        fields = {"current_password": current, "password": new, "confirm": confirm or new}
        return self._send("/auth/password", "/auth/password", True, fields)

    def logout(self):
        return self._send("/", "/auth/logout", True, {})

    def _send(self, page_url, url, follow, fields):
        """Open ``page_url``, then post ``fields`` to ``url`` with that page's CSRF token
        (unless ``fields`` brings its own)."""
        page = self._client.get(page_url).get_data(as_text=True)
        data = {"csrf_token": csrf_token_from(page), **fields}
        return self._client.post(url, data=data, follow_redirects=follow)


@pytest.fixture
def auth(client):
    return AuthActions(client)


DATA_DIR = TESTS_DIR / "data"
EVERY_KIND = DATA_DIR / "every-kind.md"


def imported_copy(app, folder: Path, source: Path) -> Path:
    """A copy of the bank file ``source`` in ``folder``, imported, that a test may edit
    and re-import."""
    path = folder / source.name
    path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    import_bank(app, path)
    return path


@pytest.fixture
def editable_bank(app, tmp_path):
    """A copy of the every-kind bank, imported, that a test may edit and re-import."""
    return imported_copy(app, tmp_path, EVERY_KIND)


def numbered_topic(title: str, slug: str, count: int) -> str:
    """A topic of ``count`` short questions, "What is <slug> n?", each answered n."""
    return f"# {title}\n\n" + "".join(
        f"## What is {slug} {n}? {{#{slug}-{n}}}\nAnswer: {n}\n\n> It is {n}.\n\n"
        for n in range(1, count + 1)
    )


@pytest.fixture
def every_kind_bank(app):
    """The every-kind test bank imported into the database."""

    import_bank(app, EVERY_KIND)
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


# ------------------------------------------------------------ learners, banks, rows


def add_learner(name: str):
    """A learner row that never logs in (password hash "x"), flushed so it has an id."""
    from quiz.models import User

    user = User(username=name, username_key=name.casefold(), password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def import_bank(app, *paths):
    """Import bank files (or folders) the way `flask quiz import` does; they must be valid."""
    from quiz.bank_store.importer import import_paths

    with app.app_context():
        outcome = import_paths(db.session, list(paths), max_bytes=1_000_000)
        assert outcome.ok, outcome.errors
    return outcome


def count_rows(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def question_id(app, key: str) -> int:
    from quiz.models import Question

    with app.app_context():
        return db.session.scalar(sa.select(Question.id).where(Question.key == key))


def attempts(app) -> list:
    from quiz.models import Attempt

    with app.app_context():
        return list(db.session.scalars(sa.select(Attempt).order_by(Attempt.id)))


def answered_by_a_learner(app, key: str = "admin-panel") -> int:
    """A new learner's one right attempt at question ``key``; the question's id."""
    from quiz.models import Attempt

    with app.app_context():
        user = add_learner("l")
        question = question_id(app, key)
        db.session.add(
            Attempt(user_id=user.id, question_id=question, answer=[0], score=1, verdict="right")
        )
        db.session.commit()
        return question


def answer_through_services(user_id: int, key: str, response, now=None, mode="practice"):
    """Serve question ``key`` and store ``response`` to it as the answer POST does, 30 s
    after it was shown (an unhurried answer: rated Good, not Easy); the stored Attempt.
    In an app context, without a request: for history at chosen times."""
    from quiz.models import Attempt, Question
    from quiz.practice.answers import store_attempt
    from quiz.practice.scope import Scope
    from quiz.practice.serving import question_view, serve, served_for_answer

    now = now or datetime.now(UTC)
    question = db.session.scalar(sa.select(Question).where(Question.key == key))
    scope = Scope(bank_id=question.bank_id, mode=mode)
    view = question_view(db.session, question.id)
    shown = serve(db.session, user_id, view, scope, now=now - timedelta(seconds=30))
    served, _ = served_for_answer(db.session, user_id, shown.token)
    return db.session.get(Attempt, store_attempt(db.session, served, response, now=now))


@pytest.fixture
def instructor(client, auth, runner):
    """The test client, logged in as "teach", who holds the instructor role."""
    auth.register("teach")
    assert runner.invoke(args=["quiz", "instructor", "teach"]).exit_code == 0
    return client


# ----------------------------------------------------------- the answer form's fields

ANSWER_ACTION_RE = re.compile(r'action="(/practice/answer/([^"]+))"')
OPTION_RE = re.compile(r'name="choice" value="(\d+)"[^>]*>\s*(.*?)</label>', re.S)
KEYCAP_RE = re.compile(r"<kbd[^>]*>\d</kbd>")
TAG_RE = re.compile(r"<[^>]+>")


def answer_url(html: str) -> str:
    """Where the practice question on ``html`` posts its answer: /practice/answer/<token>."""
    match = ANSWER_ACTION_RE.search(html)
    assert match, "page has no answer form"
    return match.group(1)


def answer_token(html: str) -> str:
    """The one-time token of the practice question on ``html``."""
    return answer_url(html).rsplit("/", 1)[1]


def answer_options(html: str) -> dict[str, str]:
    """Each option's text (keycap and tags removed) → the position the form posts for it,
    on a practice or an interview question page."""
    return {
        TAG_RE.sub("", KEYCAP_RE.sub("", text)).strip(): position
        for position, text in OPTION_RE.findall(html)
    }


def open_question(client, app, key: str) -> tuple[str, str, dict[str, str]]:
    """Open the question ``key`` for practice: its page, its token and its options."""
    response = client.get(f"/practice/question/{question_id(app, key)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return html, answer_token(html), answer_options(html)


def submit(client, html: str, token: str | None = None, follow_redirects=True, **fields):
    """Post an answer with the form on ``html`` (its CSRF token; its own one-time token
    unless ``token`` names another)."""
    url = answer_url(html) if token is None else f"/practice/answer/{token}"
    data = {"csrf_token": csrf_token_from(html), **fields}
    return client.post(url, data=data, follow_redirects=follow_redirects)


def rate_answer(client, attempt_id: int, page: str, follow_redirects=False, **fields):
    """Post the self-rating form of an attempt (``rating``, ``then``, ``by_default``)
    with the CSRF token of ``page``."""
    data = {"csrf_token": csrf_token_from(page), **fields}
    return client.post(
        f"/practice/attempt/{attempt_id}/rate", data=data, follow_redirects=follow_redirects
    )


STAMP_RE = re.compile(r'name="checklist_stamp" value="([^"]*)"')


def post_checklist(client, attempt_id, page, covered=(), asserted=(), stamp=None, **extra):
    """Save the rubric checklist on ``page``: the key points ``covered``, the
    misconceptions ``asserted`` (by position), its stamp unless ``stamp`` says."""
    data = {
        "csrf_token": csrf_token_from(page),
        "covered": [str(i) for i in covered],
        "asserted": [str(i) for i in asserted],
        "checklist_stamp": STAMP_RE.search(page).group(1) if stamp is None else stamp,
        **extra,
    }
    return client.post(
        f"/practice/attempt/{attempt_id}/checklist", data=data, follow_redirects=True
    )


# ------------------------------------------------------------------ mock interviews

SHOWN_RE = re.compile(r'name="shown" value="([^"]+)"')
# the interview report's basics: 4 hand-written questions, then one table question
INTERVIEW_KEYS = [
    "admin-panel",
    "django-batteries",
    "flask-gateway",
    "fastapi-concurrency",
    "summary--orm--django--which",
]


class Clock:
    def __init__(self):
        from quiz.models import utcnow

        self.t = utcnow().replace(microsecond=0)
        self.start = self.t

    def __call__(self):
        return self.t

    def advance(self, seconds):
        self.t += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    """The interview service's clock, which the test moves on by hand."""
    clock = Clock()
    monkeypatch.setattr("quiz.interview.service.now", clock)
    return clock


@pytest.fixture
def fixed_draw(monkeypatch, app):
    """Interviews draw exactly the questions of INTERVIEW_KEYS, in that order."""

    def pick(candidates, weights, n, rng):
        by_id = {c.question_id: c for c in candidates}
        ids = [question_id(app, key) for key in INTERVIEW_KEYS]
        return [by_id[i] for i in ids][:n]

    monkeypatch.setattr("quiz.interview.service.select_questions", pick)


def question_served_on(app, html: str) -> tuple[str, str, str]:
    """The key, kind and topic slug of the practice question on ``html``."""
    from quiz.models import ServedQuestion

    with app.app_context():
        served = db.session.scalar(
            sa.select(ServedQuestion).where(ServedQuestion.token == answer_token(html))
        )
        return served.question.key, served.question.kind, served.question.topic.slug


def every_kind_bank_id(app) -> int:
    from quiz.models import Bank

    with app.app_context():
        return db.session.scalar(sa.select(Bank.id).where(Bank.slug == "every-kind"))


def start_interview(client, app, questions=5, minutes="", banks=None, follow=True, **extra):
    """Post the interview start form (the every-kind bank unless ``banks`` says)."""
    page = client.get("/interview/")
    data = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "banks": [every_kind_bank_id(app)] if banks is None else banks,
        "questions": str(questions),
        "minutes": str(minutes),
        **extra,
    }
    return client.post("/interview/", data=data, follow_redirects=follow)


def interviews(app) -> list:
    from quiz.models import Interview

    with app.app_context():
        return list(db.session.scalars(sa.select(Interview).order_by(Interview.id)))


def interview_items(app, interview_id: int) -> list[tuple]:
    """(position, question key, kind, saved answer, the item) for each item, in order."""
    from quiz.models import InterviewItem

    with app.app_context():
        rows = db.session.scalars(
            sa.select(InterviewItem)
            .where(InterviewItem.interview_id == interview_id)
            .order_by(InterviewItem.position)
        )
        return [(i.position, i.question.key, i.question.kind, i.answer, i) for i in rows]


def interview_page(client, interview_id: int, position: int) -> str:
    response = client.get(f"/interview/{interview_id}/q/{position}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def answer_interview(
    client, interview_id, position, choices=None, text=None, action="next", **extra
):
    """Open the interview's question page, then post the answer with the page's own form;
    the response and the page."""
    html = interview_page(client, interview_id, position)
    options = answer_options(html)
    data = {
        "csrf_token": csrf_token_from(html),
        "shown": SHOWN_RE.search(html).group(1),
        "action": action,
        **extra,
    }
    if choices is not None:
        data["choice"] = [options[c] for c in choices]
    if text is not None:
        data["answer"] = text
    return client.post(f"/interview/{interview_id}/q/{position}", data=data), html


def finish_interview(client, interview_id):
    """Finish the interview from its finish page, confirming; the report it leads to."""
    page = client.get(f"/interview/{interview_id}/finish").get_data(as_text=True)
    return client.post(
        f"/interview/{interview_id}/finish",
        data={"csrf_token": csrf_token_from(page), "confirm": "1"},
        follow_redirects=True,
    )


def answer_interview_for_report(client, interview_id):
    """Under fixed_draw: scores 0, 0.5, 1, 0 (open, awaiting its self-rating) and one
    left unanswered."""
    answer_interview(client, interview_id, 1, choices=["Flask"])
    answer_interview(client, interview_id, 2, choices=["ORM"])
    answer_interview(client, interview_id, 3, text="web server gateway interface")
    answer_interview(client, interview_id, 4, text="No idea, sorry.")


# ------------------------------------------------------------- history and hot pages

HOT_PAGES = (
    "/dashboard",
    "/progress/",
    "/practice/every-kind/",
    "/review/",
    "/interview/{interview}/q/1",
)


def add_history(app, attempts: int) -> None:
    """``attempts`` more attempts for the learner, one every 37 minutes back, and a card
    per question (in place of any they had), some due and some leeches: the bench's
    history (bench/bench_queries.py)."""
    from bench.bench_queries import seed
    from quiz.models import Card, Question, User, utcnow

    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        question_ids = list(db.session.scalars(sa.select(Question.id)))
        db.session.execute(sa.delete(Card).where(Card.user_id == user_id))
        seed(user_id, attempts, question_ids, now=utcnow())


def statements_per_page(client, app, interview_id: int) -> dict[str, int]:
    """SQL statements each hot page sends on a second visit (the interview's question 1)."""
    counts = {}
    for page in HOT_PAGES:
        url = page.format(interview=interview_id)
        client.get(url)  # whatever the first visit writes (a served question) is done
        with app.app_context(), QueryCounter(db.engine) as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = counter.count
    return counts


def days_of_activity(attempts: list[tuple[datetime, float]], zone: ZoneInfo) -> dict[date, Day]:
    """Attempts (time, score) grouped by the learner's local calendar day, row by row:
    what the SQL day counts are checked against."""
    days: dict[date, Day] = {}
    for moment, score in attempts:
        day = local_date(moment, zone)
        entry = days.setdefault(day, Day(day))
        entry.attempts += 1
        entry.score_sum += score
    return days
