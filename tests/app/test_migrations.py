"""Data migrations do what they say on a database with history."""

from datetime import UTC, datetime

import flask_migrate
import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from tests.conftest import make_config


def insert_one_question(run) -> None:
    """A learner (id 1) and one question (id 1) of one bank, as raw rows."""
    run(
        "INSERT INTO user (id, username, username_key, password_hash, timezone, created_at)"
        " VALUES (1, 'u', 'u', 'x', 'UTC', '2026-01-01')"
    )
    run(
        "INSERT INTO bank (id, slug, title, description, meta, source_path, content_hash,"
        " imported_at) VALUES (1, 'b', 'B', '', '{}', 'b.md', 'h', '2026-01-01')"
    )
    run(
        "INSERT INTO topic (id, bank_id, slug, title, position, retired)"
        " VALUES (1, 1, 't', 'T', 0, 0)"
    )
    run(
        "INSERT INTO question (id, bank_id, topic_id, key, kind, position, spec,"
        " prompt_html, explanation_html, options_html, content_hash, generated, retired,"
        " created_at, updated_at) VALUES (1, 1, 1, 'q', 'short', 1, '{}', '', '', '[]',"
        " 'h', 0, 0, '2026-01-01', '2026-01-01')"
    )


def test_card_last_rating_is_backfilled_from_the_latest_review(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'old.sqlite'}"))
    directory = app.extensions["migrate"].directory
    when = [datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2)]
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="ee9fd93bff8e")
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            insert_one_question(run)
            run(
                "INSERT INTO card (id, user_id, question_id, state, due, first_seen, reviews,"
                " lapses, learned) VALUES (1, 1, 1, 2, '2026-01-03', '2026-01-01', 2, 0, 1)"
            )
            for attempt_id, (rating, moment) in enumerate(zip((3, 1), when, strict=True), 1):
                run(
                    "INSERT INTO attempt (id, user_id, question_id, mode, answer, score, verdict,"
                    f" detail, created_at) VALUES ({attempt_id}, 1, 1, 'practice', '\"a\"', 0,"
                    f" 'wrong', '{{}}', '{moment.isoformat()}')"
                )
                run(
                    "INSERT INTO review_log (card_id, attempt_id, rating, reviewed_at)"
                    f" VALUES (1, {attempt_id}, {rating}, '{moment.isoformat()}')"
                )
        flask_migrate.upgrade(directory=directory)
        assert db.session.scalar(sa.text("SELECT last_rating FROM card WHERE id = 1")) == 1
        db.engine.dispose()


def test_existing_accounts_get_nfkc_keys_and_tokens_and_still_log_in(tmp_path):
    """Accounts from before NFKC keys: re-keyed, unless an older account holds the new key."""
    app = create_app(make_config(f"sqlite:///{tmp_path / 'old.sqlite'}"))
    directory = app.extensions["migrate"].directory
    from werkzeug.security import generate_password_hash

    password_hash = generate_password_hash("correct horse battery")
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="b59cf500bd31")
        with db.engine.begin() as conn:
            for user_id, name in ((1, "admin"), (2, "ａｄｍｉｎ"), (3, "ＢＯＢ")):
                conn.execute(
                    sa.text(
                        "INSERT INTO user (id, username, username_key, password_hash, timezone,"
                        " created_at) VALUES (:id, :name, :key, :hash, 'UTC', '2026-01-01')"
                    ),
                    {"id": user_id, "name": name, "key": name.casefold(), "hash": password_hash},
                )
        flask_migrate.upgrade(directory=directory, revision="c4e1a9d07b21")
        rows = db.session.execute(
            sa.text("SELECT id, username_key, session_token FROM user ORDER BY id")
        ).all()
        flask_migrate.upgrade(directory=directory)
        db.engine.dispose()
    assert [key for _, key, _ in rows] == ["admin", "ａｄｍｉｎ", "bob"]
    tokens = [token for _, _, token in rows]
    assert all(len(token) >= 32 for token in tokens) and len(set(tokens)) == 3

    from tests.conftest import AuthActions

    client = app.test_client()
    auth = AuthActions(client)
    for typed, username in (("admin", "admin"), ("ａｄｍｉｎ", "ａｄｍｉｎ"), ("bob", "ＢＯＢ")):
        assert auth.login(typed, follow=False).status_code == 302, typed
        assert f">{username}</a>" in client.get("/dashboard").get_data(as_text=True)
        auth.logout()


def test_attempt_summary_is_backfilled_from_the_attempts(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'old.sqlite'}"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="3f2b7c1d9e40")
        with db.engine.begin() as conn:
            run = conn.exec_driver_sql
            insert_one_question(run)
            for day, score, overridden in (
                (1, 0.5, "NULL"),
                (3, 0.0, "'2026-01-03'"),
                (2, 1.0, "NULL"),
            ):
                run(
                    "INSERT INTO attempt (user_id, question_id, mode, answer, score, verdict,"
                    f" detail, created_at, overridden_at) VALUES (1, 1, 'practice', '\"a\"',"
                    f" {score}, 'partial', '{{}}', '2026-01-0{day} 10:00:00.000000', {overridden})"
                )
        flask_migrate.upgrade(directory=directory)
        row = db.session.execute(
            sa.text(
                "SELECT attempts, score_sum, last_at, overrides, credited_sum FROM attempt_summary"
                " WHERE user_id = 1 AND question_id = 1"
            )
        ).one()
        assert tuple(row) == (3, 1.5, "2026-01-03 10:00:00.000000", 1, 2.5)
        db.engine.dispose()
