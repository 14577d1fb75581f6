"""The date-aware review queue and the dashboard's readiness, through the database
(quiz/review/interview_date.py, quiz/review/queue.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from quiz.dashboard.summary import build_dashboard
from quiz.extensions import db
from quiz.models import Card, Interview, Question, User
from quiz.practice.scope import Scope
from quiz.review.queue import next_review_question, queue_status
from quiz.scheduling.days import end_of_local_day
from tests.conftest import (
    QueryCounter,
    add_history,
    learned_card,
    start_interview,
    statements_per_page,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
INTERVIEW = (T0 + timedelta(days=10)).date()  # final days from T0 + 7 days, 00:00 UTC
FAR = T0 + timedelta(days=30)
EVERYTHING = Scope(bank_id=None, mode="review")
UTC_ZONE = ZoneInfo("UTC")


def give_card(user_id: int, key: str, stability: float, due: datetime, reviewed=T0) -> None:
    question_id = db.session.scalar(sa.select(Question.id).where(Question.key == key))
    db.session.add(learned_card(user_id, question_id, stability, due, reviewed))
    db.session.commit()


def set_date(user_id: int, day, bank_ids=None) -> None:
    db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(interview_date=day, interview_bank_ids=bank_ids)
    )
    db.session.commit()


def status_at(user_id: int, now: datetime):
    return queue_status(db.session, user_id, now, end_of_local_day(now, UTC_ZONE), EVERYTHING)


def served_keys(user_id: int, now: datetime, count: int) -> list[str]:
    keys, last = [], None
    for _ in range(count):
        question = next_review_question(db.session, user_id, EVERYTHING, now, last)
        keys.append(question.key)
        last = question.id
    return keys


def test_the_final_days_serve_every_card_lowest_recall_on_the_day_first(app, learner):
    with app.app_context():
        give_card(learner, "admin-panel", 1.0, FAR)
        give_card(learner, "flask-gateway", 50.0, FAR)
        give_card(learner, "django-batteries", 5.0, FAR)
        set_date(learner, INTERVIEW)
        # before the final days nothing is due: each interval is capped to their start
        before = T0 + timedelta(days=4)
        status = status_at(learner, before)
        assert status.due_now == 0
        assert status.next_due == datetime(2026, 3, 9, tzinfo=UTC)
        # in them, every card is due, the least likely recalled on the day first
        final = T0 + timedelta(days=8)
        assert status_at(learner, final).due_now == 3
        assert served_keys(learner, final, 2) == ["admin-panel", "django-batteries"]
        # clearing the date keeps every card as it was: fsrs's schedule again
        cards_before = db.session.execute(sa.select(Card.id, Card.due, Card.reviews)).all()
        set_date(learner, None)
        assert status_at(learner, final).due_now == 0
        assert db.session.execute(sa.select(Card.id, Card.due, Card.reviews)).all() == cards_before


def test_from_the_interview_day_on_the_normal_schedule_resumes(app, learner):
    with app.app_context():
        give_card(learner, "admin-panel", 1.0, FAR)
        set_date(learner, INTERVIEW)
        after = T0 + timedelta(days=11)
        assert status_at(learner, after).due_now == 0
        assert next_review_question(db.session, learner, EVERYTHING, after).key != "admin-panel"


def test_only_the_interview_banks_are_capped(app, learner):
    with app.app_context():
        bank_id = db.session.scalar(
            sa.select(Question.bank_id).where(Question.key == "admin-panel")
        )
        give_card(learner, "admin-panel", 1.0, FAR)
        set_date(learner, INTERVIEW, [bank_id + 1])  # another bank
        assert status_at(learner, T0 + timedelta(days=8)).due_now == 0
        set_date(learner, INTERVIEW, [bank_id])
        assert status_at(learner, T0 + timedelta(days=8)).due_now == 1


def test_the_dashboard_shows_readiness_per_topic_and_a_plan(app, learner):
    with app.app_context():
        give_card(learner, "admin-panel", 40.0, FAR)
        set_date(learner, INTERVIEW)
        data = build_dashboard(db.session, learner, T0, UTC_ZONE)
        outlook = data.interview
        assert outlook.days_left == 10 and not outlook.final_days
        ready = outlook.readiness
        total = db.session.scalar(sa.select(sa.func.count(Question.id)).where(~Question.retired))
        assert (ready.questions, ready.seen) == (total, 1)
        assert 0 < ready.ready < 1 / total  # one question, recalled with p < 1 on the day
        assert [t.ready for t in ready.topics] == sorted(t.ready for t in ready.topics)
        assert outlook.plan.needed.per_day > outlook.plan.pace == 0
        plan = outlook.plan
        assert plan.warnings == [
            f"At 0 a day you reach {int(plan.at_pace.ready * 100)}%;"
            f" {plan.needed.per_day} a day reaches 90%."
        ]
        assert outlook.rehearsal is None
        two_days_before = build_dashboard(db.session, learner, T0 + timedelta(days=8), UTC_ZONE)
        assert two_days_before.interview.rehearsal is not None
        assert two_days_before.interview.final_days


def test_hot_pages_send_as_many_statements_with_a_date_set(client, auth, app, every_kind_bank):
    auth.register()
    assert start_interview(client, app).status_code == 200
    with app.app_context():
        interview_id = db.session.scalar(sa.select(Interview.id))
        set_date(db.session.scalar(sa.select(User.id)), INTERVIEW + timedelta(days=365))
    add_history(app, 5)
    few = statements_per_page(client, app, interview_id)
    add_history(app, 400)
    many = statements_per_page(client, app, interview_id)
    assert many == few


def test_a_review_sends_as_many_statements_whatever_the_cards(app, learner):
    with app.app_context():
        set_date(learner, INTERVIEW)
        give_card(learner, "admin-panel", 1.0, FAR)
        with QueryCounter(db.engine) as few:
            next_review_question(db.session, learner, EVERYTHING, T0 + timedelta(days=8))
        for key in ("flask-gateway", "django-batteries"):
            give_card(learner, key, 3.0, FAR)
        with QueryCounter(db.engine) as many:
            next_review_question(db.session, learner, EVERYTHING, T0 + timedelta(days=8))
        assert few.count == many.count
