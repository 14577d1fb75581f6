"""Bad input gets a clear answer and changes nothing: never a 500, on either database."""

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Card
from tests.conftest import attempts, csrf_token_from, open_question, rate_answer, submit


@pytest.mark.parametrize(
    "url",
    [
        f"/practice/question/{2**63}",
        f"/practice/attempt/{10**30}",
        f"/interview/{2**31}",
        f"/interview/{2**31}/report",
        "/practice/question/0",
    ],
)
def test_ids_outside_the_database_range_are_not_found(client, auth, every_kind_bank, url):
    auth.register()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/practice/%00/", "/review/a%00b/", "/practice/every-kind/%00", "/?q=%00"]
)
def test_nul_characters_are_a_bad_request(client, auth, every_kind_bank, url):
    auth.register()
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)


def test_nul_in_a_login_form_is_refused(client, auth):
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={"username": "a\x00b", "password": "whatever1", "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("choice", ["²", "abc", "9" * 5000, "-1", "999", ""])
def test_nonsense_option_numbers_ask_for_an_answer(client, auth, app, every_kind_bank, choice):
    auth.register()
    html, token, _ = open_question(client, app, "admin-panel")
    response = submit(client, html, token, choice=choice)
    assert response.status_code == 422
    assert "Pick an answer" in response.get_data(as_text=True)
    assert attempts(app) == []


def test_self_rating_a_question_scored_automatically_is_refused(client, auth, app, every_kind_bank):
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    page = submit(client, html, token, choice=options["Django"]).get_data(as_text=True)
    [attempt] = attempts(app)
    response = rate_answer(client, attempt.id, page, follow_redirects=True, rating="1")
    assert response.status_code == 200
    assert "Only open questions take a self-rating" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Attempt.self_rating)) is None
        assert db.session.scalar(sa.select(Card.reviews)) == 1


@pytest.mark.parametrize(
    ("answer", "message"),
    [("", "Type an answer"), ("   ", "Type an answer"), ("x" * 20_001, "limited to 20,000")],
)
def test_empty_or_huge_typed_answers_are_refused_and_not_recorded(
    client, auth, app, every_kind_bank, answer, message
):
    auth.register()
    html, token, _ = open_question(client, app, "flask-gateway")
    response = submit(client, html, token, answer=answer)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert attempts(app) == []


def test_a_request_body_over_a_megabyte_is_refused(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "flask-gateway")
    response = submit(client, html, token, answer="x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert attempts(app) == []


@pytest.mark.parametrize(
    "answer",
    [
        "FastAPI is ASGI-based and its coroutines never block the event loop. " * 289,
        "?!.,;:-" * 100,
        "FastAPI は ASGI の上で動き、イベントループをブロックしません。",
        "<script>alert(1)</script> **ASGI** [x](javascript:alert(1)) <!-- c -->",
        "Why can FastAPI serve many slow I/O-bound requests at once?",
    ],
    ids=["20000-chars", "punctuation", "japanese", "html-markdown", "the-prompt"],
)
def test_odd_open_answers_are_graded_stored_and_shown_escaped(
    client, auth, app, every_kind_bank, answer
):
    assert len(answer) <= 20_000
    auth.register()
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    response = submit(client, html, token, answer=answer)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in page
    [attempt] = attempts(app)
    assert attempt.answer == answer.strip()
    if answer.startswith("Why can FastAPI"):
        assert attempt.score <= 0.2
