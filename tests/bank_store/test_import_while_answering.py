"""A big import must never make a learner's answer fail (SQLite's single writer).

The importer parses, hashes and renders everything before its first write, then writes
in one short transaction, so an answer waits at most for that write, well within the
busy timeout.
"""

import threading

import sqlalchemy as sa

import quiz.bank_store.importer as importer
from bench.import_pipeline import generate
from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Attempt, Question
from tests.conftest import QueryCounter, open_question, submit


def test_every_render_happens_before_the_first_write(app, tmp_path, monkeypatch):
    bank_file = tmp_path / "big.md"
    bank_file.write_text(generate(200), encoding="utf-8")
    events = []
    render = importer.render_question

    def logged_render(spec):
        events.append("render")
        return render(spec)

    monkeypatch.setattr(importer, "render_question", logged_render)
    with app.app_context():
        with QueryCounter(db.engine) as counter:
            sa.event.listen(db.engine, "commit", lambda conn: events.append("commit"))
            sa.event.listen(
                db.engine,
                "before_cursor_execute",
                lambda conn, cursor, statement, *args: events.append(
                    "write" if statement.lstrip().upper().startswith(("INSERT", "UPDATE")) else ""
                ),
            )
            assert import_paths(db.session, [bank_file], max_bytes=1_000_000).ok
        events = [e for e in events if e]
        assert events.count("render") == 200
        first_write = events.index("write")
        assert "render" not in events[first_write:]  # nothing rendered while writing
        assert events.count("commit") == 1  # one transaction
        # bulk writes: a handful of statements, not one per question
        assert len(counter.writes) < 20


def test_answers_are_stored_while_a_big_bank_imports(client, auth, app, every_kind_bank, tmp_path):
    bank_file = tmp_path / "big.md"
    bank_file.write_text(generate(3000), encoding="utf-8")
    auth.register("learner")
    outcome = {}

    def run_import():
        with app.app_context():
            outcome["result"] = import_paths(db.session, [bank_file], max_bytes=1_000_000)

    importing = threading.Thread(target=run_import)
    importing.start()
    statuses = []
    while importing.is_alive() or len(statuses) < 5:
        html, token, _ = open_question(client, app, "flask-gateway")
        statuses.append(submit(client, html, token, answer="WSGI").status_code)
    importing.join()
    assert outcome["result"].ok
    assert set(statuses) == {200}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == len(statuses)
        assert db.session.scalar(sa.select(sa.func.count(Question.id))) > 3000
