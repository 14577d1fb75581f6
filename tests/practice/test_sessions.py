"""Practice sessions: the arithmetic directly, then a session through its pages."""

import itertools
import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import PracticeSession, Question, ServedQuestion
from quiz.practice.session_rules import (
    Progress,
    SessionAnswer,
    clamp_size,
    interleave,
    practice_order,
    summarise,
)
from tests.conftest import csrf_token_from, submit

NEXT_RE = re.compile(r'href="([^"]+)" role="button" id="next-question"')
RATE_RE = re.compile(r'action="(/practice/attempt/\d+/rate)" class="next-form"')


def next_url_of(client, feedback):
    """Follow "Next question": a link, or for an unrated open question the form that
    applies the stated default rating first."""
    link = NEXT_RE.search(feedback)
    if link:
        return link.group(1)
    rating = re.search(r'name="rating" value="(\d)">\s*<input type="hidden" name="then"', feedback)
    response = client.post(
        RATE_RE.search(feedback).group(1),
        data={"csrf_token": csrf_token_from(feedback), "rating": rating.group(1), "then": "next"},
    )
    assert response.status_code == 302
    return response.location


# ------------------------------------------------------------------------ arithmetic


def test_progress_counts_position_and_percent():
    assert Progress(0, 10).position == 1 and not Progress(0, 10).done
    assert Progress(2, 10).position == 3 and Progress(2, 10).percent == 20
    assert Progress(10, 10).done and Progress(10, 10).position == 10
    assert Progress(10, 10).percent == 100
    assert Progress(12, 10).percent == 100  # never past the end


def test_clamp_size_defaults_to_ten_and_stays_in_range():
    assert clamp_size(None) == 10
    assert clamp_size(0) == 1 and clamp_size(500) == 50 and clamp_size(7) == 7


def test_interleave_rotates_topics_and_keeps_each_topics_order():
    # topic 9 (a big generated table) ranks first many times over
    ranked = [(1, 9), (2, 9), (3, 9), (4, 1), (5, 9), (6, 2)]
    assert interleave(ranked, []) == 1  # nothing shown yet: the best question
    assert interleave(ranked, [9]) == 4  # topic 1 never shown: its best question
    assert interleave(ranked, [9, 1]) == 6
    assert interleave(ranked, [9, 1, 2]) == 1  # 9 is the least recently shown now
    assert interleave(ranked, [1, 2, 9]) == 4
    assert interleave([], [1]) is None
    assert interleave([(7, 3)], [3, 3]) == 7  # one topic left: no choice


def test_practice_order_puts_unseen_first_by_turn_in_topic_then_the_weakest_seen():
    t0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
    later = t0 + timedelta(hours=1)
    questions = [  # id, topic, position, last attempt, mean score (in no order)
        (10, 1, 3, None, None),
        (11, 1, 1, None, None),
        (12, 1, 2, t0, 1.0),  # mean 1.0 at t0, its topic's second turn
        (20, 2, 5, None, None),
        (21, 2, 4, None, None),
        (30, 3, 7, later, 0.25),  # the weakest seen
        (31, 3, 6, t0, 1.0),  # mean 1.0 at t0 as 12, but its topic's first turn
        (32, 3, 8, later, 1.0),  # mean 1.0, later, its topic's third turn
        (33, 2, 9, later, 1.0),  # the same but a later position
    ]
    order = practice_order(questions)
    # unseen: each topic's first (11, 21), then each one's second (10, 20); topic 1's
    # second by position is 12 (seen), so 10 is its third turn: after 20. Then seen: the
    # lowest mean, the least recent, the earliest turn, the lowest position
    assert [q for q, _ in order] == [11, 21, 20, 10, 30, 31, 12, 32, 33]
    assert order[0] == (11, 1) and practice_order([]) == []


def test_interleaving_a_session_never_runs_one_topic_while_others_are_left():
    remaining = [(i, 9) for i in range(1, 21)] + [(100 + i, i % 3) for i in range(6)]
    shown: list[int] = []
    for _ in range(12):
        picked = interleave(remaining, shown)
        topic = dict(remaining)[picked]
        remaining = [c for c in remaining if c[0] != picked]
        shown.append(topic)
    # topics take turns while each has questions; only then does the big one run
    assert shown == [9, 0, 1, 2, 9, 0, 1, 2, 9, 9, 9, 9]


def answer(question_id, topic, score, overridden=False, time_ms=1000):
    return SessionAnswer(
        attempt_id=question_id * 10,
        question_id=question_id,
        topic=topic,
        headline=f"Q{question_id}",
        score=score,
        verdict="right" if score == 1 else "wrong",
        time_ms=time_ms,
        overridden=overridden,
    )


def test_summary_scores_topics_time_and_missed():
    result = summarise(
        [
            answer(1, "Basics", 1.0),
            answer(2, "Summary", 0.0),
            answer(3, "Basics", 0.5),
            answer(4, "Summary", 0.0, overridden=True),  # "I was right" counts as right
            answer(2, "Summary", 0.0, time_ms=None),  # missed twice: listed once
        ]
    )
    assert result.answered == 5 and result.right == 2
    assert result.score == (1 + 0 + 0.5 + 1 + 0) / 5
    assert [(t.title, t.count, t.score) for t in result.topics] == [
        ("Basics", 2, 0.75),
        ("Summary", 3, 1 / 3),
    ]
    assert result.time_ms == 4000
    assert [a.question_id for a in result.missed] == [2, 3]
    assert summarise([]).score == 0.0 and summarise([]).missed == []


# ----------------------------------------------------------------------------- pages


def answer_page(client, html, right=False, dont_know=False):
    """Submit the question on ``html``: the first option, or a typed answer."""
    if dont_know:
        return submit(client, html, dont_know="1")
    if 'name="choice"' in html:
        return submit(client, html, choice="1")
    return submit(client, html, answer="WSGI" if right else "no idea")


def sessions(app):
    with app.app_context():
        return list(db.session.scalars(sa.select(PracticeSession).order_by(PracticeSession.id)))


def test_a_ten_question_session_ends_in_a_summary(client, auth, app, every_kind_bank):
    auth.register()
    html = client.get("/practice/every-kind/").get_data(as_text=True)
    [practice] = sessions(app)
    assert practice.size == 10 and practice.finished_at is None
    topics = []
    for n in range(1, 11):
        assert f"Question {n} of 10" in html, n
        assert f'<progress value="{n - 1}" max="10"' in html
        with app.app_context():
            served = db.session.scalar(
                sa.select(ServedQuestion).order_by(ServedQuestion.id.desc()).limit(1)
            )
            assert served.session_id == practice.id
            topics.append(served.question.topic.title)
        feedback = answer_page(client, html).get_data(as_text=True)
        assert f"{n} of 10 answered" in feedback
        next_url = next_url_of(client, feedback)
        if n < 10:
            assert "Next question" in feedback
            html = client.get(next_url).get_data(as_text=True)
    assert "See the session summary" in feedback
    # no long runs of one topic (the bank has three topics, one a generated table)
    runs = [len(list(g)) for _, g in itertools.groupby(topics)]
    assert max(runs) == 1 and len(set(topics)) == 3, topics
    assert len(set(topics[:3])) == 3

    summary = client.get(next_url)
    page = summary.get_data(as_text=True)
    assert summary.status_code == 200 and "Session summary" in page
    assert 'id="session-score"' in page and "of 10 right" in page
    assert "Basics" in page and "Summary" in page
    assert "Review missed" in page and "Start another session" in page
    assert sessions(app)[0].finished_at is not None
    # the scope starts a new session on the next visit, not the old one again
    html = client.get("/practice/every-kind/").get_data(as_text=True)
    assert "Question 1 of 10" in html and len(sessions(app)) == 2


def test_review_missed_asks_exactly_the_missed_questions(client, auth, app, every_kind_bank):
    auth.register()
    with app.app_context():
        bank_id = db.session.scalar(sa.select(Question.bank_id).limit(1))
    start = client.get(f"/practice/session/new?mode=practice&bank={bank_id}")
    form = start.get_data(as_text=True)
    assert "Questions in this session" in form and 'value="10"' in form
    response = client.post(
        "/practice/session/new",
        data={"csrf_token": csrf_token_from(form), "mode": "practice", "bank": bank_id,
              "topic": "", "size": "3"},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location == "/practice/every-kind/"
    html = client.get(response.location).get_data(as_text=True)
    assert "Question 1 of 3" in html
    for n in range(3):
        feedback = answer_page(client, html, dont_know=n != 1).get_data(as_text=True)
        html = client.get(next_url_of(client, feedback)).get_data(as_text=True)
    assert "Session summary" in html
    missed = re.findall(r'href="/practice/question/(\d+)"', html)
    assert len(missed) in (2, 3)  # two "I don't know", one guess
    first = sessions(app)[0]
    response = client.post(
        f"/practice/session/{first.id}/missed", data={"csrf_token": csrf_token_from(html)}
    )
    assert response.status_code == 302
    review = sessions(app)[-1]
    assert review.question_ids == [int(m) for m in missed] and review.size == len(missed)
    asked = []
    html = client.get(response.location).get_data(as_text=True)
    for _ in missed:
        with app.app_context():
            asked.append(
                db.session.scalar(
                    sa.select(ServedQuestion.question_id).order_by(ServedQuestion.id.desc())
                )
            )
        feedback = answer_page(client, html).get_data(as_text=True)
        html = client.get(next_url_of(client, feedback)).get_data(as_text=True)
    assert asked == [int(m) for m in missed]
    assert "Session summary" in html


def test_unfinished_session_resumes_and_bad_input_changes_nothing(
    client, auth, app, every_kind_bank
):
    auth.register()
    html = client.get("/practice/every-kind/").get_data(as_text=True)
    answer_page(client, html)
    html = client.get("/practice/every-kind/").get_data(as_text=True)
    assert "Question 2 of 10" in html  # a reload (or a later visit) resumes
    [practice] = sessions(app)
    start = client.get(f"/practice/session/new?mode=practice&bank={practice.bank_id}")
    form = start.get_data(as_text=True)
    assert "You have a session in progress here" in form and "1 of 10 answered" in form
    for size in ("0", "51", "ten", ""):
        response = client.post(
            "/practice/session/new",
            data={"csrf_token": csrf_token_from(form), "mode": "practice",
                  "bank": practice.bank_id, "size": size},
        )  # fmt: skip
        assert response.status_code == 422, size
        assert "Choose from 1 to 50 questions." in response.get_data(
            as_text=True
        ) or "Enter a number" in response.get_data(as_text=True)
    for query in ("mode=practice&bank=999", "mode=nonsense&bank=1", "mode=drill&bank=1"):
        response = client.get(f"/practice/session/new?{query}", follow_redirects=True)
        assert "no session was started" in response.get_data(as_text=True), query
    assert len(sessions(app)) == 1
    # someone else's summary does not exist
    auth.logout()
    auth.register(username="mallory")
    assert client.get(f"/practice/session/{practice.id}").status_code == 404


def test_a_session_with_nothing_left_to_ask_ends_in_its_summary(client, auth, app, every_kind_bank):
    auth.register()
    html = client.get("/practice/every-kind/basics").get_data(as_text=True)
    answer_page(client, html)
    with app.app_context():
        db.session.execute(sa.update(Question).values(retired=True))
        db.session.commit()
    [practice] = sessions(app)
    response = client.get("/practice/every-kind/basics")
    assert response.status_code == 302
    assert response.location == f"/practice/session/{practice.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Session summary" in page and "1 question " in page
    assert sessions(app)[0].finished_at is not None


def test_a_session_draws_from_its_plan_and_skips_a_question_retired_since(
    client, auth, app, every_kind_bank
):
    auth.register()
    html = client.get("/practice/every-kind/").get_data(as_text=True)
    [practice] = sessions(app)
    with app.app_context():
        live = db.session.execute(
            sa.select(Question.id, Question.topic_id).where(~Question.retired)
        ).all()
    # the plan is the bank's practice order as the session started: every live question
    assert sorted(tuple(pair) for pair in practice.plan) == sorted(tuple(row) for row in live)
    first_served = practice.plan[0][0]
    feedback = answer_page(client, html).get_data(as_text=True)
    # the plan's next candidates: retire every one but the last, as a re-import would
    with app.app_context():
        keep = practice.plan[-1][0]
        db.session.execute(
            sa.update(Question).where(Question.id.not_in([first_served, keep])).values(retired=True)
        )
        db.session.commit()
    client.get(next_url_of(client, feedback))
    with app.app_context():
        served = db.session.scalar(
            sa.select(ServedQuestion.question_id).order_by(ServedQuestion.id.desc()).limit(1)
        )
    assert served == keep  # planned again from the live questions, not a retired one
