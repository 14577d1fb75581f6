"""Every GET page of the URL map passes axe-core and fits a phone.

The pages are visited as an instructor, who also practises as a learner, so the
learner pages and the /instructor/ pages are all covered (a learner gets 403 there).

The routes are read from ``app.url_map``, so a new page is checked without editing this
file, as long as its URL parameters are ones this file knows how to fill (see
``LearnerWorld``); a route with an unknown parameter fails the test until it is added.
Each page is loaded once, then checked at 1280 and 390 px wide, light and dark.
Set QUIZ_SHOTS_DIR to also save a full-page screenshot of each combination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, Bank, Interview, InterviewState, PracticeSession, Question
from tests.browser.page_checks import check_loaded
from tests.conftest import csrf_token_from

pytestmark = pytest.mark.browser

USERNAME, PASSWORD = "learner", "a long passphrase"
# Pages that only a visitor sees (a learner is redirected away from them).
VISITOR_PATHS = ("/", "/auth/login", "/auth/register")
# Error pages: a missing page and a wrong method (logging out is a POST).
ERROR_PATHS = (("/no/such/page", 404), ("/auth/logout", 405), ("/interview/999999/report", 404))


@dataclass
class LearnerWorld:
    """Data the parametrised routes need: a bank, answered questions, interviews."""

    by_argument: dict[str, object]
    # endpoint -> the URL values to visit it with (several = visit it several times)
    by_endpoint: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    extra_paths: list[str] = field(default_factory=list)

    def values_for(self, rule) -> list[dict[str, object]] | None:
        if rule.endpoint in self.by_endpoint:
            return self.by_endpoint[rule.endpoint]
        required = rule.arguments - set(rule.defaults or {})
        if not required <= self.by_argument.keys():
            return None
        return [{name: self.by_argument[name] for name in required}]


def build_world(app, client) -> LearnerWorld:
    """Register an instructor, answer a few questions, finish one interview, start another."""
    _post_form(client, "/auth/register", username=USERNAME, password=PASSWORD, confirm=PASSWORD)
    granted = app.test_cli_runner().invoke(args=["quiz", "instructor", USERNAME])
    assert granted.exit_code == 0, granted.output
    with app.app_context():
        bank = db.session.scalar(sa.select(Bank).where(Bank.slug == "every-kind"))
        keys = {q.key: q.id for q in db.session.scalars(sa.select(Question))}
        bank_id, bank_slug, topic_slug = bank.id, bank.slug, bank.topics[0].slug
    for key, answer in (("admin-panel", {"choice": "1"}), ("fastapi-concurrency", {"answer": "x"})):
        html = client.get(f"/practice/question/{keys[key]}").get_data(as_text=True)
        action = re.search(r'action="(/practice/answer/[^"]+)"', html).group(1)
        client.post(action, data={"csrf_token": csrf_token_from(html), **answer})
    finished = _start_interview(app, client, bank_id)
    page = client.get(f"/interview/{finished}/finish").get_data(as_text=True)
    client.post(
        f"/interview/{finished}/finish",
        data={"csrf_token": csrf_token_from(page), "confirm": "1"},
    )
    in_progress = _start_interview(app, client, bank_id)
    finished_session = _finish_practice_session(app, client, bank_id, bank_slug)
    # an interview two days out: the dashboard shows readiness, a plan and a dress
    # rehearsal, and the settings the date with its Clear button
    _post_form(client, "/settings/interview-date", interview_date=_days_ahead(2), banks=bank_id)
    assert "Dress rehearsal" in client.get("/dashboard").get_data(as_text=True)
    with app.app_context():
        interviews = {i.id: i.state for i in db.session.scalars(sa.select(Interview))}
        attempt_ids = list(db.session.scalars(sa.select(Attempt.id).order_by(Attempt.id)))
    assert interviews == {
        finished: InterviewState.FINISHED,
        in_progress: InterviewState.IN_PROGRESS,
    }
    assert len(attempt_ids) >= 2
    interview_pages = [{"interview_id": in_progress}]
    return LearnerWorld(
        by_argument={
            "bank_slug": bank_slug,
            "topic_slug": topic_slug,
            "question_id": keys["flask-gateway"],
            "attempt_id": attempt_ids[0],
            "interview_id": finished,
            "position": 1,
            "session_id": finished_session,
        },
        by_endpoint={
            "static": [{"filename": "app.css"}],
            # a choice answer and an open answer look different
            "practice.attempt": [{"attempt_id": a} for a in attempt_ids[:2]],
            # the first review page is the whole queue, the second one bank's
            "review.queue": [{}, {"bank_slug": bank_slug}],
            "interview.resume": interview_pages,
            "interview.finish": interview_pages,
            "interview.question": [{"interview_id": in_progress, "position": 1}],
        },
        # pages reached with a query string (the URL map cannot build those)
        extra_paths=[f"/practice/session/new?mode=practice&bank={bank_id}"],
    )


def _start_interview(app, client, bank_id: int) -> int:
    page = client.get("/interview/").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "banks": [bank_id], "questions": "5"}
    response = client.post("/interview/", data={**data, "minutes": "30"})
    assert response.status_code in (302, 303), response.status_code
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(Interview.id)))


def _finish_practice_session(app, client, bank_id: int, bank_slug: str) -> int:
    """A one-question practice session, answered, so its summary page exists."""
    start = f"/practice/session/new?mode=practice&bank={bank_id}"
    page = client.get(start).get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "mode": "practice", "bank": bank_id, "size": 1}
    assert client.post(start, data=data).status_code in (302, 303)
    html = client.get(f"/practice/{bank_slug}/").get_data(as_text=True)
    action = re.search(r'action="(/practice/answer/[^"]+)"', html).group(1)
    client.post(action, data={"csrf_token": csrf_token_from(html), "dont_know": "1"})
    client.get(f"/practice/{bank_slug}/")  # asking for more ends the full session
    with app.app_context():
        practice = db.session.scalars(sa.select(PracticeSession)).one()
        assert practice.finished_at is not None
        return practice.id


def _days_ahead(days: int) -> str:
    """A date ``days`` after today in UTC (the learner registered without a time zone)."""
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def _post_form(client, path, **data):
    html = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token_from(html), **data})
    assert response.status_code in (302, 303), response.status_code


def learner_paths(app, world: LearnerWorld) -> list[str]:
    paths, unreachable = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = [v for v in world.values_for(rule) or () if rule.suitable_for(v, "GET")]
        if not values:
            unreachable.append(f"{rule.endpoint} {rule.rule}")
        for value in values:
            path = rule.build(value, append_unknown=False)[1]
            if path not in paths:
                paths.append(path)
    assert not unreachable, (
        "GET routes this test cannot fill in; add their parameters to build_world: "
        + ", ".join(unreachable)
    )
    return paths


def check_page(page, path: str, seen: set[str], expected_status: int = 200) -> list[str]:
    """Problems of the page at ``path`` at every width and colour scheme."""
    head = page.context.request.get(path, max_redirects=0)
    if "attachment" in head.headers.get("content-disposition", ""):  # a download, not a page
        ok = head.status == expected_status
        return [] if ok else [f"{path}: HTTP {head.status}, expected {expected_status}"]
    response = page.goto(path)
    assert response is not None
    if response.status != expected_status:
        return [f"{path}: HTTP {response.status}, expected {expected_status}"]
    html = response.headers.get("content-type", "").startswith("text/html")
    if not html or page.url in seen:  # a redirect to a page already checked
        return []
    seen.add(page.url)
    return check_loaded(page, urlsplit(page.url).path)


def test_every_page_is_accessible_and_fits_a_phone(
    app, client, browser, live_server, every_kind_bank
):
    world = build_world(app, client)
    paths = learner_paths(app, world)

    # Reduced motion: Pico's colour transitions would otherwise be caught half-way.
    visitor = browser.new_context(base_url=live_server, reduced_motion="reduce")
    page = visitor.new_page()
    problems, seen = [], set()
    for path in VISITOR_PATHS:
        problems += check_page(page, path, seen)
    # a form sent back with errors: the messages must be as accessible as the form
    page.goto("/auth/register")
    page.locator("main form").get_by_role("button", name="Register").click()
    page.locator("small.error").first.wait_for()
    problems += check_loaded(page, "/auth/register with errors")
    page.goto("/auth/login")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")
    seen.clear()  # the same addresses look different to a learner
    for path in [*paths, *world.extra_paths]:
        problems += check_page(page, path, seen)
    for path, status in ERROR_PATHS:
        problems += check_page(page, path, seen, status)
    visitor.close()

    assert len(paths) >= 15  # the URL map was read, not an empty list
    assert not problems, "\n".join(problems)
