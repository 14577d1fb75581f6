"""Every hot page sends the same number of SQL statements whatever the learner's history."""

import sqlalchemy as sa

from bench.bench_queries import seed as seed_history
from quiz.extensions import db
from quiz.models import Attempt, Card, Interview, Question, User, utcnow
from tests.conftest import QueryCounter, start_interview

PAGES = (
    "/dashboard",
    "/progress/",
    "/practice/every-kind/",
    "/review/",
    "/interview/{interview}/q/1",
)


def add_history(app, attempts: int) -> None:
    """``attempts`` more attempts for the learner, one every 37 minutes back, and a card
    per question (in place of any they had), some due and some leeches: the bench's
    history (bench/bench_queries.py)."""
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        question_ids = list(db.session.scalars(sa.select(Question.id)))
        db.session.execute(sa.delete(Card).where(Card.user_id == user_id))
        seed_history(user_id, attempts, question_ids, now=utcnow())


def statements_per_page(client, app, interview_id: int) -> dict[str, int]:
    counts = {}
    for page in PAGES:
        url = page.format(interview=interview_id)
        client.get(url)  # whatever the first visit writes (a served question) is done
        with app.app_context(), QueryCounter(db.engine) as counter:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = counter.count
    return counts


def test_hot_pages_send_as_many_statements_with_a_long_history(client, auth, app, every_kind_bank):
    auth.register()
    assert start_interview(client, app).status_code == 200
    with app.app_context():
        interview_id = db.session.scalar(sa.select(Interview.id))
    add_history(app, 5)
    few = statements_per_page(client, app, interview_id)
    add_history(app, 400)
    many = statements_per_page(client, app, interview_id)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 405
    assert all(count >= 2 for count in few.values()), few  # each page was really counted
    assert many == few
