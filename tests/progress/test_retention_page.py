"""The progress page's true retention table (issue 20 item 5), from the stored review log."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Question, User
from quiz.practice.answers import store_attempt
from quiz.practice.scope import Scope
from quiz.practice.serving import question_view, serve, served_for_answer


def answer(user_id, key, text, now):
    q = db.session.scalar(sa.select(Question).where(Question.key == key))
    view = question_view(db.session, q.id)
    shown = serve(db.session, user_id, view, Scope(q.bank_id), now=now - timedelta(seconds=30))
    served, _ = served_for_answer(db.session, user_id, shown.token)
    store_attempt(db.session, served, text, now=now)


def retention_cells(page):
    table = page[page.index('id="retention-table"') :]
    return re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>', table)


def test_retention_counts_reviews_of_learned_questions_only(client, auth, app, every_kind_bank):
    auth.register()
    page = client.get("/progress/").get_data(as_text=True)
    assert "No reviews of learned questions yet" in page and "90%" in page
    now = datetime.now(UTC)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        start = now - timedelta(days=40)
        # learning: two right answers 10 minutes apart (not counted), then learned
        answer(user_id, "flask-gateway", "WSGI", start)
        answer(user_id, "flask-gateway", "WSGI", start + timedelta(minutes=10))
        answer(user_id, "flask-gateway", "WSGI", now - timedelta(days=35))  # recalled
        answer(user_id, "flask-gateway", "ASGI", now - timedelta(days=3))  # forgotten
        answer(user_id, "flask-gateway", "WSGI", now - timedelta(days=3, minutes=-10))  # relearning
    page = client.get("/progress/").get_data(as_text=True)
    assert retention_cells(page) == [
        ("Last week", "1", "0"),
        ("Last month", "1", "0"),
        ("Last year", "2", "1"),
        ("All time", "2", "1"),
    ]
    assert "50%" in page[page.index('id="retention-table"') :]
