"""Interview drafts: autosaved answers are kept, shown again and graded at expiry."""

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.interview.drafts import effective_answer
from quiz.models import InterviewItem, InterviewState
from tests.conftest import (
    answer_interview,
    answer_options,
    csrf_token_from,
    interview_items,
    interview_page,
    interviews,
    start_interview,
)


def post_draft(client, interview_id, position, html, **fields):
    data = {"csrf_token": csrf_token_from(html), **fields}
    return client.post(f"/interview/{interview_id}/q/{position}/draft", data=data)


def test_draft_is_stored_and_shown_after_reload_and_in_another_browser(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    html = interview_page(client, interview.id, 3)
    assert "Drafts are saved automatically" in html
    response = post_draft(client, interview.id, 3, html, answer="  WSGI  ")
    assert response.status_code == 200 and response.get_json()["status"] == "saved"
    item = interview_items(app, interview.id)[2][4]
    assert item.draft == "WSGI" and item.answer is None  # a draft, not a saved answer
    assert item.draft_saved_at == clock.t

    again = interview_page(client, interview.id, 3)
    assert 'value="WSGI"' in again and "saved automatically" in again
    # a second browser: a fresh client logged in as the same learner
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login()
    assert 'value="WSGI"' in interview_page(other, interview.id, 3)


def test_draft_posted_by_another_learner_or_without_csrf_is_refused(
    client, auth, app, every_kind_bank, fixed_draw
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    response = client.post(f"/interview/{interview.id}/q/3/draft", data={"answer": "WSGI"})
    assert response.status_code == 400
    auth.logout()
    auth.register(username="mallory")
    html = client.get("/interview/").get_data(as_text=True)
    response = post_draft(client, interview.id, 3, html, answer="WSGI")
    assert response.status_code == 404
    assert interview_items(app, interview.id)[2][4].draft is None


def test_oversized_draft_is_refused_with_a_message(client, auth, app, every_kind_bank, fixed_draw):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    html = interview_page(client, interview.id, 3)
    response = post_draft(client, interview.id, 3, html, answer="x" * 20_001)
    assert response.status_code == 422
    assert "limited to 20,000" in response.get_json()["message"]
    assert interview_items(app, interview.id)[2][4].draft is None


def test_at_expiry_the_latest_drafts_are_graded_and_marked_autosaved(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    # question 1 saved with the button (right), then a newer draft changes it (wrong)
    answer_interview(client, interview.id, 1, choices=["Django"])
    clock.advance(5)
    html = interview_page(client, interview.id, 1)
    post_draft(client, interview.id, 1, html, choice=[answer_options(html)["Flask"]])
    # question 3 only ever typed: never saved with a button
    clock.advance(5)
    html = interview_page(client, interview.id, 3)
    post_draft(client, interview.id, 3, html, answer="WSGI")
    # question 2: a draft older than the saved answer does not count
    html = interview_page(client, interview.id, 2)
    post_draft(client, interview.id, 2, html, choice=[answer_options(html)["ORM"]])
    clock.advance(5)
    answer_interview(client, interview.id, 2, choices=["ORM", "Authentication"])

    clock.advance(301)
    response = post_draft(client, interview.id, 4, html, answer="too late")
    assert response.status_code == 409 and response.get_json()["status"] == "late"
    [interview] = interviews(app)
    assert interview.state == InterviewState.EXPIRED
    with app.app_context():
        rows = db.session.scalars(
            sa.select(InterviewItem).where(InterviewItem.interview_id == interview.id)
        )
        graded = {item.position: item.attempt for item in rows}
    assert graded[1].answer != [] and graded[1].verdict == "wrong"
    assert graded[1].detail["autosaved"] is True
    assert graded[3].answer == "WSGI" and graded[3].verdict == "right"
    assert graded[3].detail["autosaved"] is True
    assert graded[2].verdict == "right" and graded[2].detail["autosaved"] is False
    assert graded[4].detail["unanswered"] is True  # the late draft was not stored
    report = client.get(f"/interview/{interview.id}/report").get_data(as_text=True)
    assert report.count("Saved automatically") == 2
    assert interview.score == pytest.approx(0.4)


def test_effective_answer_prefers_the_newer_of_draft_and_save():
    from datetime import UTC, datetime

    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    item = InterviewItem(answer="saved", saved_at=late, draft="draft", draft_saved_at=early)
    assert effective_answer(item) == ("saved", False)
    item.draft_saved_at, item.saved_at = late, early
    assert effective_answer(item) == ("draft", True)
    item.draft = None  # the learner cleared the field after saving
    assert effective_answer(item) == (None, False)
    assert effective_answer(InterviewItem(answer=None, draft=None)) == (None, False)


def test_i_was_right_from_the_interview_report(client, auth, app, every_kind_bank, fixed_draw):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 3, text="the gateway one")  # short answer, judged wrong
    html = interview_page(client, interview.id, 3)
    client.post(
        f"/interview/{interview.id}/finish",
        data={"csrf_token": csrf_token_from(html), "confirm": "1"},
    )
    report = client.get(f"/interview/{interview.id}/report").get_data(as_text=True)
    assert report.count("I was right</button>") == 1  # only the typed answer judged wrong
    attempt = interview_items(app, interview.id)[2][4].attempt_id
    response = client.post(
        f"/practice/attempt/{attempt}/override", data={"csrf_token": csrf_token_from(report)}
    )
    assert response.location == f"/interview/{interview.id}/report#item-3"
    report = client.get(response.location).get_data(as_text=True)
    assert "I was right</button>" not in report and "You said “I was right”" in report
