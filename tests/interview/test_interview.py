"""Mock interview mode through its pages, CSRF on, with a controlled clock."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from quiz.extensions import db
from quiz.interview import service
from quiz.models import (
    Attempt,
    Card,
    Interview,
    InterviewItem,
    InterviewState,
    Question,
    ReviewLog,
    utcnow,
)
from tests.conftest import (
    OPTION_RE,
    SHOWN_RE,
    answer_interview,
    answer_interview_for_report,
    answer_options,
    count_rows,
    csrf_token_from,
    every_kind_bank_id,
    interview_items,
    interview_page,
    interviews,
    start_interview,
)

REMAINING_RE = re.compile(r'data-remaining="(\d+)"')


# --------------------------------------------------------------------------- helpers


def remaining(html):
    return int(REMAINING_RE.search(html).group(1))


# ----------------------------------------------------------------------------- start


def test_login_required(client):
    for url in ("/interview/", "/interview/history", "/interview/1", "/interview/1/q/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.location


def test_start_validation_errors_are_shown(client, auth, app, every_kind_bank):
    auth.register()
    response = start_interview(client, app, questions=3, banks=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose at least one question bank." in html
    assert "Choose from 5 to 50 questions." in html
    response = start_interview(client, app, questions=51, minutes=0)
    assert "Choose from 5 to 50 questions." in response.get_data(as_text=True)
    assert "Choose from 1 to 300 minutes, or leave it empty." in response.get_data(as_text=True)
    response = start_interview(client, app, questions="ten")
    assert response.status_code == 422
    assert interviews(app) == []


def test_start_draws_every_kind_without_repeats(client, auth, app, every_kind_bank, clock):
    auth.register()
    response = start_interview(client, app, questions=10)
    assert response.request.path.endswith("/q/1")
    html = response.get_data(as_text=True)
    assert "Question 1 of 10" in html
    [interview] = interviews(app)
    assert interview.state == InterviewState.IN_PROGRESS
    assert interview.time_limit_seconds == 10 * 90
    assert interview.deadline == clock.start + timedelta(seconds=900)
    drawn = interview_items(app, interview.id)
    assert [p for p, *_ in drawn] == list(range(1, 11))
    assert len({key for _, key, *_ in drawn}) == 10
    assert {kind for _, _, kind, *_ in drawn} == {"single", "multiple", "short", "open"}
    assert remaining(html) == 900 and "15:00" in html


def test_fewer_questions_than_asked_uses_all_and_says_so(client, auth, app, every_kind_bank):
    auth.register()
    html = start_interview(client, app, questions=20, minutes=30).get_data(as_text=True)
    assert "only 14 questions" in html and "uses all 14" in html
    [interview] = interviews(app)
    assert len(interview_items(app, interview.id)) == 14
    assert interview.time_limit_seconds == 30 * 60


def test_retired_questions_are_never_drawn(client, auth, app, every_kind_bank):
    auth.register()
    with app.app_context():
        db.session.execute(
            sa.update(Question).where(Question.key.like("summary--%")).values(retired=True)
        )
        db.session.commit()
    start_interview(client, app, questions=50)
    [interview] = interviews(app)
    keys = [key for _, key, *_ in interview_items(app, interview.id)]
    assert len(keys) == 6 and not any(k.startswith("summary") for k in keys)


# ------------------------------------------------------------------------------- run


def test_question_pages_show_no_right_answers_or_feedback(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app, questions=14)
    [interview] = interviews(app)
    for position in range(1, 15):
        html = interview_page(client, interview.id, position)
        assert f"Question {position} of 14" in html
        for leak in (
            "admin is built in",
            "Model answer",
            "event loop",
            "Key points",
            "correct",
            "Right",
            "Wrong",
            "%)",
        ):
            assert leak not in html, (position, leak)


def test_options_are_shuffled_once_per_item(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app, questions=14)
    [interview] = interviews(app)
    for position, _key, kind, *_ in interview_items(app, interview.id):
        if kind in ("single", "multiple"):
            first = OPTION_RE.findall(interview_page(client, interview.id, position))
            assert OPTION_RE.findall(interview_page(client, interview.id, position)) == first


def test_answers_are_saved_changeable_and_skip_keeps_them(
    client, auth, app, every_kind_bank, fixed_draw
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    response, _ = answer_interview(client, interview.id, 2, choices=["ORM"])
    assert response.location.endswith(f"/interview/{interview.id}/q/3")
    assert interview_items(app, interview.id)[1][3] == [0]
    answer_interview(client, interview.id, 2, choices=["ORM", "Authentication"], action="prev")
    assert interview_items(app, interview.id)[1][3] == [0, 1]
    html = interview_page(client, interview.id, 2)
    assert len(re.findall(r'name="choice" value="\d+" checked', html)) == 2
    assert "2 ✓" in html and 'aria-label="Question 2, answered"' in html
    response, _ = answer_interview(client, interview.id, 2, choices=[], action="skip")
    assert interview_items(app, interview.id)[1][3] == [0, 1]  # skip leaves the saved answer
    assert response.location.endswith("/q/3")
    answer_interview(client, interview.id, 3, text="WSGI", goto="5")
    assert interview_items(app, interview.id)[2][3] == "WSGI"
    assert 'value="WSGI"' in interview_page(client, interview.id, 3)
    answer_interview(client, interview.id, 3, text="  ")  # clearing the answer
    assert interview_items(app, interview.id)[2][3] is None


def test_save_and_next_on_the_last_question_goes_to_finish(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    response, _ = answer_interview(client, interview.id, 5, action="next")
    assert response.location.endswith(f"/interview/{interview.id}/finish")


def test_time_spent_is_counted_once_per_interval(client, auth, app, every_kind_bank, clock):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    html = interview_page(client, interview.id, 1)
    clock.advance(20)
    data = {"csrf_token": csrf_token_from(html), "shown": SHOWN_RE.search(html).group(1)}
    client.post(f"/interview/{interview.id}/q/1", data={**data, "action": "next"})
    assert interview_items(app, interview.id)[0][4].time_spent_ms == 20_000
    clock.advance(5)  # the same form again (double click, back button): only the new 5 s
    client.post(f"/interview/{interview.id}/q/1", data={**data, "action": "next"})
    assert interview_items(app, interview.id)[0][4].time_spent_ms == 25_000
    forged = {**data, "shown": data["shown"][:-3] + "abc", "action": "next"}
    clock.advance(5)
    client.post(f"/interview/{interview.id}/q/1", data=forged)
    assert (
        interview_items(app, interview.id)[0][4].time_spent_ms == 25_000
    )  # unsigned time counts nothing
    html = interview_page(client, interview.id, 1)
    clock.advance(12)
    client.post(
        f"/interview/{interview.id}/q/1",
        data={"csrf_token": data["csrf_token"], "shown": SHOWN_RE.search(html).group(1)},
    )
    assert interview_items(app, interview.id)[0][4].time_spent_ms == 37_000


def test_resume_keeps_position_and_remaining_time(client, auth, app, every_kind_bank, clock):
    auth.register()
    start_interview(client, app, minutes=10)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 1, action="skip")
    answer_interview(client, interview.id, 2, action="skip")
    html = interview_page(client, interview.id, 3)
    assert remaining(html) == 600
    clock.advance(100)
    response = client.get(f"/interview/{interview.id}", follow_redirects=True)
    assert response.request.path == f"/interview/{interview.id}/q/3"
    html = response.get_data(as_text=True)
    assert remaining(html) == 500 and "8:20" in html
    # logged in from another browser: the same interview, same place, same clock
    other = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other).login()
    clock.advance(30)
    page = other.get("/interview/").get_data(as_text=True)
    assert "You have an interview in progress." in page and "7:50" in page
    response = other.get(f"/interview/{interview.id}", follow_redirects=True)
    assert (
        response.request.path.endswith("/q/3") and remaining(response.get_data(as_text=True)) == 470
    )


def test_bad_positions_are_404(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    html = interview_page(client, interview.id, 1)
    for position in (0, 6, 999):
        assert client.get(f"/interview/{interview.id}/q/{position}").status_code == 404
        response = client.post(
            f"/interview/{interview.id}/q/{position}",
            data={"csrf_token": csrf_token_from(html), "answer": "x"},
        )
        assert response.status_code == 404
    assert client.get(f"/interview/{interview.id}/q/-1").status_code == 404
    assert client.get("/interview/999999").status_code == 404
    assert client.get(f"/interview/{2**70}/q/1").status_code == 404


def test_posts_need_the_csrf_token(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    response = client.post(f"/interview/{interview.id}/q/1", data={"answer": "WSGI"})
    assert response.status_code == 400
    response = client.post(f"/interview/{interview.id}/finish", data={"confirm": "1"})
    assert response.status_code == 400
    assert interviews(app)[0].state == InterviewState.IN_PROGRESS


# -------------------------------------------------------------------------- deadline


def test_late_answer_is_refused_and_the_interview_expires(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 1, choices=["Django"])
    html = interview_page(client, interview.id, 2)
    clock.advance(5 * 60)  # exactly at the deadline: too late
    response = client.post(
        f"/interview/{interview.id}/q/2",
        data={
            "csrf_token": csrf_token_from(html),
            "shown": SHOWN_RE.search(html).group(1),
            "choice": list(answer_options(html).values()),
            "action": "next",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "arrived after the deadline and was not saved" in page
    assert response.request.path == f"/interview/{interview.id}/report"
    assert interview_items(app, interview.id)[1][3] is None
    [interview] = interviews(app)
    assert interview.state == InterviewState.EXPIRED
    assert interview.finished_at == interview.deadline
    assert interview.score == pytest.approx(0.2)  # the one saved answer, right, of five
    assert count_rows(app, Attempt) == 5


def test_expiry_finishes_with_what_was_saved_when_next_opened(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app, minutes=5)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 3, text="WSGI")
    clock.advance(301)
    assert interviews(app)[0].state == InterviewState.IN_PROGRESS  # nothing touched it yet
    response = client.get(f"/interview/{interview.id}/q/2", follow_redirects=True)
    assert response.request.path == f"/interview/{interview.id}/report"
    page = response.get_data(as_text=True)
    assert "Time is up" in page and "Time ran out" in page
    [interview] = interviews(app)
    assert interview.state == InterviewState.EXPIRED
    assert interview.score == pytest.approx(0.2)
    assert 'id="overall">Overall score: <strong>20%</strong>' in page


@pytest.mark.parametrize("url", ["/interview/", "/interview/history"])
def test_start_and_history_pages_expire_an_overdue_interview(
    client, auth, app, every_kind_bank, clock, url
):
    auth.register()
    start_interview(client, app, minutes=5)
    clock.advance(400)
    page = client.get(url).get_data(as_text=True)
    assert "in progress" not in page.replace("In progress", "")
    [interview] = interviews(app)
    assert interview.state == InterviewState.EXPIRED and interview.score == 0.0
    assert count_rows(app, Attempt) == 5


# ---------------------------------------------------------------------------- finish


def test_finish_asks_to_confirm_when_questions_are_unanswered(
    client, auth, app, every_kind_bank, fixed_draw
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    response, _ = answer_interview(client, interview.id, 1, choices=["Django"], action="finish")
    assert response.location.endswith(f"/interview/{interview.id}/finish")
    page = client.get(response.location).get_data(as_text=True)
    assert "4 of 5 questions are unanswered." in page
    for position in (2, 3, 4, 5):
        assert f"/interview/{interview.id}/q/{position}" in page
    # a POST without the confirmation shows the same question, and finishes nothing
    response = client.post(
        f"/interview/{interview.id}/finish", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 200 and "4 of 5 questions are unanswered." in response.text
    assert interviews(app)[0].state == InterviewState.IN_PROGRESS and count_rows(app, Attempt) == 0
    response = client.post(
        f"/interview/{interview.id}/finish",
        data={"csrf_token": csrf_token_from(page), "confirm": "1"},
        follow_redirects=True,
    )
    assert response.request.path == f"/interview/{interview.id}/report"
    assert interviews(app)[0].state == InterviewState.FINISHED


def test_finish_without_unanswered_needs_no_confirmation(
    client, auth, app, every_kind_bank, fixed_draw
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    answer_interview_for_report(client, interview.id)
    response, _ = answer_interview(client, interview.id, 5, choices=["Django"], action="finish")
    assert response.location.endswith(f"/interview/{interview.id}/report")
    assert interviews(app)[0].state == InterviewState.FINISHED


def test_report_arithmetic_attempts_and_cards(
    client, auth, app, every_kind_bank, fixed_draw, clock
):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    clock.advance(10)
    answer_interview_for_report(client, interview.id)
    page = client.get(f"/interview/{interview.id}/finish").get_data(as_text=True)
    assert "1 of 5 questions is unanswered." in page
    response = client.post(
        f"/interview/{interview.id}/finish",
        data={"csrf_token": csrf_token_from(page), "confirm": "1"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    # (0 + 0.5 + 1 + 0 + 0) / 5 = 30 %
    assert 'id="overall">Overall score: <strong>30%</strong>' in html
    [interview] = interviews(app)
    assert interview.score == pytest.approx(0.3)
    topics = re.findall(
        r"<th scope=\"row\">(\w[\w ]*?) <span.*?<td>(\d+)</td>\s*<td>(\d+%)</td>", html, re.S
    )
    # Basics: (0 + 0.5 + 1 + 0) / 4 = 37.5 % → 38 %; Summary: unanswered, 0 %
    assert topics == [("Basics", "4", "38%"), ("Summary", "1", "0%")]
    weakest = re.search(r'<ol id="weakest">(.*?)</ol>', html, re.S).group(1)
    assert weakest.index("Summary") < weakest.index("Basics")
    assert 'href="/review/drill/every-kind/summary"' in weakest
    assert 'href="/review/drill/every-kind/basics"' in weakest
    # every question with the answer, the right answer and the explanation
    assert html.count('class="learner-answer"') == 2  # the short and the open one
    assert "web server gateway interface" in html and "No idea, sorry." in html
    assert "WSGI · Web Server Gateway Interface" in html
    assert "Django&#39;s admin is built in." in html or "Django's admin is built in." in html
    assert "Not answered" in html and "Model answer" in html
    assert html.count("verdict-banner verdict-banner-wrong") == 3 and "Partly right" in html
    assert "time 0 s" in html  # the pages were answered at once on this frozen clock

    # attempts: one per item, ordinary rows; cards for all but the open one awaiting rating
    with app.app_context():
        attempts = list(db.session.scalars(sa.select(Attempt).order_by(Attempt.id)))
        assert [a.score for a in attempts] == [0.0, 0.5, 1.0, 0.0, 0.0]
        assert {a.mode for a in attempts} == {"interview"}
        assert all(a.served_id is None for a in attempts)
        assert attempts[4].answer == [] and attempts[4].detail["unanswered"] is True
        linked = db.session.scalars(
            sa.select(InterviewItem.attempt_id).order_by(InterviewItem.position)
        ).all()
        assert linked == [a.id for a in attempts]
        open_attempt = attempts[3]
    assert count_rows(app, Card) == 4 and count_rows(app, ReviewLog) == 4

    # the learner rates the open question on the report: its card is reviewed once
    assert html.count(f'action="/interview/{interview.id}/rate/4"') == 1
    response = client.post(
        f"/interview/{interview.id}/rate/4",
        data={"csrf_token": csrf_token_from(html), "rating": "2"},
        follow_redirects=True,
    )
    assert "You rated this: <strong>Hard</strong>" in response.get_data(as_text=True)
    client.post(
        f"/interview/{interview.id}/rate/4",
        data={"csrf_token": csrf_token_from(html), "rating": "4"},
    )
    with app.app_context():
        assert db.session.get(Attempt, open_attempt.id).self_rating == 2
    assert count_rows(app, Card) == 5 and count_rows(app, ReviewLog) == 5
    # only open questions are rated here
    response = client.post(
        f"/interview/{interview.id}/rate/1",
        data={"csrf_token": csrf_token_from(html), "rating": "3"},
    )
    assert response.status_code == 404


def test_double_finish_creates_no_duplicates(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    page = client.get(f"/interview/{interview.id}/finish").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "confirm": "1"}
    first = client.post(f"/interview/{interview.id}/finish", data=data)
    second = client.post(f"/interview/{interview.id}/finish", data=data, follow_redirects=True)
    assert first.location.endswith("/report")
    assert second.request.path.endswith("/report")
    assert "already finished" in second.get_data(as_text=True)
    assert count_rows(app, Attempt) == 5
    # and the service refuses a second finish even if a view raced past its state check
    with app.app_context():
        again = db.session.get(Interview, interview.id)
        # a stale in-memory copy that still says "in progress"
        set_committed_value(again, "state", InterviewState.IN_PROGRESS)
        assert service.finish(db.session, again, utcnow()) is False
    assert count_rows(app, Attempt) == 5
    # saving into a finished interview changes nothing
    response = client.post(
        f"/interview/{interview.id}/q/1",
        data={"csrf_token": data["csrf_token"], "answer": "x", "choice": "1"},
        follow_redirects=True,
    )
    assert "already over" in response.get_data(as_text=True)
    assert interview_items(app, interview.id)[0][3] is None


# ------------------------------------------------------------------------- lifecycle


def test_second_start_offers_resume_or_abandon(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [first] = interviews(app)
    answer_interview(client, first.id, 1, action="skip")
    response = start_interview(client, app, questions=7, minutes=20)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "You already have an interview in progress." in html
    assert f'href="/interview/{first.id}"' in html and "Resume it" in html
    assert "Abandon it and start the new one" in html
    assert len(interviews(app)) == 1
    # resuming goes back to where the learner was
    assert client.get(f"/interview/{first.id}").location.endswith(f"/interview/{first.id}/q/2")
    # abandoning starts the new one with the same choices
    form = re.search(
        r'<form method="post" action="/interview/" class="inline-form">(.*?)</form>', html, re.S
    ).group(1)
    data = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
    assert data["abandon_id"] == str(first.id) and data["questions"] == "7"
    response = client.post("/interview/", data=data, follow_redirects=True)
    assert "Question 1 of 7" in response.get_data(as_text=True)
    old, new = interviews(app)
    assert old.state == InterviewState.ABANDONED and old.score is None
    assert new.state == InterviewState.IN_PROGRESS and new.time_limit_seconds == 20 * 60
    assert count_rows(app, Attempt) == 0  # an abandoned interview is not graded
    # a replayed abandon form does not abandon the new interview
    client.post("/interview/", data=data)
    assert [i.state for i in interviews(app)] == ["abandoned", "in_progress"]
    # the abandoned one has no report
    assert client.get(f"/interview/{old.id}/report").location.endswith("/interview/history")


def test_start_sent_twice_resumes_the_first(client, auth, app, every_kind_bank, clock):
    auth.register()
    page = client.get("/interview/").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "banks": [every_kind_bank_id(app)],
        "questions": "5",
    }
    first = client.post("/interview/", data=data)
    clock.advance(1)
    second = client.post("/interview/", data=data, follow_redirects=True)
    [interview] = interviews(app)
    assert first.location.endswith(f"/interview/{interview.id}/q/1")
    assert second.request.path == f"/interview/{interview.id}/q/1"
    clock.advance(60)  # much later it is a second start: resume or abandon
    assert client.post("/interview/", data=data).status_code == 409
    assert len(interviews(app)) == 1


def test_abandon_button_on_the_start_page(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    page = client.get("/interview/").get_data(as_text=True)
    assert f'action="/interview/{interview.id}/abandon"' in page
    response = client.post(
        f"/interview/{interview.id}/abandon",
        data={"csrf_token": csrf_token_from(page)},
        follow_redirects=True,
    )
    assert "Interview abandoned." in response.get_data(as_text=True)
    assert interviews(app)[0].state == InterviewState.ABANDONED


def test_the_database_allows_one_interview_in_progress(
    client, auth, app, every_kind_bank, monkeypatch
):
    auth.register()
    start_interview(client, app)
    page = client.get("/interview/").get_data(as_text=True)
    # a second start that raced past both checks: the partial unique index stops it
    real = service.active_interview
    calls = []

    def blind_twice(session, user_id, now):
        calls.append(1)
        return None if len(calls) <= 2 else real(session, user_id, now)

    monkeypatch.setattr("quiz.interview.service.active_interview", blind_twice)
    response = client.post(
        "/interview/",
        data={
            "csrf_token": csrf_token_from(page),
            "banks": [every_kind_bank_id(app)],
            "questions": "6",
        },
    )
    assert len(calls) == 3  # route, service, then the real look-up after the IntegrityError
    assert response.status_code == 409
    assert "You already have an interview in progress." in response.get_data(as_text=True)
    assert len(interviews(app)) == 1 and count_rows(app, InterviewItem) == 5


def test_another_learner_cannot_see_answer_or_finish(client, auth, app, every_kind_bank):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    answer_interview(client, interview.id, 1, action="skip")
    auth.logout()
    auth.register("mallory")
    html = client.get("/interview/").get_data(as_text=True)
    token = csrf_token_from(html)
    i = interview.id
    for url in (
        f"/interview/{i}",
        f"/interview/{i}/q/1",
        f"/interview/{i}/finish",
        f"/interview/{i}/report",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/interview/{i}/q/1", {"answer": "x", "choice": "1", "action": "next"}),
        (f"/interview/{i}/finish", {"confirm": "1"}),
        (f"/interview/{i}/abandon", {}),
        (f"/interview/{i}/rate/4", {"rating": "3"}),
    ):
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 404, url
    assert "Not found" in client.get(f"/interview/{i}/report").get_data(as_text=True)
    [after] = interviews(app)
    assert after.state == InterviewState.IN_PROGRESS and after.current_position == 2
    assert all(a is None for _, _, _, a, _ in interview_items(app, i))
    assert count_rows(app, Attempt) == 0
    assert "No interviews yet." in client.get("/interview/history").get_data(as_text=True)


# --------------------------------------------------------------------------- history


def test_history_lists_interviews_with_a_trend_chart(
    client, auth, app, every_kind_bank, clock, fixed_draw
):
    auth.register()
    start_interview(client, app)
    [first] = interviews(app)
    answer_interview(client, first.id, 1, choices=["Django"])
    answer_interview(client, first.id, 3, text="WSGI", action="finish")
    client.post(
        f"/interview/{first.id}/finish",
        data={"csrf_token": csrf_token_from(page_of_start(client)), "confirm": "1"},
    )
    clock.advance(3600)
    start_interview(client, app, minutes=5)
    second = interviews(app)[1]
    answer_interview(client, second.id, 1, choices=["Django"])
    clock.advance(400)  # expires
    html = client.get("/interview/history").get_data(as_text=True)
    assert html.count("<tr>") == 3  # header + two interviews
    assert "Finished" in html and "Time ran out" in html
    assert "40%" in html and "20%" in html
    assert "5 min 00 s" in html  # the expired one lasted its whole limit
    assert "Every kind" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "oldest first:" in svg and "40%, 20%." in svg
    assert "<polyline" in svg and svg.count("<circle") == 2
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # drawn on the server, no inline JS


def page_of_start(client):
    return client.get("/interview/").get_data(as_text=True)


def test_an_oversized_typed_answer_is_not_saved(client, auth, app, every_kind_bank, fixed_draw):
    auth.register()
    start_interview(client, app)
    [interview] = interviews(app)
    short_position = next(
        p for p, _, kind, _, _ in interview_items(app, interview.id) if kind == "short"
    )
    response, _ = answer_interview(client, interview.id, short_position, text="x" * 20_001)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "limited to 20,000" in page and "Nothing was saved" in page
    assert interview_items(app, interview.id)[short_position - 1][3] is None
