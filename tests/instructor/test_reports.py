"""Item analysis page and CSV, numbered source view, Anki deck and the learner's own CSV."""

import csv
import io
import re
import sqlite3
import zipfile
from html import unescape

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Question, User
from quiz.practice.answers import graded_attempt
from tests.conftest import QueryCounter, add_learner, import_bank

BANK = "/instructor/banks/every-kind/"


@pytest.fixture
def instructor(instructor, every_kind_bank):
    """The instructor, with the every-kind bank to report on."""
    return instructor


def add_learners(app, count: int, answers: dict[str, object], start: int = 0) -> None:
    """``count`` learners, each answering every question in ``answers`` once."""
    with app.app_context():
        questions = {
            q.key: q for q in db.session.scalars(sa.select(Question).where(~Question.retired))
        }
        for n in range(start, start + count):
            user = add_learner(f"l{n}")
            for key, response in answers.items():
                question = questions[key]
                attempt = graded_attempt(
                    question, response, [], user_id=user.id, time_taken_ms=1000 * (n + 1)
                )
                db.session.add(attempt)
        db.session.commit()


ANSWERS = {
    "admin-panel": [2],  # Django: right
    "django-batteries": [0, 1],  # right
    "flask-gateway": "WSGI",
    # a sentence: a bare "async/await on ASGI" is a keyword list, capped (too hard)
    "fastapi-concurrency": "FastAPI handles requests with async/await code running on ASGI",
}


def test_bank_page_links_the_analysis_and_the_anki_deck(instructor):
    html = instructor.get(BANK).get_data(as_text=True)
    actions = re.search(r'<ul class="bank-actions" id="bank-actions">(.*?)</ul>', html, re.S)
    assert ">Item analysis</a>" in actions.group(1)
    assert ">Export to Anki</a>" in actions.group(1)
    # before anyone answers: every question listed, nothing to conclude yet
    empty = unescape(instructor.get(BANK + "analysis").get_data(as_text=True))
    assert empty.count('<tr id="q-') == 14 and "too easy" not in empty
    assert "not enough data" in empty
    assert len(instructor.get(BANK + "analysis.csv").get_data(as_text=True).splitlines()) == 15
    assert instructor.get("/instructor/banks/no-such-bank/analysis").status_code == 404


def test_analysis_page_shows_stats_flags_and_source_links(instructor, app):
    add_learners(app, 5, ANSWERS)
    html = unescape(instructor.get(BANK + "analysis").get_data(as_text=True))
    row = re.search(r'<tr id="q-admin-panel">(.*?)</tr>', html, re.S).group(1)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[0] == "too easy"
    assert cells[1:5] == ["5", "5", "100%", "not enough data"]
    assert cells[5] == "3.0 s"  # median of 1..5 seconds
    assert "FastAPI: 0 (0%)" in cells[6] and "Django: 5 (100%)" in cells[6]
    # open question: the key point nobody wrote is flagged
    open_row = re.search(r'<tr id="q-fastapi-concurrency">(.*?)</tr>', html, re.S).group(1)
    assert "too easy" not in open_row and "non-blocking" in open_row
    link = re.search(r'href="(/instructor/banks/every-kind/source/lines#L(\d+))"', row)
    assert link.group(2) == "9"  # the line of its heading in every-kind.md
    source = instructor.get(link.group(1).split("#")[0]).get_data(as_text=True)
    assert re.search(r'<tr id="L9">.*admin-panel', source)


def test_analysis_flags_once_there_are_enough_attempts(instructor, app):
    add_learners(app, 10, ANSWERS)
    html = unescape(instructor.get(BANK + "analysis").get_data(as_text=True))
    admin = re.search(r'<tr id="q-admin-panel">(.*?)</tr>', html, re.S).group(1)
    assert "distractor nobody picks" in admin
    open_row = re.search(r'<tr id="q-fastapi-concurrency">(.*?)</tr>', html, re.S).group(1)
    assert "key points nobody covers" in open_row
    # worst first: too easy + unpicked distractor (4), uncovered key point (3), too easy (1)
    order = re.findall(r'<tr id="q-([\w-]+)">', html)
    assert order[:4] == ["admin-panel", "django-batteries", "fastapi-concurrency", "flask-gateway"]


def test_analysis_runs_a_constant_number_of_queries(instructor, app):
    add_learners(app, 1, ANSWERS)
    with app.app_context(), QueryCounter(db.engine) as few:
        assert instructor.get(BANK + "analysis").status_code == 200
    add_learners(app, 30, ANSWERS, start=1)
    with app.app_context():
        with QueryCounter(db.engine) as many:
            assert instructor.get(BANK + "analysis").status_code == 200
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 31 * len(ANSWERS)
    assert few.count == many.count


def test_analysis_csv_is_the_same_table(instructor, app):
    add_learners(app, 5, ANSWERS)
    response = instructor.get(BANK + "analysis.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="every-kind-analysis.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    by_key = {r["question"]: r for r in rows}
    admin = by_key["admin-panel"]
    assert (admin["attempts"], admin["learners"], admin["facility"]) == ("5", "5", "1.0")
    assert admin["discrimination"] == "not enough data"
    assert admin["line"] == "9" and admin["flags"] == "too easy"
    assert admin["option picks"] == "FastAPI: 0; Flask: 0; Django: 5"
    page = instructor.get(BANK + "analysis").get_data(as_text=True)
    assert len(rows) == len(re.findall(r'<tr id="q-', page))


def test_anki_deck_holds_one_note_per_question_with_stable_guids(instructor, app, tmp_path):
    def notes():
        response = instructor.get(BANK + "anki.apkg")
        assert response.status_code == 200
        assert 'filename="every-kind.apkg"' in response.headers["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            path = tmp_path / "collection.anki2"
            path.write_bytes(archive.read("collection.anki2"))
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT guid, flds, tags, mid FROM notes ORDER BY guid").fetchall()
            decks = conn.execute("SELECT decks FROM col").fetchone()[0]
        path.unlink()
        return rows, decks

    first, decks = notes()
    again, decks_again = notes()
    with app.app_context():
        live = db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired))
    assert len(first) == live > 4
    assert [r[0] for r in first] == [r[0] for r in again]  # guids stable across exports
    assert {r[3] for r in first} == {r[3] for r in again}  # one note type, same id
    assert decks == decks_again and "Every kind" in decks
    by_id = {r[1].split("\x1f")[2]: r for r in first}
    front, back, _ = by_id["admin-panel"][1].split("\x1f")
    assert "auto-generated admin panel" in front and "<li>FastAPI</li>" in front
    assert "Answer:" in back and "Django" in back and "admin is built in" in back
    assert by_id["admin-panel"][2].strip() == "basics"
    short_back = by_id["flask-gateway"][1].split("\x1f")[1]
    assert "WSGI" in short_back
    assert "ASGI" in by_id["fastapi-concurrency"][1].split("\x1f")[1]


def test_progress_export_has_only_my_rows_quoted_and_formula_safe(client, auth, app):
    from tests.conftest import EVERY_KIND

    import_bank(app, EVERY_KIND)
    auth.register("mine")
    add_learners(app, 1, {"flask-gateway": '=HYPERLINK("http://x")'}, start=0)
    with app.app_context():
        me = db.session.scalar(sa.select(User).where(User.username == "mine"))
        questions = {q.key: q for q in db.session.scalars(sa.select(Question))}
        for key, response in [
            ("flask-gateway", '@SUM(1,2), "quoted"\nnext line'),
            ("admin-panel", [2]),
        ]:
            db.session.add(graded_attempt(questions[key], response, [], user_id=me.id))
        db.session.commit()
    assert ">Download my history (CSV)</a>" in client.get("/progress/").get_data(as_text=True)
    response = client.get("/progress/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert len(body) == 2  # the other learner's attempt is not here
    answers = [r[header.index("answer")] for r in body]
    assert answers == ['\'@SUM(1,2), "quoted"\nnext line', "Django"]
    assert all("HYPERLINK" not in cell for row in body for cell in row)
    assert body[1][header.index("verdict")] == "right"


def test_progress_export_needs_a_login(client):
    response = client.get("/progress/export.csv")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
