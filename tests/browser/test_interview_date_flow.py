"""A learner with an interview ten days out: readiness per topic, a daily plan, and in
the final days a queue serving the lowest predicted recall on the day first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Card, Question, User, utcnow
from quiz.review.cards import card_state
from quiz.scheduling.readiness import interview_window, recall_on_day
from tests.browser.conftest import register, settled

pytestmark = pytest.mark.browser

BERLIN = ZoneInfo("Europe/Berlin")  # the browser's, detected at registration


def test_interview_date_readiness_plan_and_final_days_queue(
    page, app, every_kind_bank, monkeypatch
):
    register(page)
    day = datetime.now(BERLIN).date() + timedelta(days=10)
    page.get_by_role("button", name="Set interview date").click()
    page.get_by_label("Interview date").fill(day.isoformat())
    page.get_by_role("button", name="Set interview date").click()
    page.wait_for_url("**/dashboard")
    expect(page.locator("#interview-date h2")).to_have_text("Interview in 10 days")
    expect(page.locator("#interview-date")).to_contain_text("Ready 0% → target 90%")

    # some right, some "I don't know"
    page.get_by_role("link", name="Practice", exact=True).click()
    page.get_by_role("link", name="Basics", exact=True).click()
    for _ in range(4):
        settled(page)
        if page.get_by_text("admin panel").count():
            page.locator("fieldset.options label", has_text="Django").click()
            page.get_by_role("button", name="Submit answer").click()
        else:
            page.get_by_role("button", name="I don't know").click()
        expect(page.locator("#result")).to_be_visible()
        page.keyboard.press("n")
        # the next page (a question, or the session's summary after the last one), not
        # the feedback page still on screen
        expect(page.locator("#result")).to_have_count(0)

    page.get_by_role("link", name="Dashboard").click()
    rows = page.locator("#readiness-topics tr.readiness-row")
    expect(rows.first).to_be_visible()
    expect(rows.first).to_contain_text("% → 90%")
    expect(page.locator("#daily-plan")).to_contain_text("answers a day reach the target")
    expect(page.locator("#daily-plan")).to_contain_text("new question")

    # two days before: the final days; every card is due, lowest recall on the day first
    later = utcnow() + timedelta(days=8)
    monkeypatch.setattr("quiz.review.routes.utcnow", lambda: later)
    monkeypatch.setattr("quiz.dashboard.routes.utcnow", lambda: later)
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        window = interview_window(day, BERLIN)
        cards = db.session.execute(
            sa.select(Card, Question.key).join(Question).where(Card.user_id == user_id)
        ).all()
        assert len(cards) >= 2
        recall = {key: recall_on_day(card_state(card), window) for card, key in cards}
        lowest = min(recall.values())
        expected = {
            db.session.scalar(sa.select(Question.prompt_html).where(Question.key == key))
            for key, r in recall.items()
            if r == lowest
        }
        assert lowest < max(recall.values())  # the order says something
    page.goto("/dashboard")
    expect(page.locator("#dress-rehearsal")).to_be_visible()
    expect(page.locator("#interview-date")).to_contain_text("These are the final days")
    page.goto("/review/")
    shown = page.locator(".prompt").first.inner_html()
    assert any(html.strip() in shown or shown.strip() in html for html in expected), shown
