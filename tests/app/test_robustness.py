"""Issue 14's 500s, reproduced for real, and the load balancer probes."""

import sqlite3
import threading
import time

import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from tests.conftest import (
    attempts,
    csrf_token_from,
    interviews,
    make_config,
    open_question,
    start_interview,
    submit,
)


@pytest.mark.parametrize("position", [2**31, 2**63, 10**30])
def test_huge_integer_url_parts_are_not_found(client, auth, app, every_kind_bank, position):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    rate = f"/interview/{interview.id}/rate/{position}"
    assert client.post(rate, data={"csrf_token": token, "rating": "3"}).status_code == 404
    question = f"/interview/{interview.id}/q/{position}"
    assert client.get(question).status_code == 404
    # Werkzeug's matcher answers 405 here (the GET rule exists); either way, no 500
    answer = client.post(question, data={"csrf_token": token, "answer": "x"})
    assert answer.status_code in (404, 405)


def test_csrf_page_links_back_only_to_this_site(client):
    foreign = client.post(
        "/auth/login", data={}, headers={"Referer": "https://evil.example/phish?x=1"}
    )
    assert foreign.status_code == 400
    assert "evil.example" not in foreign.get_data(as_text=True)
    local = client.post(
        "/auth/login", data={}, headers={"Referer": "http://localhost/auth/login?next=/progress/"}
    )
    assert 'href="/auth/login?next=/progress/"' in local.get_data(as_text=True)


def test_error_page_does_not_claim_nothing_was_lost(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    app.testing = False  # let the 500 handler answer instead of raising into the test
    page = client.get("/boom").get_data(as_text=True)
    assert "Something went wrong" in page and "lost" not in page
    assert "shows whether the answer was recorded" in page


def hold_write_lock(path: str, seconds: float, started: threading.Event) -> None:
    """Another connection (like a long import) holding SQLite's write lock."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("CREATE TABLE IF NOT EXISTS lock_holder (x)")
    started.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


@pytest.fixture
def impatient_sqlite_app(migrated_database):
    if not migrated_database.startswith("sqlite"):
        pytest.skip("SQLite's single writer lock")
    app = create_app(make_config(migrated_database, SQLITE_BUSY_TIMEOUT_MS=300))
    yield app
    with app.app_context():
        db.session.remove()
        from tests.conftest import empty_all_tables

        empty_all_tables()
        db.engine.dispose()


def answer_while_locked(app, seconds: float):
    """Post a right answer while another connection holds SQLite's write lock; returns
    the response and a function that sends the same form again."""
    client = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(client).register()
    html, _, options = open_question(client, app, "admin-panel")
    path = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    started = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(path, seconds, started))

    def send():
        return submit(client, html, follow_redirects=False, choice=options["Django"])

    holder.start()
    started.wait()
    response = send()
    holder.join()
    return response, send


def test_an_answer_posted_while_the_database_is_locked_waits_and_is_recorded(
    impatient_sqlite_app, every_kind_bank
):
    app = impatient_sqlite_app
    # longer than one busy timeout (0.3 s), shorter than the retries' total
    response, _ = answer_while_locked(app, 1.0)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/practice/attempt/")
    assert len(attempts(app)) == 1


def test_a_lock_outlasting_every_retry_is_a_503_that_saved_nothing(
    impatient_sqlite_app, every_kind_bank
):
    app = impatient_sqlite_app
    response, send_again = answer_while_locked(app, 3.0)
    assert response.status_code == 503
    assert "was not saved" in response.get_data(as_text=True)
    assert attempts(app) == []
    # the same form sent again once the lock is gone is recorded once
    again = send_again()
    assert again.status_code == 302 and len(attempts(app)) == 1


def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_checks_the_database_and_migrations(app, client):
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "ready"
    with app.app_context():
        [head] = ready.json["migrations"]
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'b59cf500bd31'"))
        db.session.commit()
        try:
            behind = client.get("/readyz")
            assert behind.status_code == 503
            assert behind.json["status"] == "migrations not at head"
        finally:
            db.session.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()


def test_readyz_is_503_when_the_database_is_unreachable(migrated_database):
    app = create_app(
        make_config(
            migrated_database,
            SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none_test",
        )
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["status"] == "database unreachable"
