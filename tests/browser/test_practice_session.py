import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register, settled

pytestmark = pytest.mark.browser


def answer_somehow(page):
    """Answer whatever is on screen: the first option, or a typed guess."""
    settled(page)
    if page.locator("input[name=choice]").count():
        page.locator("input[name=choice]").first.check()
    else:
        page.locator("#answer").fill("WSGI")
    page.get_by_role("button", name="Submit answer").click()


def test_a_ten_question_session_ends_in_a_summary(page, every_kind_bank):
    register(page)
    page.goto("/")
    page.get_by_role("button", name="Practise the whole bank").click()
    for n in range(1, 11):
        expect(page.locator("#session-progress")).to_contain_text(f"Question {n} of 10")
        expect(page.locator("#session-progress progress")).to_have_attribute("value", str(n - 1))
        answer_somehow(page)
        expect(page.locator("#session-progress")).to_contain_text(f"{n} of 10 answered")
        if n < 10:
            page.get_by_role("button", name="Next question").click()
    page.get_by_role("button", name="See the session summary").click()

    expect(page.get_by_role("heading", name="Session summary", level=1)).to_be_visible()
    expect(page.locator("#session-score")).to_contain_text(re.compile(r"of 10 right"))
    expect(page.locator("#session-topics tbody tr")).to_have_count(3)
    expect(page.get_by_role("button", name="Start another session")).to_be_visible()
    settled(page)
    if page.locator("#missed li").count():
        page.get_by_role("button", name="Review missed").click()
        missed = page.locator("#session-progress")
        expect(missed).to_contain_text("Question 1 of")

    # Start another session: choose 5 on the start page
    page.goto("/practice/every-kind/")
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Questions in this session").fill("5")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#session-progress")).to_contain_text("Question 1 of 5")
