"""The dashboard and progress bodies kept per learner (quiz/web/caching.py) are never stale.

Each test fills the cache, changes something (an answer, a rating, an override, an
interview, a bank, the time zone, the clock), then checks that the page served equals
the page computed afresh with every cache emptied, and that the change did show.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from quiz.bank_store.files import retire_banks_without_files
from quiz.dashboard.summary import HISTORY_DAYS, build_dashboard
from quiz.extensions import db
from quiz.instructor.service import restore_bank, retire_bank
from quiz.models import Attempt, Bank, Card, Question, User, utcnow
from quiz.web.caching import StampedCache, clear_engine_caches
from tests.conftest import (
    CSRF_RE,
    AuthActions,
    add_learner,
    answer_interview_for_report,
    attempts,
    csrf_token_from,
    finish_interview,
    import_bank,
    interviews,
    learned_card,
    open_question,
    post_checklist,
    rate_answer,
    start_interview,
    submit,
)

PAGES = ("/dashboard", "/progress/")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # 18:00 in Tokyo


def forget(app) -> None:
    """Empty every cache a page reads: the next request computes everything."""
    app.extensions.get("page_caches", {}).clear()
    clear_engine_caches()


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return CSRF_RE.sub('name="csrf_token" value="-"', response.get_data(as_text=True))


def served_is_fresh(client, app, path: str) -> str:
    """The page as served (from the cache if it holds it) equals the page computed anew."""
    served = page(client, path)
    forget(app)
    assert served == page(client, path), path
    return served


def views(client, app) -> dict[str, str]:
    """Both pages as served equal both computed anew (then kept in the caches)."""
    served = {path: page(client, path) for path in PAGES}
    forget(app)
    fresh = {path: page(client, path) for path in PAGES}
    assert served == fresh
    return fresh


def user_id(app, username="alice") -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


@pytest.fixture
def learner(client, auth, app, every_kind_bank):
    """A learner with one answer, both pages viewed (so cached)."""
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    return views(client, app)


# ------------------------------------------------------------------------- the cache


def test_a_repeat_view_is_served_from_the_cache(client, app, learner, monkeypatch):
    calls = []
    import quiz.dashboard.routes
    import quiz.progress.routes

    for module, name in (
        (quiz.dashboard.routes, "build_dashboard"),
        (quiz.progress.routes, "progress_report"),
    ):
        original = getattr(module, name)
        monkeypatch.setattr(
            module, name, lambda *a, _f=original, _n=name, **k: calls.append(_n) or _f(*a, **k)
        )
    for path in PAGES:
        assert page(client, path) == learner[path]
    assert calls == []
    forget(app)
    for path in PAGES:
        assert page(client, path) == learner[path]
    assert calls == ["build_dashboard", "progress_report"]


def test_the_cache_keeps_the_most_recently_viewed_learners_and_honours_stamp_and_time():
    cache = StampedCache(size=2)
    cache.put(1, "a", None, "one")
    cache.put(2, "a", T0, "two")
    assert cache.get(1, "a", T0) == "one"  # 1 is now the most recent
    cache.put(3, "a", None, "three")
    assert len(cache) == 2 and cache.get(2, "a", T0 - timedelta(hours=1)) is None
    assert cache.get(1, "b", T0) is None  # another stamp: gone
    cache.put(2, "a", T0, "two")
    assert cache.get(2, "a", T0 - timedelta(microseconds=1)) == "two"
    assert cache.get(2, "a", T0) is None  # expired at T0


def test_get_or_build_builds_only_when_nothing_is_kept_under_the_stamp_and_time():
    cache = StampedCache()
    built: list[str] = []

    def build(value: str):
        return lambda: built.append(value) or value

    assert cache.get_or_build(1, "a", T0, build("one"), expires=T0 + timedelta(hours=1)) == "one"
    assert cache.get_or_build(1, "a", T0, build("again")) == "one"  # kept
    assert cache.get_or_build(1, "b", T0, build("two")) == "two"  # another stamp
    later = T0 + timedelta(hours=2)
    expiry = lambda value: later  # noqa: E731 - the instant from the built value
    assert cache.get_or_build(1, "c", T0, build("three"), expires=expiry) == "three"
    assert cache.get_or_build(1, "c", later - timedelta(seconds=1), build("x")) == "three"
    assert cache.get_or_build(1, "c", later, build("four")) == "four"  # expired
    assert built == ["one", "two", "three", "four"]


def session_part(page: str) -> str:
    """A page's CSRF token without its timestamp and signature: the browser's secret (two
    requests a second apart give one browser different whole tokens)."""
    return csrf_token_from(page).split(".")[0]


@pytest.mark.parametrize("path", ["/dashboard", "/interview/"])
def test_a_kept_page_part_never_carries_the_form_token(client, app, learner, path):
    """Another browser of the same learner gets its own token, not the kept part's (the
    dashboard's welcome form, the interview start form's fields)."""
    token = session_part(client.get(path).get_data(as_text=True))
    other = app.test_client()
    AuthActions(other).login()
    own = session_part(other.get("/settings").get_data(as_text=True))
    shown = session_part(other.get(path).get_data(as_text=True))
    assert shown == own and shown != token


def test_the_kept_site_menu_shows_each_learner_with_each_browsers_token(client, app, learner):
    """The menu (quiz/web/nav.py) is kept per name and role: its logout form carries the
    token of the browser it is served to, and its name is the learner's."""
    mine = client.get("/review/").get_data(as_text=True)
    other = app.test_client()
    AuthActions(other).register("bob")
    theirs = other.get("/review/").get_data(as_text=True)
    assert 'class="muted">alice</a>' in mine and 'class="muted">bob</a>' in theirs
    assert "bob" not in mine and "alice" not in theirs
    for html in (mine, theirs):  # the menu's and the answer form's: the browser's own
        assert len({token.split(".")[0] for token in CSRF_RE.findall(html)}) == 1
    assert session_part(mine) != session_part(theirs)
    logout = other.post("/auth/logout", data={"csrf_token": csrf_token_from(theirs)})
    assert logout.status_code == 302 and other.get("/review/").status_code == 302


def test_each_learner_sees_their_own_pages(client, auth, app, learner):
    auth.logout()
    auth.register("bob")
    fresh = views(client, app)
    assert fresh["/dashboard"] != learner["/dashboard"] and "bob" in fresh["/dashboard"]
    assert fresh["/progress/"] != learner["/progress/"]


# ----------------------------------------------------------- what the learner does


def test_an_answer_shows_at_once(client, app, learner):
    html, token, _ = open_question(client, app, "flask-gateway")
    submit(client, html, token, answer="ASGI")
    after = views(client, app)
    assert all(after[path] != learner[path] for path in PAGES)


def test_an_attempt_committed_out_of_id_order_shows_at_once(client, app, learner):
    """On PostgreSQL a transaction can commit after one that took a larger id."""

    def add(attempt_id: int) -> None:
        with app.app_context():
            question_id = db.session.scalar(sa.select(Attempt.question_id))
            db.session.add(
                Attempt(
                    id=attempt_id,
                    user_id=user_id(app),
                    question_id=question_id,
                    answer=[0],
                    score=0.0,
                    verdict="wrong",
                    created_at=utcnow(),
                )
            )
            db.session.commit()

    last = attempts(app)[-1].id
    add(last + 10)
    before = views(client, app)
    add(last + 5)
    after = views(client, app)
    assert all(after[path] != before[path] for path in PAGES)


def test_a_self_rating_shows_at_once(client, app, learner):
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    page_html = submit(client, html, token, answer="ASGI").get_data(as_text=True)
    answered = views(client, app)
    attempt = attempts(app)[-1]
    rate_answer(client, attempt.id, page_html, follow_redirects=True, rating="3")
    assert attempts(app)[-1].self_rating == 3
    rated = views(client, app)
    assert rated["/dashboard"] != answered["/dashboard"]  # the question now has a card


def test_rating_a_second_answer_of_a_known_question_shows_at_once(client, app, learner):
    """No attempt and no card is added by the rating: only the card's schedule changes."""
    for rating in ("3", "1"):
        html, token, _ = open_question(client, app, "fastapi-concurrency")
        page_html = submit(client, html, token, answer="ASGI").get_data(as_text=True)
        answered = views(client, app)
        rate_answer(client, attempts(app)[-1].id, page_html, follow_redirects=True, rating=rating)
    assert views(client, app)["/dashboard"] != answered["/dashboard"]  # forgotten: 0%


def test_an_override_shows_at_once(client, app, learner):
    html, token, _ = open_question(client, app, "flask-gateway")
    page_html = submit(client, html, token, answer="the gateway thing").get_data(as_text=True)
    answered = views(client, app)
    attempt = attempts(app)[-1]
    client.post(
        f"/practice/attempt/{attempt.id}/override",
        data={"csrf_token": csrf_token_from(page_html)},
        follow_redirects=True,
    )
    assert attempts(app)[-1].overridden_at is not None
    overridden = views(client, app)
    assert overridden["/progress/"] != answered["/progress/"]  # now counted as right


def test_a_corrected_checklist_shows_at_once(client, app, learner):
    """A correction changes no attempt count and no card's reviews: the progress credit
    moves and a card rated by default is replayed. Each save shows, the latest too."""
    html, token, _ = open_question(client, app, "fastapi-concurrency")
    page_html = submit(client, html, token, answer="It uses ASGI and async/await.").text
    attempt = attempts(app)[-1]
    # "Next question" without rating: Hard by default (67%); following the redirect shows
    # the flashed message now, not on the next page
    rate_answer(client, attempt.id, page_html, follow_redirects=True, then="next", by_default="1")
    before = views(client, app)
    for covered in ([], [0, 1, 2]):  # credited 0% (Again), then 100% (Good)
        shown = client.get(f"/practice/attempt/{attempt.id}").text
        post_checklist(client, attempt.id, shown, covered=covered)
        corrected = views(client, app)
        assert corrected["/progress/"] != before["/progress/"]  # the credit moved
        assert corrected["/dashboard"] != before["/dashboard"]  # the card was replayed
        before = corrected
    assert attempts(app)[-1].corrected_score == 1.0


def test_an_interview_finish_and_rating_show_at_once(client, app, learner, fixed_draw):
    start_interview(client, app)
    [interview] = interviews(app)
    answer_interview_for_report(client, interview.id)
    started = views(client, app)
    finish_interview(client, interview.id)
    finished = views(client, app)
    assert all(finished[path] != started[path] for path in PAGES)
    report = client.get(f"/interview/{interview.id}/report").get_data(as_text=True)
    client.post(
        f"/interview/{interview.id}/rate/4",
        data={"csrf_token": csrf_token_from(report), "rating": "3"},
        follow_redirects=True,
    )
    rated = views(client, app)
    assert rated["/dashboard"] != finished["/dashboard"]  # the open question got its card


def test_a_time_zone_change_shows_at_once(client, app, learner):
    settings = client.get("/settings").get_data(as_text=True)
    client.post(
        "/settings",
        data={"timezone": "Asia/Tokyo", "csrf_token": csrf_token_from(settings)},
        follow_redirects=True,  # the flashed message is shown now, not on the next page
    )
    after = views(client, app)
    assert "Asia/Tokyo" in after["/dashboard"] and "Asia/Tokyo" not in learner["/dashboard"]


# ------------------------------------------------------------------- bank changes


@pytest.fixture
def bank_learner(client, auth, app, editable_bank):
    auth.register()
    html, token, options = open_question(client, app, "admin-panel")
    submit(client, html, token, choice=options["Django"])
    return bank_views(client, app)


def bank_views(client, app) -> dict[str, str]:
    """Both pages, the bank list (the bank overview kept under the catalog stamp) and
    the interview start form (its fields kept under the catalog stamp)."""
    return {
        **views(client, app),
        **{path: served_is_fresh(client, app, path) for path in ("/", "/interview/")},
    }


def the_bank(app) -> Bank:
    return db.session.scalar(sa.select(Bank).where(Bank.slug == "every-kind"))


def test_retiring_and_restoring_a_bank_show_at_once(client, app, bank_learner):
    with app.app_context():
        retire_bank(db.session, the_bank(app))
    retired = bank_views(client, app)
    assert all(retired[path] != bank_learner[path] for path in bank_learner)
    with app.app_context():
        restore_bank(db.session, the_bank(app))
    assert bank_views(client, app) == bank_learner


def test_publishing_a_new_version_shows_at_once(client, app, bank_learner, editable_bank):
    text = editable_bank.read_text(encoding="utf-8")
    edited = text.replace(
        "Which framework ships an auto-generated admin panel?",
        "Which framework ships an admin panel of its own?",
    )
    assert edited != text
    edited = edited.replace("title: Every kind\n", "title: Every kind, renamed\n")
    editable_bank.write_text(edited, encoding="utf-8")
    import_bank(app, editable_bank)
    after = bank_views(client, app)
    assert all(after[path] != bank_learner[path] for path in bank_learner)


def test_a_bank_whose_file_is_gone_disappears_at_once(client, app, bank_learner, editable_bank):
    editable_bank.unlink()
    with app.app_context():
        assert retire_banks_without_files(db.session, editable_bank.parent)
    after = bank_views(client, app)
    assert all(after[path] != bank_learner[path] for path in bank_learner)


# ---------------------------------------------------------------------- the clock


@pytest.fixture
def clock(monkeypatch):
    """The dashboard's clock, set by the test."""
    now = {"t": T0}
    monkeypatch.setattr("quiz.dashboard.routes.utcnow", lambda: now["t"])
    return now


def tokyo_history(
    app, card_due: datetime | None, last_review: datetime = T0, stability: float = 5.0
) -> None:
    """A learner in Tokyo, one right answer at T0 and, if ``card_due``, its card."""
    with app.app_context():
        learner_id = db.session.scalar(sa.select(User.id))
        db.session.execute(sa.update(User).values(timezone="Asia/Tokyo"))
        question_id = db.session.scalar(sa.select(Question.id).where(Question.key == "admin-panel"))
        db.session.add(
            Attempt(
                user_id=learner_id,
                question_id=question_id,
                answer=[2],
                score=1.0,
                verdict="right",
                created_at=T0,
            )
        )
        if card_due is not None:
            db.session.add(learned_card(learner_id, question_id, stability, card_due, last_review))
        db.session.commit()


def dashboard_across(client, app, clock, before: datetime, after: datetime) -> None:
    """View at ``before`` (cached), then at ``after``: fresh, and different."""
    clock["t"] = before
    then = served_is_fresh(client, app, "/dashboard")
    clock["t"] = after
    assert served_is_fresh(client, app, "/dashboard") != then


@pytest.fixture
def quiet_learner(client, auth, app, every_kind_bank):
    auth.register()


def test_a_card_falling_due_shows(client, app, quiet_learner, clock):
    tokyo_history(app, card_due=T0 + timedelta(hours=3))
    due = T0 + timedelta(hours=3)
    dashboard_across(client, app, clock, due - timedelta(minutes=1), due + timedelta(seconds=1))


def test_the_learners_midnight_shows(client, app, quiet_learner, clock):
    tokyo_history(app, card_due=T0 + timedelta(days=30))
    midnight = datetime(2026, 3, 3, tzinfo=ZoneInfo("Asia/Tokyo"))  # T0 + 6 h
    assert midnight - T0 == timedelta(hours=6)
    dashboard_across(
        client, app, clock, midnight - timedelta(minutes=1), midnight + timedelta(minutes=1)
    )


def test_a_whole_day_since_the_last_review_shows(client, app, quiet_learner, clock):
    # reviewed at T0 - 7 h: its day ticks at 02:00 UTC, away from Tokyo's midnight (15:00)
    # a weak memory (stability 0.3 days), so a day shows in the rounded mastery
    tokyo_history(
        app, card_due=T0 + timedelta(days=30), last_review=T0 - timedelta(hours=7), stability=0.3
    )
    tick = T0 - timedelta(hours=7) + timedelta(days=2)
    dashboard_across(client, app, clock, tick - timedelta(minutes=1), tick + timedelta(minutes=1))


def test_an_attempt_leaving_the_history_window_shows(client, app, quiet_learner, clock):
    tokyo_history(app, card_due=None)
    gone = T0 + timedelta(days=HISTORY_DAYS)
    dashboard_across(client, app, clock, gone - timedelta(minutes=1), gone + timedelta(minutes=1))


def test_time_alone_changes_nothing_before_the_dashboard_says(app, every_kind_bank):
    """Random cards and attempts: at any moment before ``changes_at`` a fresh dashboard
    equals the one computed earlier; at ``changes_at`` something may change."""
    rng = random.Random(9)
    zone = ZoneInfo("America/New_York")  # a daylight saving change inside the history
    with app.app_context():
        user = add_learner("r")
        db.session.commit()
        question_ids = list(db.session.scalars(sa.select(Question.id)))
        db.session.execute(
            sa.insert(Attempt),
            [
                {
                    "user_id": user.id,
                    "question_id": rng.choice(question_ids),
                    "answer": "x",
                    "score": rng.choice((0.0, 0.5, 1.0)),
                    "verdict": "partial",
                    "detail": {},
                    "created_at": T0 - timedelta(minutes=rng.randint(0, 60 * 24 * 400)),
                }
                for _ in range(60)
            ],
        )
        db.session.execute(
            sa.insert(Card),
            [
                {
                    "user_id": user.id,
                    "question_id": qid,
                    "state": 2,
                    "step": None,
                    "stability": rng.uniform(0.5, 30),
                    "difficulty": 5.0,
                    "due": T0 + timedelta(minutes=rng.randint(-3000, 30000)),
                    "last_review": T0 - timedelta(minutes=rng.randint(0, 20000)),
                    "first_seen": T0 - timedelta(days=60),
                    "reviews": 2,
                    "last_rating": rng.choice((1, 3, 4)),
                    "lapses": rng.randint(0, 5),
                    "learned": True,
                }
                for qid in question_ids
            ],
        )
        db.session.commit()
        now, changes = T0, 0
        for _ in range(25):
            data = build_dashboard(db.session, user.id, now, zone)
            assert data.changes_at > now
            gap = data.changes_at - now
            for fraction in (0.0, 0.5, 1.0):
                moment = now + gap * fraction - timedelta(microseconds=1) * (fraction == 1.0)
                later = build_dashboard(db.session, user.id, moment, zone)
                assert replace(later, changes_at=None) == replace(data, changes_at=None)
            after = build_dashboard(db.session, user.id, data.changes_at, zone)
            changes += replace(after, changes_at=None) != replace(data, changes_at=None)
            now = data.changes_at + timedelta(minutes=rng.randint(0, 600))
        assert changes >= 20  # the instants given are real changes, not needlessly early


# ---------------------------------------------------------------- URLs for long lists


def test_list_urls_are_exactly_url_for(app):
    from flask import url_for

    from quiz.web.caching import memoised_url_for
    from quiz.web.urls import id_url

    assert not any(app.url_default_functions.values())  # the memo's premise
    kept_url = memoised_url_for(max_size=3)
    for script_root in ("", "/quiz"):
        with app.test_request_context("/", base_url="http://localhost" + script_root):
            question_url = id_url("practice.question", "question_id")
            attempt_url = id_url("practice.attempt", "attempt_id")
            for n in (1, 7, 42, 1_234_567_891, 2**31 - 1):
                assert question_url(n) == url_for("practice.question", question_id=n)
                assert attempt_url(n) == url_for("practice.attempt", attempt_id=n)
            for bank, topic in (("python", "data-model"), ("a b", "ü/é?x#y"), ("x", "%20")):
                for endpoint in ("review.drill", "practice.topic"):
                    for _ in range(2):  # built, then kept
                        assert kept_url(endpoint, bank_slug=bank, topic_slug=topic) == url_for(
                            endpoint, bank_slug=bank, topic_slug=topic
                        )
            assert question_url(5).startswith(script_root + "/")
