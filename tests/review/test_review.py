"""The review loop through real attempts: cards, queue, mastery, leeches, dashboard."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from quiz.dashboard.summary import build_dashboard
from quiz.extensions import db
from quiz.models import Attempt, Card, Question, ReviewLog, Topic, User
from quiz.practice.answers import store_attempt
from quiz.practice.serving import Scope, question_view, serve, served_for_answer
from quiz.review.cards import card_state
from quiz.review.mastery import topic_masteries
from quiz.review.queue import next_review_question, queue_status
from quiz.scheduling.days import end_of_local_day
from quiz.scheduling.schedule import ReviewRecord, replay, retrievability
from tests.conftest import (
    QueryCounter,
    answer_through_services,
    csrf_token_from,
    days_of_activity,
    import_bank,
    submit,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RIGHT = {"admin-panel": [2], "flask-gateway": "WSGI"}
WRONG = {"admin-panel": [0], "flask-gateway": "ASGI"}
HALF = {"django-batteries": [0]}


def question(key):
    return db.session.scalar(sa.select(Question).where(Question.key == key))


def card(user_id, key):
    return db.session.scalar(
        sa.select(Card).where(Card.user_id == user_id, Card.question_id == question(key).id)
    )


def test_a_card_loaded_before_an_answer_shows_its_review_after(app, learner):
    """Cards are reviewed with Core statements: one this session holds is not left stale."""
    with app.app_context():
        answer_through_services(learner, "admin-panel", WRONG["admin-panel"], T0)
        held = card(learner, "admin-panel")
        assert (held.reviews, held.last_rating) == (1, 1)
        answer_through_services(
            learner, "admin-panel", RIGHT["admin-panel"], T0 + timedelta(hours=1)
        )
        assert card(learner, "admin-panel") is held
        assert (held.reviews, held.last_rating) == (2, 3)
        assert held.due > T0 + timedelta(hours=1)


def test_right_answer_is_due_later_than_partly_right(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", RIGHT["admin-panel"], T0)
        answer_through_services(learner, "django-batteries", HALF["django-batteries"], T0)
        good, hard = card(learner, "admin-panel"), card(learner, "django-batteries")
        assert good.due > hard.due > T0


def test_wrong_answer_comes_back_within_the_day_and_sooner_than_right(app, learner):
    with app.app_context():
        answer_through_services(learner, "flask-gateway", WRONG["flask-gateway"], T0)
        answer_through_services(learner, "admin-panel", RIGHT["admin-panel"], T0)
        wrong = card(learner, "flask-gateway")
        assert T0 < wrong.due < T0 + timedelta(hours=1)
        assert wrong.due < card(learner, "admin-panel").due


def test_every_attempt_logs_one_review_that_replays_to_the_stored_card(app, learner):
    with app.app_context():
        times = [T0, T0 + timedelta(hours=1), T0 + timedelta(days=2), T0 + timedelta(days=9)]
        for moment, response in zip(times, ["WSGI", "ASGI", "WSGI", "WSGI"], strict=True):
            answer_through_services(learner, "flask-gateway", response, moment)
        stored = card(learner, "flask-gateway")
        logs = list(
            db.session.scalars(
                sa.select(ReviewLog).where(ReviewLog.card_id == stored.id).order_by(ReviewLog.id)
            )
        )
        assert [log.rating for log in logs] == [3, 1, 3, 3]
        records = [ReviewRecord(log.rating, log.reviewed_at, log.duration_ms) for log in logs]
        replayed = replay(records, stored.first_seen)
        assert replayed.due == stored.due
        assert replayed.stability == pytest.approx(stored.stability)


def test_open_question_waits_for_the_self_rating(app, learner, client, auth):
    with app.app_context():
        attempt = answer_through_services(learner, "fastapi-concurrency", "ASGI", T0)
        assert card(learner, "fastapi-concurrency") is None
        from quiz.practice.answers import rate_attempt

        assert rate_attempt(db.session, attempt, 1, now=T0)
        assert card(learner, "fastapi-concurrency").reviews == 1
        assert not rate_attempt(db.session, attempt, 4, now=T0)  # once only
        assert card(learner, "fastapi-concurrency").reviews == 1


def test_queue_serves_most_overdue_first_then_new_questions_of_weak_topics(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", WRONG["admin-panel"], T0)
        answer_through_services(
            learner, "flask-gateway", WRONG["flask-gateway"], T0 + timedelta(minutes=5)
        )
        later = T0 + timedelta(hours=2)
        scope = Scope(bank_id=None, mode="review")
        assert next_review_question(db.session, learner, scope, later).key == "admin-panel"
        answer_through_services(learner, "admin-panel", RIGHT["admin-panel"], later)
        assert next_review_question(db.session, learner, scope, later).key == "flask-gateway"
        answer_through_services(learner, "flask-gateway", RIGHT["flask-gateway"], later)
        # nothing due: a new question, from a topic with 0% mastery (not Basics)
        new = next_review_question(db.session, learner, scope, later)
        assert db.session.get(Topic, new.topic_id).slug != "basics"
        assert card(learner, new.key) is None


def test_queue_status_counts_due_now_today_and_next(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", WRONG["admin-panel"], T0)
        answer_through_services(learner, "flask-gateway", RIGHT["flask-gateway"], T0)
        everything = Scope(bank_id=None, mode="review")
        end = end_of_local_day(T0, ZoneInfo("UTC"))
        status = queue_status(db.session, learner, T0, end, everything)
        assert (status.due_now, status.due_today) == (0, 2)
        assert status.next_due == card(learner, "admin-panel").due
        later = T0 + timedelta(hours=1)
        assert queue_status(db.session, learner, later, end, everything).due_now == 2


def test_topic_mastery_is_coverage_times_mean_recall(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", RIGHT["admin-panel"], T0)
        answer_through_services(learner, "flask-gateway", RIGHT["flask-gateway"], T0)
        basics = next(
            t for t in topic_masteries(db.session, learner, T0) if t.topic_slug == "basics"
        )
        # 2 of 4 questions seen, both just reviewed (recall 1.0): 2/4 x 1.0
        assert (basics.seen, basics.total) == (2, 4)
        assert basics.mastery == pytest.approx(0.5)
        later = T0 + timedelta(days=30)
        r = [retrievability(card_state(card(learner, k)), later) for k in RIGHT]
        assert all(value < 1 for value in r)
        basics = next(
            t for t in topic_masteries(db.session, learner, later) if t.topic_slug == "basics"
        )
        assert basics.mastery == pytest.approx(sum(r) / 4)


def test_started_topics_come_first_then_those_not_started(app, learner):
    with app.app_context():
        for key in ("admin-panel", "django-batteries", "flask-gateway"):
            answer_through_services(learner, key, RIGHT.get(key, [0, 1]), T0)
        ranked = topic_masteries(db.session, learner, T0)
        assert ranked[0].topic_slug == "basics" and ranked[0].started
        assert not any(t.started for t in ranked[1:])  # never answered: "not started"


def test_leech_is_flagged_after_four_lapses_not_three(app, learner):
    with app.app_context():
        moment = T0
        answer_through_services(
            learner, "flask-gateway", "ASGI", moment
        )  # an early miss is not a lapse
        answer_through_services(learner, "flask-gateway", "WSGI", moment + timedelta(minutes=1))
        for _ in range(3):
            moment += timedelta(days=1)
            answer_through_services(learner, "flask-gateway", "ASGI", moment)
        zone = ZoneInfo("UTC")
        assert card(learner, "flask-gateway").lapses == 3
        assert build_dashboard(db.session, learner, moment, zone).leeches == []
        answer_through_services(learner, "flask-gateway", "ASGI", moment + timedelta(days=1))
        [leech] = build_dashboard(db.session, learner, moment, zone).leeches
        assert leech.key == "flask-gateway" and leech.lapses == 4


def test_dashboard_query_count_does_not_grow_with_history(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", RIGHT["admin-panel"], T0)
        zone = ZoneInfo("UTC")
        build_dashboard(db.session, learner, T0, zone)  # the bank overview is read and kept
        db.session.expire_all()
        with QueryCounter(db.engine) as small:
            build_dashboard(db.session, learner, T0 + timedelta(days=1), zone)
        for i in range(40):
            key = ("admin-panel", "flask-gateway", "django-batteries")[i % 3]
            answer_through_services(learner, key, WRONG.get(key, [0]), T0 + timedelta(hours=i))
        db.session.expire_all()
        with QueryCounter(db.engine) as large:
            data = build_dashboard(db.session, learner, T0 + timedelta(days=2), zone)
        assert sum(d.attempts for d in data.activity.values()) == 41
        assert large.count == small.count


def test_today_and_streak_follow_the_learner_time_zone():
    late_evening_utc = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    tokyo = days_of_activity([(late_evening_utc, 1.0)], ZoneInfo("Asia/Tokyo"))
    utc = days_of_activity([(late_evening_utc, 1.0)], ZoneInfo("UTC"))
    assert list(tokyo) == [late_evening_utc.date() + timedelta(days=1)]
    assert list(utc) == [late_evening_utc.date()]
    end = end_of_local_day(late_evening_utc, ZoneInfo("America/New_York"))
    assert end == datetime(2026, 3, 3, 0, 0, tzinfo=ZoneInfo("America/New_York"))


def test_dashboard_streak_uses_local_days(app, learner):
    with app.app_context():
        # 23:30 UTC on three days in a row is the next morning in Tokyo, every time
        for day in range(3):
            answer_through_services(
                learner, "admin-panel", [2], datetime(2026, 3, 1 + day, 23, 30, tzinfo=UTC)
            )
        now = datetime(2026, 3, 4, 1, 0, tzinfo=UTC)
        assert build_dashboard(db.session, learner, now, ZoneInfo("Asia/Tokyo")).streak == 3
        # in Los Angeles the last practice was "yesterday": the streak still stands
        assert (
            build_dashboard(db.session, learner, now, ZoneInfo("America/Los_Angeles")).streak == 3
        )
        later = datetime(2026, 3, 6, 12, 0, tzinfo=UTC)
        assert build_dashboard(db.session, learner, later, ZoneInfo("UTC")).streak == 0


def test_dashboard_page_shows_due_streak_topics_and_charts(client, auth, app, every_kind_bank):
    auth.register()
    page = client.get("/dashboard").get_data(as_text=True)
    # a new learner: one way in, the topics not started, no empty counts or charts
    # one primary way in; Set interview date (issue 20) sits beside it as a secondary
    primary = re.findall(r'<a [^>]*role="button"(?![^>]*class="secondary")[^>]*>([^<]*)</a>', page)
    assert primary == ["Start practising"]
    assert "Not started: 3 topics" in page and "Drill this topic" not in page
    assert "due now" not in page and "<svg" not in page
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        answer_through_services(user_id, "admin-panel", WRONG["admin-panel"], datetime.now(UTC))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "0 due now" in page and "1 day streak" in page
    assert page.count("Drill this topic") == 1 and "Not started: 2 topics" in page
    assert "0/1 right, 0 due" in page
    assert page.count("<svg") >= 2 and "<title" in page and "<desc" in page


def test_review_page_when_nothing_is_due_says_when_next(client, auth, app, every_kind_bank):
    auth.register()
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        now = datetime.now(UTC)
        for q in db.session.scalars(sa.select(Question)):
            # every question reviewed and scheduled: hand-written in 3 days, generated in 5
            db.session.add(
                Card(
                    user_id=user_id,
                    question_id=q.id,
                    state=2,
                    step=None,
                    stability=10.0,
                    difficulty=5.0,
                    due=now + timedelta(days=5 if q.generated else 3),
                    last_review=now,
                )
            )
        db.session.commit()
    page = client.get("/review/").get_data(as_text=True)
    assert "All caught up" in page and "The next review is due" in page


def test_review_page_serves_due_question_and_says_how_many(client, auth, app, every_kind_bank):
    auth.register()
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        answer_through_services(user_id, "admin-panel", [0], datetime.now(UTC) - timedelta(days=1))
    page = client.get("/review/").get_data(as_text=True)
    assert "1 due now" in page
    assert "Which framework ships an auto-generated admin panel?" in page


def test_drill_serves_only_that_topics_questions(client, auth, app, every_kind_bank):
    auth.register()
    keys = set()
    for _ in range(3):
        page = client.get("/review/drill/every-kind/summary").get_data(as_text=True)
        assert "Drill" in page
        submit(client, page, choice="1", follow_redirects=False)
    with app.app_context():
        attempts = db.session.scalars(sa.select(Attempt)).all()
        keys = {a.question.topic.slug for a in attempts}
        modes = {a.mode for a in attempts}
    assert keys == {"summary"} and modes == {"drill"}


def test_time_zone_detected_at_registration_and_changeable(client, auth, app, every_kind_bank):
    auth.register("tzuser", timezone="Asia/Tokyo")
    with app.app_context():
        assert db.session.scalar(sa.select(User.timezone)) == "Asia/Tokyo"
    settings = client.get("/settings").get_data(as_text=True)
    bad = client.post(
        "/settings", data={"timezone": "Mars/Olympus", "csrf_token": csrf_token_from(settings)}
    )
    assert "Unknown time zone" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(User.timezone)) == "Asia/Tokyo"  # unchanged
    client.post(
        "/settings", data={"timezone": "Europe/Paris", "csrf_token": csrf_token_from(settings)}
    )
    with app.app_context():
        assert db.session.scalar(sa.select(User.timezone)) == "Europe/Paris"


def test_unknown_time_zone_is_refused_blank_is_utc_and_aliases_get_current_names(
    client, auth, app, every_kind_bank
):
    refused = auth.register("tzuser2", timezone="Not/AZone").get_data(as_text=True)
    assert "Unknown time zone" in refused and 'aria-invalid="true"' in refused
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    auth.register("tzuser3", timezone="")
    auth.logout()
    auth.register("tzuser4", timezone="africa/asmera")  # an old alias, any case
    with app.app_context():
        zones = dict(db.session.execute(sa.select(User.username, User.timezone)).all())
    assert zones == {"tzuser3": "UTC", "tzuser4": "Africa/Nairobi"}


def test_time_zone_picker_lists_current_names_only(client, auth, app):
    page = client.get("/auth/register").get_data(as_text=True)
    assert 'list="timezone-names"' in page and '<datalist id="timezone-names">' in page
    assert '<option value="Europe/Berlin">' in page and '<option value="UTC">' in page
    for alias in ("Africa/Asmera", "Asia/Calcutta", "Europe/Kiev", "US/Pacific", "EST"):
        assert f'<option value="{alias}">' not in page


def test_a_failed_question_counts_as_not_remembered_and_its_topic_ranks_first(app, learner):
    with app.app_context():
        answer_through_services(learner, "admin-panel", WRONG["admin-panel"], T0)
        ranked = topic_masteries(db.session, learner, T0 + timedelta(seconds=1))
        assert ranked[0].topic_slug == "basics"
        assert ranked[0].mastery == 0.0 and ranked[0].seen == 1


def test_right_and_fast_answer_is_rated_easy(app, learner):
    with app.app_context():
        q = question("admin-panel")
        view = question_view(db.session, q.id)
        token = serve(db.session, learner, view, Scope(bank_id=q.bank_id), now=T0).token
        served, _ = served_for_answer(db.session, learner, token)
        attempt_id = store_attempt(db.session, served, [2], now=T0 + timedelta(seconds=3))
        log = db.session.scalar(sa.select(ReviewLog).where(ReviewLog.attempt_id == attempt_id))
        assert log.rating == 4


def test_an_unrated_open_question_is_not_served_again_right_after(app, learner):
    with app.app_context():
        answer_through_services(
            learner, "fastapi-concurrency", "ASGI", T0
        )  # open, left unrated: no card
        scope = Scope(
            bank_id=None, topic_id=question("fastapi-concurrency").topic_id, mode="review"
        )
        after = question("fastapi-concurrency").id
        served_next = next_review_question(db.session, learner, scope, T0, exclude_id=after)
        assert served_next.key != "fastapi-concurrency"


def test_rating_an_older_open_attempt_keeps_the_newer_review(app, learner):
    from quiz.practice.answers import rate_attempt

    with app.app_context():
        older = answer_through_services(learner, "fastapi-concurrency", "ASGI", T0)
        newer = answer_through_services(
            learner, "fastapi-concurrency", "ASGI async", T0 + timedelta(hours=1)
        )
        assert rate_attempt(db.session, newer, 4, now=T0 + timedelta(hours=1))
        assert rate_attempt(db.session, older, 1, now=T0 + timedelta(hours=2))
        stored = card(learner, "fastapi-concurrency")
        assert (stored.reviews, stored.last_rating) == (1, 4)
        assert db.session.get(Attempt, older.id).self_rating == 1  # the rating is kept


def test_dashboard_shows_the_five_weakest_topics_and_folds_the_rest(client, auth, app, tmp_path):

    topics = "".join(
        f"# Topic {n}\n## Which number is {n}? {{#q{n}}}\n"
        f"- [x] {n}\n- [ ] {n + 10}\n- [ ] {n + 20}\n> It is {n}.\n"
        for n in range(1, 8)
    )
    bank = tmp_path / "seven.md"
    bank.write_text(f"---\nbank: seven\ntitle: Seven topics\n---\n{topics}", encoding="utf-8")
    import_bank(app, bank)
    auth.register()
    with app.app_context():  # every topic started: ranked, none "not started"
        user_id = db.session.scalar(sa.select(User.id))
        for n in range(1, 8):
            answer_through_services(user_id, f"q{n}", [n % 2], datetime.now(UTC))
    page = client.get("/dashboard").get_data(as_text=True)
    shown, folded = page.split('<details class="more-topics">')
    assert shown.count("Drill this topic") == 5
    assert "All 7 topics you have started" in folded and folded.count("Drill this topic") == 2
    assert "Not started" not in page
