import re

import sqlalchemy as sa

from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Attempt, Question
from tests.conftest import (
    OPTION_RE,
    answer_token,
    attempts,
    csrf_token_from,
    open_question,
    question_id,
    question_served_on,
    rate_answer,
    submit,
)


def test_single_choice_right_answer(client, auth, app, every_kind_bank):
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    assert 'type="radio"' in html and "Submit answer" in html
    page = submit(client, html, token, choice=options["Django"]).get_data(as_text=True)
    assert "Right" in page and "(100%)" in page
    assert "Django&#39;s admin is built in." in page or "Django's admin is built in." in page
    [attempt] = attempts(app)
    assert attempt.score == 1.0 and attempt.verdict == "right"
    assert attempt.time_taken_ms is not None


def test_multiple_select_partial_credit(client, auth, app, every_kind_bank):
    auth.register()
    html, token, options = open_question(client, app, "django-batteries")
    assert "Select all that apply" in html and 'type="checkbox"' in html
    picked = [options["ORM"], options["Automatic OpenAPI docs"]]
    page = submit(client, html, token, choice=picked).get_data(as_text=True)
    assert "Wrong" in page  # (1 right - 1 wrong) / 2 = 0
    html, token, options = open_question(client, app, "django-batteries")
    page = submit(client, html, token, choice=[options["ORM"]]).get_data(as_text=True)
    assert "Partly right" in page and "(50%)" in page
    assert [a.score for a in attempts(app)] == [0.0, 0.5]


def test_short_answer_forgives_case_and_a_typo(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "flask-gateway")
    assert 'type="text"' in html
    page = submit(client, html, token, answer="web server gateway interfase").get_data(as_text=True)
    assert "Right" in page
    assert "WSGI · Web Server Gateway Interface" in page


def test_open_question_key_points_and_self_rating(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    assert "<textarea" in html
    page = submit(client, html, token, answer="It uses ASGI and async/await.").get_data(
        as_text=True
    )
    assert "Partly right" in page and "(67%)" in page  # 2 of 3 key points
    assert "covered" in page and "missed" in page
    assert "Model answer" in page
    for label in ("Again", "Hard", "Good", "Easy"):
        assert f">{label}</button>" in page
    [attempt] = attempts(app)
    response = rate_answer(client, attempt.id, page, follow_redirects=True, rating="3")
    assert "You rated this: <strong>Good</strong>" in response.get_data(as_text=True)
    again = rate_answer(client, attempt.id, page, follow_redirects=True, rating="1")
    assert "You already rated this answer." in again.get_data(as_text=True)
    assert attempts(app)[0].self_rating == 3


def test_double_submit_records_one_attempt_and_shows_same_result(
    client, auth, app, every_kind_bank
):
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    first = submit(client, html, token, choice=options["Django"])
    second = submit(client, html, token, choice=options["Flask"])  # replayed, changed form
    assert len(attempts(app)) == 1
    assert "already recorded" in second.get_data(as_text=True)
    assert "Right" in second.get_data(as_text=True)
    assert first.request.path == second.request.path


def test_reload_shows_the_same_question_and_order(client, auth, app, every_kind_bank):
    auth.register()
    first = client.get("/practice/every-kind/").get_data(as_text=True)
    again = client.get("/practice/every-kind/").get_data(as_text=True)
    assert answer_token(first) == answer_token(again)
    assert OPTION_RE.findall(first) == OPTION_RE.findall(again)


def test_options_are_shuffled_per_attempt(client, auth, app, every_kind_bank):
    auth.register()
    orders = set()
    for _ in range(12):
        html, token, options = open_question(client, app, "admin-panel")
        orders.add(tuple(sorted(options, key=options.get)))
        submit(client, html, token, choice=options["Django"])
    assert len(orders) > 1


def test_unseen_questions_come_before_seen_ones(client, auth, app, every_kind_bank):
    auth.register()
    seen = []
    for _ in range(4):
        html = client.get("/practice/every-kind/basics").get_data(as_text=True)
        seen.append(question_served_on(app, html)[0])
        submit(client, html, choice="1", answer="x")
    assert sorted(seen) == sorted(
        ["admin-panel", "django-batteries", "flask-gateway", "fastapi-concurrency"]
    )


def test_choice_question_without_a_pick_records_nothing(client, auth, app, every_kind_bank):
    auth.register()
    html, token, _ = open_question(client, app, "admin-panel")
    response = submit(client, html, token)
    assert response.status_code == 422
    assert "Pick an answer" in response.get_data(as_text=True)
    assert attempts(app) == []


def test_no_page_leaks_the_right_answer_before_submission(client, auth, app, every_kind_bank):
    auth.register()
    with app.app_context():
        keys = list(db.session.scalars(sa.select(Question.key)))
    for key in keys:
        html, _, _ = open_question(client, app, key)
        lowered = html.lower()
        assert "[x]" not in lowered and "correct" not in lowered, key
        with app.app_context():
            question = db.session.scalar(sa.select(Question).where(Question.key == key))
            spec = question.to_spec()
        if spec.explanation_md:
            assert question.explanation_html not in html, key
        for accepted in spec.answers:
            assert accepted.lower() not in lowered, key
        for point in spec.key_points:
            for phrasing in point:
                prompt = spec.prompt_md.lower()
                if phrasing.lower() not in prompt:
                    assert f">{phrasing.lower()}<" not in lowered, key


def test_stale_csrf_token_records_nothing(client, auth, app, every_kind_bank):
    auth.register()
    _, token, options = open_question(client, app, "admin-panel")
    response = client.post(
        f"/practice/answer/{token}", data={"choice": options["Django"], "csrf_token": "stale"}
    )
    assert response.status_code == 400
    assert attempts(app) == []


def test_another_learner_cannot_answer_or_see_my_attempts(client, auth, app, every_kind_bank):
    auth.register("alice")
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    [attempt] = attempts(app)
    _, token2, _ = open_question(client, app, "flask-gateway")
    auth.logout()

    auth.register("bob")
    assert client.get(f"/practice/attempt/{attempt.id}").status_code == 404
    own_page = client.get("/").get_data(as_text=True)
    response = client.post(
        f"/practice/answer/{token2}",
        data={"answer": "WSGI", "csrf_token": csrf_token_from(own_page)},
    )
    assert response.status_code == 404
    response = rate_answer(client, attempt.id, own_page, rating="1")
    assert response.status_code == 404
    assert "admin panel" not in client.get("/progress/").get_data(as_text=True)
    assert len(attempts(app)) == 1


def test_question_retired_after_it_was_served_is_explained(client, auth, app, editable_bank):
    bank_file, text = editable_bank, editable_bank.read_text(encoding="utf-8")
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    start = text.index("## Which framework ships")
    end = text.index("## Which of these come")
    bank_file.write_text(text[:start] + text[end:], encoding="utf-8")
    with app.app_context():
        outcome = import_paths(db.session, [bank_file], max_bytes=1_000_000)
        assert outcome.ok and outcome.reports[0].retired == 1
    response = submit(client, html, token, choice=options["Django"])
    assert "changed or retired after it was shown" in response.get_data(as_text=True)
    assert attempts(app) == []


def test_progress_page_counts_and_links(client, auth, app, every_kind_bank):
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    html, token, options = open_question(client, app, "flask-gateway")
    submit(client, html, token, answer="ASGI")
    page = client.get("/progress/").get_data(as_text=True)
    assert "2 / 4" in page  # Basics: 2 of 4 seen
    assert "50%" in page  # accuracy 1 right + 1 wrong
    qid = question_id(app, "admin-panel")
    assert f"/practice/question/{qid}" in page


def test_progress_page_query_count_does_not_grow_with_history(client, auth, app, every_kind_bank):
    from tests.conftest import QueryCounter

    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    with app.app_context(), QueryCounter(db.engine) as few:
        assert client.get("/progress/").status_code == 200
    for _ in range(15):
        html, token, options = open_question(client, app, "django-batteries")
        submit(client, html, token, choice=options["ORM"])
    with app.app_context(), QueryCounter(db.engine) as many:
        page = client.get("/progress/").get_data(as_text=True)
    cells = r"Basics</a></th>\s*<td[^>]*>2 / 4</td>\s*<td[^>]*>[0-9]+%</td>\s*<td[^>]*>16</td>"
    assert re.search(cells, page)
    assert few.count >= 4  # the page was really counted
    assert many.count == few.count


def test_result_page_shows_the_question_as_answered_after_the_bank_changes(
    client, auth, app, editable_bank
):
    bank_file, text = editable_bank, editable_bank.read_text(encoding="utf-8")
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    [attempt] = attempts(app)
    # the options shrink from three to two: the stored index 2 no longer exists
    bank_file.write_text(text.replace("- [ ] Flask\n- [x] Django", "- [x] Django"), "utf-8")
    with app.app_context():
        [report] = import_paths(db.session, [bank_file], max_bytes=1_000_000).reports
        assert report.updated == 1
    response = client.get(f"/practice/attempt/{attempt.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "edited after you answered" in page
    assert re.search(
        r'class="mark-right-pick">.*?<span class="option-text">Django</span>', page, re.S
    )
    assert "Right" in page


def test_an_answer_stored_between_the_check_and_the_insert_keeps_the_first(
    client, auth, app, every_kind_bank
):
    """Two submits of one token that both found no attempt (two workers at once): the
    unique served_id keeps the first, and the second gets its id, nothing more stored."""
    from quiz.models import ReviewLog, User
    from quiz.practice.answers import store_attempt
    from quiz.practice.serving import served_for_answer

    auth.register()
    _, token, _ = open_question(client, app, "admin-panel")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        served, existing = served_for_answer(db.session, user_id, token)
        assert existing is None
        first = store_attempt(db.session, served, [2])
        second = store_attempt(db.session, served, [0])  # its check ran before the first stored
        assert second == first
        assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(ReviewLog.id))) == 1
        assert db.session.get(Attempt, first).answer == [2]
