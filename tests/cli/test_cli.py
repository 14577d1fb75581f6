import json
import shutil

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question
from tests.conftest import DATA_DIR, EVERY_KIND, PROJECT_DIR


def test_validate_json_counts_every_kind_and_generated(runner):
    result = runner.invoke(args=["quiz", "validate", "--json", str(EVERY_KIND)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True
    [summary] = report["files"]
    assert summary["bank"] == "every-kind"
    assert summary["questions"] == 14
    assert summary["generated"] == 10
    assert summary["kinds"] == {"single": 9, "multiple": 1, "short": 3, "open": 1}
    assert summary["errors"] == [] and summary["warnings"] == []


def test_validate_broken_bank_exits_1_with_every_error_on_its_line(runner):
    result = runner.invoke(args=["quiz", "validate", "--json", str(DATA_DIR / "broken.md")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    errors = [(e["line"], e["message"]) for e in report["files"][0]["errors"]]
    assert [line for line, _ in errors] == [1, 5, 11, 18]
    assert "bank" in errors[0][1]  # front matter without `bank:`
    assert "before the first topic" in errors[1][1]
    assert "no [x]" in errors[2][1]
    assert "two answer parts" in errors[3][1]


def test_validate_plain_output_prints_file_line_errors(runner):
    result = runner.invoke(args=["quiz", "validate", str(DATA_DIR / "broken.md")])
    assert result.exit_code == 1
    assert f"{DATA_DIR / 'broken.md'}:5:" in result.output


def test_shipped_banks_validate_clean(runner):
    result = runner.invoke(args=["quiz", "validate", "--json", str(PROJECT_DIR / "questions")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    files = {f["bank"]: f for f in report["files"]}
    for summary in files.values():
        assert summary["errors"] == [], summary["path"]
        assert summary["warnings"] == [], summary["path"]
    frameworks = files["web-frameworks"]
    assert frameworks["questions"] >= 60
    assert all(frameworks["kinds"][k] > 0 for k in ("single", "multiple", "short", "open"))
    assert frameworks["generated"] > 0
    backend = files["python-web-backend"]
    assert backend["questions"] >= 40
    assert all(backend["kinds"][k] > 0 for k in ("single", "multiple", "short", "open"))


def test_import_twice_reports_unchanged_and_writes_nothing(runner, app, tmp_path):
    shutil.copy(EVERY_KIND, tmp_path / "every-kind.md")
    first = runner.invoke(args=["quiz", "import", str(tmp_path)])
    assert first.exit_code == 0, first.output
    assert "14 added" in first.output
    second = runner.invoke(args=["quiz", "import", str(tmp_path)])
    assert second.exit_code == 0
    assert "0 added, 0 updated, 0 retired, 14 unchanged" in second.output


def test_import_broken_file_exits_1_and_imports_nothing(runner, app):
    result = runner.invoke(args=["quiz", "import", str(EVERY_KIND), str(DATA_DIR / "broken.md")])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_init_imports_the_shipped_banks(runner, app):
    result = runner.invoke(args=["quiz", "init"])
    assert result.exit_code == 0, result.output
    assert "web-frameworks" in result.output and "python-web-backend" in result.output
    again = runner.invoke(args=["quiz", "init"])
    assert again.exit_code == 0
    assert " 0 added, 0 updated, 0 retired" in again.output


def test_init_retires_the_questions_of_a_bank_whose_file_was_deleted(runner, app, tmp_path):
    app.config["QUESTIONS_DIR"] = str(tmp_path)
    bank_file = tmp_path / "every-kind.md"
    shutil.copy(EVERY_KIND, bank_file)
    assert runner.invoke(args=["quiz", "init"]).exit_code == 0
    bank_file.unlink()
    result = runner.invoke(args=["quiz", "init"])
    assert result.exit_code == 0, result.output
    assert "14 retired" in result.output and "its file is gone" in result.output
    with app.app_context():
        live = db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired))
        kept = db.session.scalar(sa.select(sa.func.count(Question.id)))
    assert (live, kept) == (0, 14)
    again = runner.invoke(args=["quiz", "init"])
    assert "its file is gone" not in again.output
    shutil.copy(EVERY_KIND, bank_file)  # the file comes back unchanged
    back = runner.invoke(args=["quiz", "init"])
    assert "14 updated" in back.output
    with app.app_context():
        live = db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired))
    assert live == 14
