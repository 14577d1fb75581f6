import shutil

import pytest
import sqlalchemy as sa

from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Attempt, Bank, Question, Topic
from tests.conftest import DATA_DIR, EVERY_KIND, QueryCounter, add_learner

MAX = 1_000_000


@pytest.fixture
def bank_file(tmp_path):
    path = tmp_path / "every-kind.md"
    shutil.copy(EVERY_KIND, path)
    return path


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_first_import_adds_every_question(app, bank_file):
    with app.app_context():
        outcome = import_paths(db.session, [bank_file], MAX)
        assert outcome.ok
        [report] = outcome.reports
        assert (report.added, report.updated, report.retired, report.unchanged) == (14, 0, 0, 0)
        assert count(Question) == 14 and count(Bank) == 1 and count(Topic) == 3
        question = db.session.scalar(sa.select(Question).where(Question.key == "flask-gateway"))
        assert question.kind == "short" and "<p>" in question.explanation_html


def test_reimporting_an_unchanged_file_writes_nothing(app, bank_file):
    with app.app_context():
        import_paths(db.session, [bank_file], MAX)
        with QueryCounter(db.engine) as counter:
            outcome = import_paths(db.session, [bank_file], MAX)
        assert counter.writes == []
        [report] = outcome.reports
        assert (report.added, report.updated, report.retired, report.unchanged) == (0, 0, 0, 14)


def test_edit_updates_in_place_and_keeps_history(app, bank_file):
    with app.app_context():
        import_paths(db.session, [bank_file], MAX)
        question = db.session.scalar(sa.select(Question).where(Question.key == "flask-gateway"))
        user = add_learner("u")
        db.session.add(
            Attempt(
                user_id=user.id, question_id=question.id, answer="WSGI", score=1, verdict="right"
            )
        )
        db.session.commit()
        question_id = question.id

        text = bank_file.read_text(encoding="utf-8")
        bank_file.write_text(text.replace("Answer: WSGI |", "Answer: WSGI | PEP 3333 |"), "utf-8")
        [report] = import_paths(db.session, [bank_file], MAX).reports
        assert (report.added, report.updated, report.unchanged) == (0, 1, 13)
        db.session.expire_all()
        question = db.session.get(Question, question_id)
        assert "PEP 3333" in question.spec["answers"]
        assert count(Attempt) == 1


def test_removed_question_is_retired_not_deleted(app, bank_file):
    with app.app_context():
        import_paths(db.session, [bank_file], MAX)
        text = bank_file.read_text(encoding="utf-8")
        start = text.index("## Which gateway")
        end = text.index("## Why can FastAPI")
        bank_file.write_text(text[:start] + text[end:], encoding="utf-8")
        [report] = import_paths(db.session, [bank_file], MAX).reports
        assert report.retired == 1
        question = db.session.scalar(sa.select(Question).where(Question.key == "flask-gateway"))
        assert question.retired
        assert count(Question) == 14
        # putting it back brings the same row back
        bank_file.write_text(text, encoding="utf-8")
        [report] = import_paths(db.session, [bank_file], MAX).reports
        assert report.updated == 1 and report.retired == 0
        db.session.refresh(question)
        assert not question.retired


def test_a_broken_bank_imports_nothing_at_all(app, bank_file):
    with app.app_context():
        outcome = import_paths(db.session, [bank_file, DATA_DIR / "broken.md"], MAX)
        assert not outcome.ok
        assert outcome.reports == []
        assert count(Bank) == 0 and count(Question) == 0


def test_bank_id_owned_by_another_existing_file_is_refused(app, bank_file, tmp_path):
    other = tmp_path / "copy.md"
    shutil.copy(bank_file, other)
    with app.app_context():
        import_paths(db.session, [bank_file], MAX)
        outcome = import_paths(db.session, [other], MAX)
        assert not outcome.ok
        assert "already used by" in outcome.errors[0].message
        assert count(Bank) == 1


def test_a_failure_midway_rolls_everything_back(app, bank_file, monkeypatch):
    import quiz.bank_store.importer as importer

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    with app.app_context():
        monkeypatch.setattr(importer, "_fill_question", explode)
        with pytest.raises(RuntimeError):
            import_paths(db.session, [bank_file], MAX)
        assert count(Bank) == 0 and count(Topic) == 0


def test_a_new_import_format_version_re_renders_every_question(app, bank_file, monkeypatch):
    import quiz.bank_store.importer as importer

    with app.app_context():
        import_paths(db.session, [bank_file], MAX)
        monkeypatch.setattr(importer, "IMPORT_FORMAT_VERSION", "next")
        monkeypatch.setattr(importer, "render_markdown", lambda text: "<p>re-rendered</p>")
        [report] = import_paths(db.session, [bank_file], MAX).reports
        assert report.updated == 14
        html = db.session.scalars(sa.select(Question.prompt_html)).all()
        assert set(html) == {"<p>re-rendered</p>"}


def test_source_path_is_stored_resolved(app, bank_file, monkeypatch):
    monkeypatch.chdir(bank_file.parent)
    with app.app_context():
        import_paths(db.session, ["every-kind.md"], MAX)
        assert db.session.scalar(sa.select(Bank.source_path)) == str(bank_file.resolve())
