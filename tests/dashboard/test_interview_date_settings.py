"""Set interview date in Settings: the form, bad input, clearing, the target, the
dashboard part, and the migration that adds the columns."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import flask_migrate
import pytest
import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from quiz.models import Bank, Card, User, utcnow
from tests.conftest import csrf_token_from, make_config, submit


def today() -> date:
    return utcnow().date()  # the learner registered without a time zone: UTC


def stored(app) -> tuple:
    with app.app_context():
        return db.session.execute(
            sa.select(User.interview_date, User.interview_bank_ids, User.desired_retention)
        ).one()


def post_date(client, **data):
    page = client.get("/settings").get_data(as_text=True)
    return client.post(
        "/settings/interview-date", data={"csrf_token": csrf_token_from(page), **data}
    )


@pytest.fixture
def learner(client, auth, every_kind_bank):
    auth.register()


def test_settings_offer_set_interview_date_and_the_dashboard_links_to_it(client, learner):
    settings = client.get("/settings").get_data(as_text=True)
    assert 'value="Set interview date"' in settings
    assert "Clear interview date" not in settings  # nothing to clear yet
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert ">Set interview date</a>" in dashboard and "/settings#interview-date" in dashboard


def test_a_date_is_stored_and_the_dashboard_counts_down_to_it(client, app, learner):
    day = today() + timedelta(days=10)
    response = post_date(client, interview_date=day.isoformat(), submit="Set interview date")
    assert response.status_code == 302 and response.location.endswith("/dashboard")
    assert stored(app) == (day, None, 0.9)
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"Interview date set to {day:%-d %B %Y}." in page
    assert "Interview in 10 days" in page
    assert "Ready 0% → target 90%" in page
    assert "Daily plan" in page and "a day reaches 90%" in page
    assert "Dress rehearsal" not in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("yesterday", "has passed: choose a day after today."),
        ("today", "That is today: choose a day after today."),
        ("three years", "Choose a date within two years, by"),
        ("next tuesday", "Enter the interview date as a date, such as 2026-07-20."),
        ("2026-02-30", "Enter the interview date as a date, such as 2026-07-20."),
        ("", "Enter the interview date as a date, such as 2026-07-20."),
    ],
)
def test_bad_dates_get_a_clear_message_and_change_nothing(client, app, learner, typed, message):
    earlier = today() + timedelta(days=30)
    post_date(client, interview_date=earlier.isoformat(), submit="Set interview date")
    value = {
        "yesterday": (today() - timedelta(days=1)).isoformat(),
        "today": today().isoformat(),
        "three years": (today() + timedelta(days=3 * 366)).isoformat(),
    }.get(typed, typed)
    response = post_date(client, interview_date=value, submit="Set interview date")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored(app) == (earlier, None, 0.9)


def test_banks_it_covers_are_stored_and_unknown_banks_refused(client, app, learner):
    with app.app_context():
        bank_id = db.session.scalar(sa.select(Bank.id))
    day = (today() + timedelta(days=5)).isoformat()
    refused = post_date(client, interview_date=day, banks=str(bank_id + 99))
    assert refused.status_code == 422 and "Choose among the banks listed" in refused.get_data(
        as_text=True
    )
    assert stored(app)[0] is None
    post_date(client, interview_date=day, banks=str(bank_id), submit="Set interview date")
    assert stored(app)[1] == [bank_id]
    with app.app_context():
        title = db.session.scalar(sa.select(Bank.title))
    settings = client.get("/settings").get_data(as_text=True)
    assert f"covering\n      {title}." in settings


def test_clearing_the_date_keeps_every_review(client, app, learner):
    page = client.get("/practice/every-kind/").get_data(as_text=True)
    submit(client, page, dont_know="1", follow_redirects=False)
    post_date(client, interview_date=(today() + timedelta(days=4)).isoformat())
    with app.app_context():
        cards = db.session.execute(sa.select(Card.id, Card.due, Card.reviews)).all()
    assert cards
    response = post_date(client, interview_date="garbage", clear="Clear interview date")
    assert response.status_code == 302
    assert stored(app)[:2] == (None, None)
    with app.app_context():
        assert db.session.execute(sa.select(Card.id, Card.due, Card.reviews)).all() == cards
    assert "Interview date cleared" in client.get("/settings").get_data(as_text=True)


@pytest.mark.parametrize(("typed", "ok"), [("85", True), ("97", True), ("50", False), ("x", False)])
def test_the_target_is_the_fsrs_desired_retention(client, app, learner, typed, ok):
    page = client.get("/settings").get_data(as_text=True)
    response = client.post(
        "/settings/target", data={"csrf_token": csrf_token_from(page), "target": typed}
    )
    if ok:
        assert response.status_code == 302
        assert stored(app)[2] == int(typed) / 100
    else:
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        assert "Choose from 70% to 97%." in body or "Enter a whole number from 70 to 97." in body
        assert stored(app)[2] == 0.9


def test_the_dashboard_offers_a_dress_rehearsal_two_days_before(client, app, learner):
    post_date(client, interview_date=(today() + timedelta(days=2)).isoformat())
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<button type="submit">Dress rehearsal</button>' in page
    with app.app_context():
        bank_id = db.session.scalar(sa.select(Bank.id))
    form = page[page.index('id="dress-rehearsal"') :]
    response = client.post(
        "/interview/",
        data={
            "csrf_token": csrf_token_from(form),
            "banks": [bank_id],
            "questions": "20",
            "minutes": "45",
        },
    )
    assert response.status_code in (302, 303)
    assert f'name="banks" value="{bank_id}"' in form


def test_the_migration_adds_the_columns_to_existing_accounts(tmp_path):
    app = create_app(make_config(f"sqlite:///{tmp_path / 'old.sqlite'}"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        flask_migrate.upgrade(directory=directory, revision="74262b2adbda")
        with db.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO user (id, username, username_key, password_hash, timezone,"
                " created_at) VALUES (1, 'u', 'u', 'x', 'UTC', '2026-01-01')"
            )
        flask_migrate.upgrade(directory=directory)
        assert stored(app) == (None, None, 0.9)
        flask_migrate.downgrade(directory=directory, revision="74262b2adbda")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("user")}
        assert "interview_date" not in columns and "desired_retention" not in columns
        db.engine.dispose()
    assert datetime.now(UTC)  # the app ran in its own database, not the suite's
