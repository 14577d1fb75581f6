"""Banks in the database: versions, file moves, id claims and a broken file in questions/."""

import os
import shutil
import subprocess
import sys

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Bank, BankVersion, Question
from tests.conftest import DATA_DIR, EVERY_KIND, PROJECT_DIR, answered_by_a_learner


def versions(app, slug="every-kind"):
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(BankVersion)
                .join(Bank)
                .where(Bank.slug == slug)
                .order_by(BankVersion.number)
            )
        )


def init(runner):
    return runner.invoke(args=["quiz", "init"])


def test_each_change_of_a_file_is_a_version_with_its_exact_source(runner, app, tmp_path):
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    bank_file = tmp_path / "every-kind.md"
    shutil.copy(EVERY_KIND, bank_file)
    assert init(runner).exit_code == 0
    assert init(runner).exit_code == 0  # unchanged: no new version
    text = bank_file.read_text(encoding="utf-8")
    bank_file.write_text(text.replace("Django's admin is built in.", "Built in."), encoding="utf-8")
    assert init(runner).exit_code == 0
    first, second = versions(app)
    assert (first.number, second.number) == (1, 2)
    assert first.source == text and second.source == bank_file.read_text(encoding="utf-8")
    assert (first.origin, first.added, second.updated, second.unchanged) == ("file", 14, 1, 13)
    with app.app_context():
        bank = db.session.scalar(sa.select(Bank))
        assert bank.version == 2 and bank.content_hash == second.content_hash


def test_moving_a_file_keeps_its_bank_and_learners_history(runner, app, tmp_path):
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    shutil.copy(EVERY_KIND, tmp_path / "old-name.md")
    assert init(runner).exit_code == 0
    question_id = answered_by_a_learner(app)
    (tmp_path / "sub").mkdir()
    (tmp_path / "old-name.md").rename(tmp_path / "sub" / "new-name.md")
    result = init(runner)
    assert result.exit_code == 0, result.output
    assert "moved from" in result.output and "retired" in result.output
    assert "14 retired" not in result.output
    with app.app_context():
        [bank] = db.session.scalars(sa.select(Bank)).all()
        assert bank.source_path == str((tmp_path / "sub" / "new-name.md").resolve())
        question = db.session.get(Question, question_id)
        assert not question.retired and question.key == "admin-panel"
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


def test_two_files_claiming_one_id_is_an_error_naming_both(runner, app, tmp_path):
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    shutil.copy(EVERY_KIND, tmp_path / "a.md")
    shutil.copy(EVERY_KIND, tmp_path / "b.md")
    result = init(runner)
    assert result.exit_code == 0
    assert (
        f"{tmp_path / 'b.md'}:2: bank id 'every-kind' is already used by {tmp_path / 'a.md'}"
        in (result.output)
    )
    assert "warning: 1 file(s) with errors were not imported" in result.output


def test_a_copy_outside_questions_is_refused_until_replace_repoints_it(runner, app, tmp_path):
    shutil.copy(EVERY_KIND, tmp_path / "elsewhere.md")
    shutil.copy(EVERY_KIND, tmp_path / "mine.md")
    assert runner.invoke(args=["quiz", "import", str(tmp_path / "elsewhere.md")]).exit_code == 0
    refused = runner.invoke(args=["quiz", "import", str(tmp_path / "mine.md")])
    assert refused.exit_code == 1
    assert "already used by" in refused.output and "--replace" in refused.output
    replaced = runner.invoke(args=["quiz", "import", "--replace", str(tmp_path / "mine.md")])
    assert replaced.exit_code == 0, replaced.output
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.source_path)) == str(
            (tmp_path / "mine.md").resolve()
        )


def test_questions_folder_takes_over_an_id_imported_from_elsewhere(runner, app, tmp_path):
    outside, folder = tmp_path / "outside", tmp_path / "questions"
    outside.mkdir(), folder.mkdir()
    shutil.copy(EVERY_KIND, outside / "every-kind.md")
    assert runner.invoke(args=["quiz", "import", str(outside / "every-kind.md")]).exit_code == 0
    shutil.copy(EVERY_KIND, folder / "every-kind.md")  # the copy the issue saw refused
    app.config["QUESTIONS_DIR"] = str(folder)
    result = init(runner)
    assert result.exit_code == 0 and "moved from" in result.output, result.output


def test_a_broken_file_keeps_its_last_good_version_and_the_rest_import(runner, app, tmp_path):
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    bank_file = tmp_path / "every-kind.md"
    shutil.copy(EVERY_KIND, bank_file)
    assert init(runner).exit_code == 0
    bank_file.write_text("---\nbank: every-kind\ntitle: Oops\n---\n\n## no topic {#x}\nAnswer: y\n")
    shutil.copy(DATA_DIR / "broken.md", tmp_path / "broken.md")
    shutil.copy(PROJECT_DIR / "questions" / "web-frameworks.md", tmp_path / "web.md")
    result = init(runner)
    assert result.exit_code == 0, result.output
    assert f"{bank_file}:6:" in result.output  # the error, with its line
    assert "warning: 2 file(s) with errors were not imported" in result.output
    assert "web-frameworks" in result.output
    with app.app_context():
        titles = dict(db.session.execute(sa.select(Bank.slug, Bank.title)).all())
        assert titles["every-kind"] == "Every kind"  # the last good version stays live
        assert "web-frameworks" in titles
        live = sa.select(sa.func.count(Question.id)).join(Bank).where(~Question.retired)
        assert db.session.scalar(live.where(Bank.slug == "every-kind")) == 14
    assert len(versions(app)) == 1


def test_validate_stays_strict(runner, app):
    result = runner.invoke(args=["quiz", "validate", str(EVERY_KIND), str(DATA_DIR / "broken.md")])
    assert result.exit_code == 1


def test_make_run_start_with_a_broken_file_serves_the_other_banks(tmp_path):
    """What `make run` does first (`flask quiz init`) in a real process, then a served page."""
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(EVERY_KIND, folder / "every-kind.md")
    shutil.copy(DATA_DIR / "broken.md", folder / "broken.md")
    database = f"sqlite:///{tmp_path / 'run.sqlite'}"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "FLASK_QUESTIONS_DIR": str(folder),
        "FLASK_SECRET_KEY": "test-run-secret",
    }
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    init = subprocess.run(
        [*flask, "quiz", "init"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    assert init.returncode == 0, init.stderr
    assert "broken.md:" in init.stderr and "every-kind" in init.stdout

    from quiz import create_app
    from tests.conftest import AuthActions, make_config

    app = create_app(make_config(database, QUESTIONS_DIR=str(folder)))
    client = app.test_client()
    AuthActions(client).register()
    page = client.get("/")
    assert page.status_code == 200 and "Every kind" in page.get_data(as_text=True)
    assert client.get("/practice/every-kind/").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_a_version_published_in_the_browser_survives_quiz_init(runner, app, tmp_path):
    from quiz.bank_store.importer import Publication, publish
    from quiz.banks import parse_text

    app.config["QUESTIONS_DIR"] = str(tmp_path)
    bank_file = tmp_path / "every-kind.md"
    shutil.copy(EVERY_KIND, bank_file)
    assert init(runner).exit_code == 0
    uploaded = EVERY_KIND.read_text(encoding="utf-8").replace(
        "title: Every kind", "title: Uploaded"
    )
    with app.app_context():
        spec = parse_text(uploaded, "up.md").bank
        publish(db.session, Publication(spec=spec, source=uploaded, origin="upload", path="up.md"))
        db.session.commit()
    assert init(runner).exit_code == 0  # a restart: the file did not change
    bank_file.unlink()
    result = init(runner)
    assert "its file is gone" not in result.output
    with app.app_context():
        bank = db.session.scalar(sa.select(Bank))
        assert (bank.title, bank.version) == ("Uploaded", 2)
        assert (
            db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired)) == 14
        )
