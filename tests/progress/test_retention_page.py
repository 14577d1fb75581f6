"""The progress page's true retention table (issue 20 item 5), from the stored review log."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User
from tests.conftest import answer_through_services


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
        answer_through_services(user_id, "flask-gateway", "WSGI", start)
        answer_through_services(user_id, "flask-gateway", "WSGI", start + timedelta(minutes=10))
        answer_through_services(
            user_id, "flask-gateway", "WSGI", now - timedelta(days=35)
        )  # recalled
        answer_through_services(
            user_id, "flask-gateway", "ASGI", now - timedelta(days=3)
        )  # forgotten
        answer_through_services(
            user_id, "flask-gateway", "WSGI", now - timedelta(days=3, minutes=-10)
        )  # relearning
    page = client.get("/progress/").get_data(as_text=True)
    assert retention_cells(page) == [
        ("Last week", "1", "0"),
        ("Last month", "1", "0"),
        ("Last year", "2", "1"),
        ("All time", "2", "1"),
    ]
    assert "50%" in page[page.index('id="retention-table"') :]
