import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from quiz import create_app
from quiz.extensions import db
from tests.conftest import make_config

SECRET = "a-secret-key-of-at-least-32-characters"


@pytest.mark.parametrize("key", [None, "", "dev", "x" * 31])
@pytest.mark.parametrize("testing", [False, True])
def test_refuses_a_missing_or_short_secret_key_with_one_message(tmp_path, key, testing):
    # SECRET_KEY given even when None, so a developer's instance/config.py cannot fill it in
    config = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
        "TESTING": testing,
        "SECRET_KEY": key,
    }
    with pytest.raises(RuntimeError, match="without a SECRET_KEY of at least 32 random"):
        create_app(config)


def test_empty_secret_key_from_the_environment_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(RuntimeError, match="without a SECRET_KEY of at least 32 random"):
        create_app()
    monkeypatch.setenv("FLASK_SECRET_KEY", "k" * 32)
    assert create_app().config["SECRET_KEY"] == "k" * 32


def test_testing_config_overrides_env(monkeypatch, migrated_database):
    monkeypatch.setenv("FLASK_BANK_MAX_BYTES", "123")
    app = create_app(make_config(migrated_database))
    assert app.config["BANK_MAX_BYTES"] == 123
    app = create_app(make_config(migrated_database, BANK_MAX_BYTES=456))
    assert app.config["BANK_MAX_BYTES"] == 456


def test_database_url_env_selects_database(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/from-env.sqlite")
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("from-env.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("FLASK_DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/quiz.sqlite"


def test_sqlite_connections_use_wal_foreign_keys_busy_timeout_and_synchronous(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas only apply to SQLite")
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_sqlite_synchronous_is_configurable_and_checked(tmp_path):
    url = f"sqlite:///{tmp_path / 'full.sqlite'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLITE_SYNCHRONOUS": "full",
        }
    )
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    with pytest.raises(RuntimeError, match="SQLITE_SYNCHRONOUS must be"):
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": SECRET,
                "SQLALCHEMY_DATABASE_URI": url,
                "SQLITE_SYNCHRONOUS": "OFF; DROP",
            }
        )


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models differ from migrations; run `flask db migrate`: {diff}"


def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_home_lists_imported_banks(client, every_kind_bank):
    page = client.get("/").get_data(as_text=True)
    assert "Every kind" in page
    assert "Summary" in page and "When to use what" in page


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


def test_schema_has_alembic_version(app):
    with app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1


def test_template_urls_are_flasks_own_under_any_script_root(app):
    # templates use a memoised url_for: the cache must never hand one mount's URL to another
    from flask import url_for

    from quiz.web.caching import memoised_url_for

    cached = memoised_url_for(max_size=3)
    calls = [
        ("dashboard.index", {}),
        ("review.drill", {"bank_slug": "b", "topic_slug": "t"}),
        ("review.drill", {"bank_slug": "b", "topic_slug": "u"}),
        ("static", {"filename": "app.css"}),
        ("dashboard.index", {"_anchor": "due-now"}),
        ("practice.question", {"question_id": 7}),
    ]
    for script_root in ("", "/quiz", ""):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": script_root}):
            for endpoint, values in calls * 2:
                url = cached(endpoint, **values)
                assert url == url_for(endpoint, **values)
                assert url.startswith(script_root + "/")
