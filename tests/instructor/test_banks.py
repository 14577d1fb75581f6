"""Bank pages: the list, download, version restore, retire and restore a bank."""

import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Attempt, Bank, BankVersion, Card, Question, User, utcnow
from quiz.practice.serving import Scope
from quiz.review.queue import queue_status
from tests.conftest import (
    PROJECT_DIR,
    QueryCounter,
    add_learner,
    answered_by_a_learner,
    csrf_token_from,
)

BANK = "/instructor/banks/every-kind/"


def press(client, url):
    token = csrf_token_from(client.get(BANK).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token}, follow_redirects=True)


def test_bank_list_shows_counts_in_a_constant_number_of_queries(instructor, app, editable_bank):
    answered_by_a_learner(app, "admin-panel")
    # each request in its own app context, as served: nothing carried over between them
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as one:
        html = instructor.get("/instructor/banks/").get_data(as_text=True)
    with app.app_context():
        import_paths(db.session, [PROJECT_DIR / "questions"], max_bytes=1_000_000)
    with QueryCounter(engine) as three:
        more = instructor.get("/instructor/banks/").get_data(as_text=True)
    row = re.search(r"Every kind</a></th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[:4] == ["<code>every-kind</code>", "14", "1", "1"]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", cells[4])
    assert more.count("/instructor/banks/") > html.count("/instructor/banks/")
    assert one.count == three.count


def test_download_source_is_the_live_version_exactly(instructor, editable_bank):
    response = instructor.get(BANK + "source")
    assert response.status_code == 200
    assert response.data == editable_bank.read_bytes()
    assert 'filename="every-kind.md"' in response.headers["Content-Disposition"]


def test_restore_makes_an_earlier_version_live_as_a_new_version(instructor, app, editable_bank):
    original = editable_bank.read_text(encoding="utf-8")
    editable_bank.write_text(original.replace("{#admin-panel}", "{#admin}"), encoding="utf-8")
    with app.app_context():
        import_paths(db.session, [editable_bank], max_bytes=1_000_000)
    page = unescape(press(instructor, BANK + "versions/1/restore").get_data(as_text=True))
    assert "Version 1 restored as version 3" in page
    assert "restore of version 1" in page
    with app.app_context():
        v3 = db.session.scalar(sa.select(BankVersion).where(BankVersion.number == 3))
        assert (v3.source, v3.origin, v3.restored_from) == (original, "restore", 1)
        assert v3.user.username == "teach"
        live = set(db.session.scalars(sa.select(Question.key).where(~Question.retired)))
        assert "admin-panel" in live and "admin" not in live
    assert instructor.get(BANK + "source").data.decode() == original


def test_restore_of_a_missing_version_is_not_found(instructor, editable_bank):
    token = csrf_token_from(instructor.get(BANK).get_data(as_text=True))
    response = instructor.post(BANK + "versions/9/restore", data={"csrf_token": token})
    assert response.status_code == 404


def test_retire_hides_the_bank_and_suspends_cards_then_restore_brings_them_back(
    instructor, app, client, auth, editable_bank
):
    question_id = answered_by_a_learner(app, "admin-panel")
    with app.app_context():
        learner_id = db.session.scalar(sa.select(User.id).where(User.username == "l"))
        db.session.add(
            Card(user_id=learner_id, question_id=question_id, state=2, due=utcnow() - timedelta(1))
        )
        db.session.commit()

    def due_now():
        with app.app_context():
            now = utcnow()
            status = queue_status(db.session, learner_id, now, now, Scope(None, mode="review"))
            return status.due_now

    assert due_now() == 1
    page = unescape(press(instructor, BANK + "retire").get_data(as_text=True))
    assert "“Every kind” is retired: 14 questions hidden" in page
    assert "Restore bank" in page and "Retire bank" not in page
    assert due_now() == 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Card.id))) == 1  # suspended, kept
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1
        assert db.session.scalar(sa.select(Bank.retired))
    assert "Every kind" not in client.get("/").get_data(as_text=True)

    page = unescape(press(instructor, BANK + "restore").get_data(as_text=True))
    assert "“Every kind” is back: 14 questions live again" in page
    assert due_now() == 1
    assert "Every kind" in client.get("/").get_data(as_text=True)


def test_a_file_sync_into_a_retired_bank_keeps_it_hidden(instructor, app, editable_bank):
    press(instructor, BANK + "retire")
    text = editable_bank.read_text(encoding="utf-8")
    editable_bank.write_text(
        text.replace("admin is built in", "admin is built-in"), encoding="utf-8"
    )
    with app.app_context():
        [report] = import_paths(db.session, [editable_bank], max_bytes=1_000_000).reports
        assert report.version == 2
        assert (
            db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired)) == 0
        )


def test_the_bank_page_lists_versions_and_actions(instructor, editable_bank):
    html = instructor.get(BANK).get_data(as_text=True)
    for label in ("Download source", "Upload new version", "Retire bank", "Version history"):
        assert label in html
    assert re.search(r"<th scope=\"row\">1 <small>\(live\)</small></th>", html)
    assert "file sync" in html
    assert instructor.get("/instructor/banks/nope/").status_code == 404


def test_the_instructor_home_is_the_bank_list(instructor):
    response = instructor.get("/instructor/")
    assert response.headers["Location"] == "/instructor/banks/"


def test_restoring_a_version_equal_to_the_live_one_changes_nothing(instructor, app, editable_bank):
    original = editable_bank.read_text(encoding="utf-8")
    editable_bank.write_text(original.replace("{#admin-panel}", "{#admin}"), encoding="utf-8")
    with app.app_context():
        import_paths(db.session, [editable_bank], max_bytes=1_000_000)
    press(instructor, BANK + "versions/1/restore")  # version 3 = version 1
    page = unescape(press(instructor, BANK + "versions/1/restore").get_data(as_text=True))
    assert "Version 1 is the same as the live version: nothing changed." in page
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.version)) == 3


def test_a_publish_racing_past_the_version_check_is_refused(app, editable_bank):
    """Two servers publishing at once: the unique version number stops the second."""
    from quiz.bank_store.importer import StaleVersion
    from quiz.instructor.service import check_source, publish_checked

    text = editable_bank.read_text(encoding="utf-8").replace("admin is built in", "admin: yes")
    with app.app_context():
        bank = db.session.scalar(sa.select(Bank))
        user = add_learner("t")
        # the other server's version 2 is in, its bank row not yet updated
        db.session.add(
            BankVersion(bank_id=bank.id, number=2, source="", content_hash="", origin="upload")
        )
        db.session.commit()
        preview = check_source(db.session, text, "up.md", 1_000_000, bank)
        with pytest.raises(StaleVersion):
            publish_checked(db.session, preview, user.id, expected_version=1)
        assert db.session.scalar(sa.select(sa.func.count(BankVersion.id))) == 2
        assert db.session.scalar(sa.select(Bank.content_hash)) != ""
        live = db.session.scalar(sa.select(Question.spec).where(Question.key == "admin-panel"))
        assert "admin: yes" not in live["explanation_md"]
