"""Every hot page sends the same number of SQL statements whatever the learner's history."""

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Interview
from tests.conftest import add_history, start_interview, statements_per_page


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
