"""The interview question page read as plain values (quiz/interview/page.py) agrees with
the ORM items it replaced, and keeps the page's rules on its fast path."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from quiz.extensions import db
from quiz.interview import service
from quiz.interview.drafts import effective_answer
from quiz.interview.page import question_page
from quiz.interview.routes import shown_at_from, shown_token
from quiz.models import InterviewItem, InterviewState, User
from tests.conftest import (
    QueryCounter,
    answer_interview,
    interview_page,
    interviews,
    start_interview,
)


def set_items(app, interview_id, values_by_position):
    with app.app_context():
        for position, values in values_by_position.items():
            db.session.execute(
                sa.update(InterviewItem)
                .where(
                    InterviewItem.interview_id == interview_id,
                    InterviewItem.position == position,
                )
                .values(**values)
            )
        db.session.commit()


def test_page_values_agree_with_effective_answer(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    t = clock.t
    micro = timedelta(microseconds=1)
    set_items(
        app,
        interview.id,
        {
            # saved, then a newer draft (by one microsecond): the draft counts
            1: {"answer": [0], "saved_at": t, "draft": [1, 2], "draft_saved_at": t + micro},
            # a draft, then a newer save: the save counts
            2: {"answer": [2], "saved_at": t + micro, "draft": [0], "draft_saved_at": t},
            # saved, then the field cleared (an empty draft is newer): unanswered
            3: {"answer": "WSGI", "saved_at": t, "draft": sa.null(), "draft_saved_at": t + micro},
            # a draft and a save at the same instant: the save counts
            4: {"answer": "", "saved_at": t, "draft": "typed", "draft_saved_at": t},
            # only a draft, days later
            5: {"draft": "later", "draft_saved_at": t + timedelta(days=3)},
        },
    )
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        orm_items = list(
            db.session.scalars(
                sa.select(InterviewItem)
                .where(InterviewItem.interview_id == interview.id)
                .order_by(InterviewItem.position)
            )
        )
        for orm in orm_items:
            page = question_page(db.session, user_id, interview.id, orm.position)
            assert page is not None
            expected = effective_answer(orm)
            assert (page.item.answer, page.item.autosaved) == expected, orm.position
            assert page.item.option_order == orm.option_order
            assert page.answered == {i.position for i in orm_items if service.is_answered(i)}
            assert page.total == len(orm_items)
            assert page.interview.deadline == interview.deadline
            assert page.interview.state == InterviewState.IN_PROGRESS
            question = orm.question
            assert page.question.kind == question.kind
            assert page.question.prompt_html == question.prompt_html
            assert page.question.options_html == question.options_html
            assert page.question.bank_title == question.bank.title
            assert page.question.topic_title == question.topic.title
        assert page.answered == {1, 2, 5}


def test_page_is_none_for_someone_elses_interview_or_a_missing_position(
    client, auth, app, every_kind_bank
):
    auth.register()
    start_interview(client, app, questions=5)
    [interview] = interviews(app)
    with app.app_context():
        owner = db.session.scalar(sa.select(User.id))
        for position in (0, -1, 6, 2**31 - 1):  # the largest a URL admits
            assert question_page(db.session, owner, interview.id, position) is None
        assert question_page(db.session, owner + 1, interview.id, 1) is None
        assert question_page(db.session, owner, interview.id + 1, 1) is None
        assert question_page(db.session, owner, interview.id, 5) is not None
    for position in (0, 6, 2**31 - 1, 2**31):
        assert client.get(f"/interview/{interview.id}/q/{position}").status_code == 404


def test_question_page_reads_everything_in_one_statement(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    interview_page(client, interview.id, 1)
    with app.app_context(), QueryCounter(db.engine) as counter:
        interview_page(client, interview.id, 1)
    assert counter.count == 2, counter.statements  # the account, then the page
    with app.app_context(), QueryCounter(db.engine) as counter:
        interview_page(client, interview.id, 3)  # moving on remembers the position
    assert len(counter.writes) == 1 and counter.count <= 4, counter.statements
    assert interviews(app)[0].current_position == 3


@pytest.mark.parametrize("how", ["finish", "abandon"])
def test_a_finished_or_abandoned_interview_is_not_shown(
    client, auth, app, every_kind_bank, fixed_draw, how
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    with app.app_context():
        orm = db.session.get(type(interview), interview.id)
        getattr(service, how)(db.session, orm, service.now())
    response = client.get(f"/interview/{interview.id}/q/1")
    assert response.status_code == 302
    if how == "finish":
        assert response.location.endswith(f"/interview/{interview.id}/report")
    else:
        assert response.location.endswith("/interview/history")
    assert interviews(app)[0].current_position == 1


def test_expired_question_page_finishes_the_interview_once(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 3, text="WSGI")
    clock.t = interview.deadline  # exactly at the deadline: time is up
    response = client.get(f"/interview/{interview.id}/q/1")
    assert response.location.endswith(f"/interview/{interview.id}/report")
    [after] = interviews(app)
    assert after.state == InterviewState.EXPIRED and after.current_position == 4
    again = client.get(f"/interview/{interview.id}/q/1")
    assert again.location.endswith(f"/interview/{interview.id}/report")


def test_shown_tokens_old_and_new_are_read(client, auth, app, every_kind_bank, clock):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    with app.test_request_context():
        token = shown_token(interview, 2, clock.t)
        assert shown_at_from(token, interview, 2) == clock.t
        assert shown_at_from(token, interview, 3) is None
        # a page rendered before the change carries the library's own token
        older = URLSafeSerializer(app.secret_key, salt="interview-shown-at").dumps(
            [interview.id, 2, clock.t.timestamp()]
        )
        assert older == token
        assert shown_at_from(older, interview, 2) == clock.t
        forged = URLSafeSerializer("not the key", salt="interview-shown-at").dumps(
            [interview.id, 2, clock.t.timestamp()]
        )
        assert shown_at_from(forged, interview, 2) is None
