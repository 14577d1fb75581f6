"""Feedback that teaches: marked options, I don't know, I was right, rendered Markdown."""

import re

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Card, ReviewLog
from quiz.practice.feedback import mark_options
from quiz.scheduling.schedule import AGAIN, ReviewRecord, rating_for, replay
from quiz.web.rendering import without_model_answer_label
from tests.conftest import (
    attempts,
    csrf_token_from,
    import_bank,
    open_question,
    rate_answer,
    submit,
)

# ------------------------------------------------------------------------ plain logic


def test_options_are_marked_in_the_order_shown():
    marked = mark_options(["A", "B", "C", "D"], [2, 0, 3, 1], picked=[0, 3], correct=[0, 1])
    assert [(o.html, o.mark) for o in marked] == [
        ("C", "plain"),
        ("A", "right-pick"),
        ("D", "wrong-pick"),
        ("B", "missed"),
    ]
    # an order that does not fit (options edited since) falls back to file order
    assert [o.html for o in mark_options(["A", "B"], [5, 0], [], [1])] == ["A", "B"]


def test_model_answer_label_is_dropped_once():
    assert without_model_answer_label("<p>Model answer: FastAPI is ASGI.</p>") == (
        "<p>FastAPI is ASGI.</p>"
    )
    assert without_model_answer_label("<p><strong>Model answer:</strong> X</p>") == "<p>X</p>"
    assert without_model_answer_label("<p>The model answer: X</p>") == "<p>The model answer: X</p>"


# ------------------------------------------------------------------------------ pages


def test_feedback_shows_a_banner_and_options_marked_in_place(client, auth, app, every_kind_bank):
    auth.register()
    html, token, options = open_question(client, app, "django-batteries")
    page = submit(client, html, token, choice=[options["ORM"], options["Automatic OpenAPI docs"]])
    page = page.get_data(as_text=True)
    assert re.search(r'class="verdict-banner verdict-banner-wrong" id="result">\s*<span', page)
    assert ">✗</span>" in page and "<strong>Wrong</strong>" in page
    marks = dict(
        (text, mark)
        for mark, text in re.findall(
            r'<li class="mark-([a-z-]+)">.*?<span class="option-text">(.*?)</span>', page, re.S
        )
    )
    assert marks == {
        "ORM": "right-pick",
        "Automatic OpenAPI docs": "wrong-pick",
        "Authentication": "missed",
    }
    assert "your pick · wrong" in page and "right answer · not picked" in page
    assert "Correct answer" not in page  # no second list


def test_model_answer_heading_is_not_repeated(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    page = submit(client, html, token, answer="ASGI and async").get_data(as_text=True)
    assert "<h3>Model answer</h3>" in page
    assert "Model answer:" not in page
    assert '<div class="explanation"><p>FastAPI is ASGI-based' in page


def test_i_dont_know_records_one_wrong_attempt_and_shows_the_answer(
    client, auth, app, every_kind_bank
):
    auth.register()
    for key, right in (
        ("admin-panel", "Django"),
        ("flask-gateway", "WSGI"),
        ("fastapi-concurrency", "ASGI"),
    ):
        html, token, _ = open_question(client, app, key)
        assert "I don&#39;t know" in html or "I don't know" in html
        page = submit(client, html, token, dont_know="1").get_data(as_text=True)
        assert "<strong>Wrong</strong>" in page and right in page
        assert "You answered “I don" in page
        assert "I was right" not in page  # nothing typed, nothing to overrule
        again = submit(client, html, token, dont_know="1").get_data(as_text=True)
        assert "already recorded" in again  # a double submit records one attempt
    recorded = attempts(app)
    assert [(a.answer, a.verdict, a.score) for a in recorded] == [
        ([], "wrong", 0.0),
        ("", "wrong", 0.0),
        ("", "wrong", 0.0),
    ]
    assert recorded[2].self_rating == AGAIN  # the open one: rated Again, so it has a card
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Card)) == 3


def test_i_was_right_replays_the_card_as_a_right_answer(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "flask-gateway")
    page = submit(client, html, token, answer="the gateway thing").get_data(as_text=True)
    [attempt] = attempts(app)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    with app.app_context():
        before = db.session.scalar(sa.select(Card))
        assert before.last_rating == AGAIN
        first_seen, due_before = before.first_seen, before.due
        log = db.session.scalar(sa.select(ReviewLog))
        reviewed_at, duration = log.reviewed_at, log.duration_ms
    client.post(
        f"/practice/attempt/{attempt.id}/override", data={"csrf_token": csrf_token_from(page)}
    )
    rating = rating_for("short", 1.0, duration / 1000)
    expected = replay([ReviewRecord(rating, reviewed_at, duration)], first_seen)
    with app.app_context():
        card = db.session.scalar(sa.select(Card))
        assert db.session.scalar(sa.select(ReviewLog.rating)) == rating != AGAIN
        assert (card.state, card.step, card.stability, card.difficulty) == (
            expected.state,
            expected.step,
            expected.stability,
            expected.difficulty,
        )
        assert card.due == expected.due > due_before
        assert (card.last_rating, card.lapses, card.learned, card.reviews) == (rating, 0, True, 1)
    # the dashboard's kept copy does not outlive the change
    assert client.get("/dashboard").get_data(as_text=True) != dashboard


def test_i_was_right_is_kept_apart_from_the_score_and_counted_in_progress(
    client, auth, app, every_kind_bank
):
    auth.register()
    html, token, _ = open_question(client, app, "flask-gateway")
    page = submit(client, html, token, answer="the gateway thing").get_data(as_text=True)
    assert "I was right" in page
    [attempt] = attempts(app)
    progress = client.get("/progress/").get_data(as_text=True)
    assert re.search(r"Basics</a></th>\s*<td[^>]*>1 / 4</td>\s*<td[^>]*>0%</td>", progress)

    url = f"/practice/attempt/{attempt.id}/override"
    assert client.post(url).status_code == 400  # CSRF stays on
    page = client.post(
        url, data={"csrf_token": csrf_token_from(page)}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Marked as right" in page and "counts as right in your progress" in page
    assert "I was right</button>" not in page
    [attempt] = attempts(app)
    assert attempt.overridden_at is not None
    assert attempt.score == 0.0 and attempt.verdict == "wrong"  # the grader's word stays
    progress = client.get("/progress/").get_data(as_text=True)
    assert re.search(r"Basics</a></th>\s*<td[^>]*>1 / 4</td>\s*<td[^>]*>100%</td>", progress)
    again = client.post(url, data={"csrf_token": csrf_token_from(page)}, follow_redirects=True)
    assert "already marked" in again.get_data(as_text=True)

    # a choice question cannot be overruled; someone else's attempt does not exist
    html, token, options = open_question(client, app, "admin-panel")
    page = submit(client, html, token, choice=options["Flask"]).get_data(as_text=True)
    choice = attempts(app)[-1]
    refused = client.post(
        f"/practice/attempt/{choice.id}/override",
        data={"csrf_token": csrf_token_from(page)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Only a typed answer" in refused and attempts(app)[-1].overridden_at is None
    auth.logout()
    auth.register(username="mallory")
    html = client.get("/").get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 404


def test_recent_attempts_render_markdown_in_prompts(client, auth, app, editable_bank):
    text = editable_bank.read_text(encoding="utf-8")
    editable_bank.write_text(
        text.replace("ships an auto-generated admin panel?", "ships an `auto` *admin* panel?"),
        encoding="utf-8",
    )
    import_bank(app, editable_bank)
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    page = client.get("/progress/").get_data(as_text=True)
    assert "ships an <code>auto</code> <em>admin</em> panel?" in page
    assert "`auto`" not in page and "*admin*" not in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Attempt)) == 1


def test_next_without_rating_an_open_question_applies_the_stated_default(
    client, auth, app, every_kind_bank
):
    auth.register()
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    page = submit(client, html, token, answer="It uses ASGI and async/await.").get_data(
        as_text=True
    )
    assert 'id="default-rating"' in page
    # 2 of 3 points (67%): Hard, the rule the page states (Good from 70%)
    assert "going on rates this answer\n          <strong>Hard</strong>" in page
    assert "Again below 30%, Hard below 70%, else Good" in page
    [attempt] = attempts(app)
    response = rate_answer(client, attempt.id, page, rating="2", then="next")
    assert response.status_code == 302 and "after=" in response.location
    [attempt] = attempts(app)
    assert attempt.self_rating == 2
    with app.app_context():
        card = db.session.scalar(sa.select(Card).where(Card.question_id == attempt.question_id))
        assert card is not None and card.last_rating == 2
    page = client.get(f"/practice/attempt/{attempt.id}").get_data(as_text=True)
    assert 'id="default-rating"' not in page and "You rated this" in page


def test_the_stated_default_follows_the_score(client, auth, app, every_kind_bank):
    """Again below 30%, Hard below 70%, Good from 70%: a strong answer is not Hard."""
    auth.register()
    for answer, rating in (
        ("It is ASGI based and async/await endpoints do not block the event loop.", "Good"),
        ("Coroutines are a Python thing I never used; it starts a thread per request.", "Hard"),
        ("I am not sure, maybe threads?", "Again"),
    ):
        html, token, _ = open_question(client, app, "fastapi-concurrency")
        page = submit(client, html, token, answer=answer).get_data(as_text=True)
        assert f"going on rates this answer\n          <strong>{rating}</strong>" in page, answer
