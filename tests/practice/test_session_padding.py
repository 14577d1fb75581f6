"""Sessions without padding: a question answered right is never asked again in its
session, and a short topic gives a short session that says so (issue 20, item 3)."""

import re

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import PracticeSession, ServedQuestion
from quiz.practice.session_rules import (
    Asked,
    not_to_repeat,
    session_size,
    shortened_note,
    still_to_ask,
)
from tests.conftest import csrf_token_from, import_bank, submit

NEXT_RE = re.compile(r'href="([^"]+)" role="button" id="next-question"')
SIX = 6


def six_question_bank(tmp_path):
    """A bank whose topic "Six" has six short questions, the answer to question n is n."""
    body = "\n".join(
        f"## What is {n} written as a number? {{#q{n}}}\nAnswer: {n}\n\n> It is {n}.\n"
        for n in range(1, SIX + 1)
    )
    path = tmp_path / "six.md"
    path.write_text(f"---\nbank: six\ntitle: Six\n---\n\n# Six\n\n{body}", encoding="utf-8")
    return path


def served_question_ids(app):
    with app.app_context():
        return list(
            db.session.scalars(sa.select(ServedQuestion.question_id).order_by(ServedQuestion.id))
        )


def prompt_number(html):
    return int(re.search(r"What is (\d+) written", html).group(1))


def answer(client, html, right):
    n = prompt_number(html)
    return submit(client, html, answer=str(n) if right else "no idea")


def run_session(client, url, missed_numbers=()):
    """Answer the session at ``url`` to its end; the numbers of the questions asked."""
    html = client.get(url).get_data(as_text=True)
    asked = []
    while "Session summary" not in html:
        number = prompt_number(html)
        asked.append(number)
        feedback = answer(client, html, right=number not in missed_numbers)
        feedback_html = feedback.get_data(as_text=True)
        link = NEXT_RE.search(feedback_html)
        assert link, feedback_html
        html = client.get(link.group(1), follow_redirects=True).get_data(as_text=True)
        assert len(asked) <= 20, asked  # never an endless session
    return asked, html


def test_a_six_question_topic_drill_gives_six_questions_none_repeated(client, auth, app, tmp_path):
    import_bank(app, six_question_bank(tmp_path))
    auth.register()
    first = client.get("/review/drill/six/six").get_data(as_text=True)
    assert "Question 1 of 6" in first
    assert "6 questions in this topic, so this session has 6." in first
    asked, summary = run_session(client, "/review/drill/six/six", missed_numbers={2})
    assert len(asked) == SIX and sorted(asked) == list(range(1, SIX + 1)), asked
    assert "Session summary" in summary and "5 of 6 right" in summary
    with app.app_context():
        [practice] = db.session.scalars(sa.select(PracticeSession)).all()
        assert practice.size == SIX and practice.finished_at is not None


def test_a_six_question_topic_practice_session_asks_each_once(client, auth, app, tmp_path):
    import_bank(app, six_question_bank(tmp_path))
    auth.register()
    asked, summary = run_session(client, "/practice/six/six")
    assert sorted(asked) == list(range(1, SIX + 1)), asked
    assert "6 of 6 right" in summary
    assert len(served_question_ids(app)) == SIX


def test_start_another_session_starts_at_once_with_the_same_choices(client, auth, app, tmp_path):
    import_bank(app, six_question_bank(tmp_path))
    auth.register()
    _, summary = run_session(client, "/review/drill/six/six")
    form = re.search(r'action="(/practice/session/(\d+)/again)"', summary)
    assert form and "Start another session" in summary
    response = client.post(form.group(1), data={"csrf_token": csrf_token_from(summary)})
    assert response.status_code == 302 and response.location == "/review/drill/six/six"
    with app.app_context():
        old, new = db.session.scalars(sa.select(PracticeSession).order_by(PracticeSession.id))
        assert (new.mode, new.bank_id, new.topic_id, new.size) == (
            old.mode,
            old.bank_id,
            old.topic_id,
            old.size,
        )
        assert new.finished_at is None and new.question_ids is None
    page = client.get(response.location).get_data(as_text=True)
    assert "Question 1 of 6" in page  # a question at once, not a form
    # someone else's session cannot be started again
    auth.logout()
    auth.register(username="mallory")
    page = client.get("/").get_data(as_text=True)
    response = client.post(form.group(1), data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 404


def test_still_to_ask_repeats_only_what_was_missed():
    ranked = [(1, 5), (2, 5), (3, 5)]
    assert still_to_ask(ranked, []) == ranked
    assert still_to_ask(ranked, [Asked(1, 5, missed=False)]) == [(2, 5), (3, 5)]
    right_all = [Asked(q, 5, missed=False) for q in (1, 2, 3)]
    assert still_to_ask(ranked, right_all) == []  # nothing left: the session ends
    missed_two = [Asked(1, 5, False), Asked(2, 5, True), Asked(3, 5, False)]
    assert still_to_ask(ranked, missed_two) == [(2, 5)]
    # what is not asked yet comes before a missed one again
    assert still_to_ask(ranked, [Asked(2, 5, True)]) == [(1, 5), (3, 5)]
    assert still_to_ask(ranked, [Asked(1, 5, True), Asked(2, 5, True)]) == [(3, 5)]
    # then the missed ones, not the one just asked while another is left ...
    all_missed = [Asked(1, 5, True), Asked(2, 5, True), Asked(3, 5, True)]
    assert still_to_ask(ranked, all_missed) == [(1, 5), (2, 5)]
    # ... but it is when it is the only one
    assert still_to_ask([(2, 5)], [Asked(2, 5, True)]) == [(2, 5)]
    # missed, then right: done with it
    assert still_to_ask(ranked, [Asked(2, 5, True), Asked(1, 5, False), Asked(2, 5, False)]) == [
        (3, 5)
    ]
    assert not_to_repeat(missed_two) == {1, 3}
    assert not_to_repeat([Asked(2, 5, False), Asked(2, 5, True)]) == set()


def test_a_session_is_no_longer_than_its_scope_and_says_so():
    assert session_size(10, 6) == 6 and session_size(5, 6) == 5 and session_size(None, 40) == 10
    assert session_size(80, 100) == 50  # still clamped to the largest session
    assert shortened_note(10, 6, "topic") == "6 questions in this topic, so this session has 6."
    assert shortened_note(10, 1, "bank") == "1 question in this bank, so this session has 1."
    assert shortened_note(5, 5, "topic") is None
