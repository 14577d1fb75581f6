"""The database going away answers 503 pages, never a 500, and loses or doubles nothing.

The suite starts a PostgreSQL cluster of its own (initdb in a temporary folder, its own
port) so that it can stop and start it during requests; the machine's server is never
touched. Needs PostgreSQL's server binaries and to run as root or as `postgres`.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Attempt, ServedQuestion
from tests.conftest import (
    EVERY_KIND,
    AuthActions,
    answer_token,
    make_config,
    open_question,
    question_id,
    submit,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SpareCluster:
    """A throwaway PostgreSQL cluster this test may stop and start at will."""

    def __init__(self, folder: Path):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins:
            self.unavailable("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
        self.bin = Path(bins[-1]).parent
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        elif pwd.getpwuid(os.geteuid()).pw_name != "postgres":
            self.unavailable("initdb needs to run as root or as the postgres user")
        self.data = folder / "data"
        self.data.mkdir(parents=True)
        if self.as_postgres:
            shutil.chown(folder, "postgres")
            shutil.chown(self.data, "postgres")
        self.port = free_port()
        self.folder = folder
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "outage_test"
        )
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/outage_test"

    @staticmethod
    def unavailable(reason: str):
        if os.environ.get("QUIZ_REQUIRE_DATABASE") == "postgresql":
            pytest.fail(f"cannot start a spare PostgreSQL cluster: {reason}")
        pytest.skip(f"cannot start a spare PostgreSQL cluster: {reason}")

    def run(self, program: str, *args: str) -> None:
        command = [*self.as_postgres, str(self.bin / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        assert done.returncode == 0, f"{program} failed: {done.stderr or done.stdout}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="module")
def spare_cluster():
    # Not under pytest's own temporary folder: that one is private to this user, and
    # the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="quiz-spare-postgres-"))
    try:
        cluster = SpareCluster(folder)
        yield cluster
        cluster.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def outage_app(spare_cluster):
    # As in production: an error reaches the error handlers instead of the test.
    app = create_app(make_config(spare_cluster.url, PROPAGATE_EXCEPTIONS=False))
    with app.app_context():
        flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        assert import_paths(db.session, [EVERY_KIND], max_bytes=1_000_000).ok
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_stopped_database_answers_503_pages_and_keeps_the_typed_answer(outage_app, spare_cluster):
    client = outage_app.test_client()
    AuthActions(client).register("learner")
    question = question_id(outage_app, "flask-gateway")
    html, _, _ = open_question(client, outage_app, "flask-gateway")
    typed = "WSGI, the typed answer"

    spare_cluster.stop()
    try:
        for path in ("/dashboard", "/progress/", f"/practice/question/{question}", "/", "/nowhere"):
            page = client.get(path)
            assert page.status_code in (503, 200), path  # the home page may need no rows
            if page.status_code == 503:
                assert page.headers["Retry-After"].isdigit()
                assert "Temporarily unavailable" in page.get_data(as_text=True)
        sent = submit(client, html, follow_redirects=False, answer=typed)
        body = sent.get_data(as_text=True)
        assert sent.status_code == 503
        assert "nothing was saved" in body and "WSGI, the typed answer" in body
    finally:
        spare_cluster.start()

    again = submit(client, html, follow_redirects=False, answer=typed)
    assert again.status_code == 302  # the same form, sent again, is recorded now
    with outage_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


def test_restarts_under_load_give_no_500_and_store_each_acknowledged_answer_once(
    outage_app, spare_cluster
):
    question = question_id(outage_app, "flask-gateway")
    statuses: list[int] = []
    acknowledged: list[str] = []
    stop = threading.Event()

    def learner(name: str) -> None:
        client = outage_app.test_client()
        while True:  # registration itself may meet the outage
            if AuthActions(client).register(name, follow=False).status_code == 302:
                break
            time.sleep(0.05)
        while not stop.is_set():
            page = client.get(f"/practice/question/{question}")
            statuses.append(page.status_code)
            if page.status_code != 200:
                time.sleep(0.05)
                continue
            html = page.get_data(as_text=True)
            token = answer_token(html)
            sent = submit(client, html, follow_redirects=False, answer="WSGI")
            statuses.append(sent.status_code)
            if sent.status_code == 302:
                acknowledged.append(token)

    learners = [threading.Thread(target=learner, args=(f"learner{n}",)) for n in range(4)]
    for thread in learners:
        thread.start()
    for _ in range(2):
        time.sleep(1.0)
        spare_cluster.stop()
        time.sleep(0.7)
        spare_cluster.start()
    time.sleep(1.0)
    stop.set()
    for thread in learners:
        thread.join()

    assert 500 not in statuses
    assert set(statuses) <= {200, 302, 503}
    assert 503 in statuses  # the outages were met, not slept through
    assert len(acknowledged) > 0
    with outage_app.app_context():
        stored = db.session.execute(
            sa.select(ServedQuestion.token, sa.func.count(Attempt.id))
            .join(Attempt, Attempt.served_id == ServedQuestion.id)
            .group_by(ServedQuestion.token)
        ).all()
    per_token = dict(stored)
    assert all(per_token.get(token) == 1 for token in acknowledged)
    assert max(per_token.values()) == 1


def test_an_unreachable_sqlite_file_answers_503_not_500(tmp_path):
    missing = tmp_path / "no-such-folder" / "quiz.sqlite"
    app = create_app(make_config(f"sqlite:///{missing}", PROPAGATE_EXCEPTIONS=False))
    client = app.test_client()
    home = client.get("/")  # the home page lists the banks
    assert home.status_code == 503 and home.headers["Retry-After"].isdigit()
    assert "Temporarily unavailable" in home.get_data(as_text=True)
    # pages that need no row still answer as usual
    assert client.get("/auth/login").status_code == 200
    assert client.get("/nowhere").status_code == 404
