import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import keys_ready, register, settled

pytestmark = pytest.mark.browser


def test_rating_keys_and_n_without_rating(page, every_kind_bank):
    register(page)
    page.goto("/practice/every-kind/basics")
    # the Basics topic in bank order: skip to the open question with "I don't know"
    for _ in range(3):
        page.get_by_role("button", name="I don't know").click()
        expect(page.locator("#result")).to_contain_text("Wrong")
        keys_ready(page)
        page.keyboard.press("n")
    page.get_by_label("Answer as you would in an interview").fill("ASGI with async/await")
    keys_ready(page)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#default-rating")).to_contain_text("going on rates this answer")
    keys_ready(page)
    page.keyboard.press("3")  # Good
    expect(page.get_by_text("You rated this")).to_contain_text("Good")
    expect(page.locator("#default-rating")).to_have_count(0)

    # the next round: N without rating applies the stated default, then moves on
    page.goto("/practice/every-kind/basics")
    expect(page.locator("#answer-form")).to_be_visible()
    while not page.locator("textarea#answer").count():
        page.get_by_role("button", name="I don't know").click()
        keys_ready(page)
        page.keyboard.press("n")
        expect(page.locator("#answer-form")).to_be_visible()
    page.get_by_label("Answer as you would in an interview").fill("no idea really")
    page.get_by_role("button", name="Submit answer").click()
    default = page.locator("#default-rating strong").inner_text()
    assert default == "Again"
    keys_ready(page)
    page.keyboard.press("n")
    # the topic's four questions are the whole session (the open one, best scored, last)
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    page.goto("/progress/")
    expect(page.locator("ol.recent li").first).to_contain_text("Why can FastAPI")


def test_number_keys_pick_options_in_an_interview(page, every_kind_bank):
    register(page)
    page.goto("/interview/")
    page.get_by_label("Number of questions").fill("14")
    page.get_by_role("button", name="Start interview").click()
    for _ in range(14):
        settled(page)
        if page.locator("input[name=choice]").count():
            break
        page.get_by_role("button", name="Skip").click()
    keys_ready(page)
    page.keyboard.press("2")
    expect(page.locator("input[name=choice]").nth(1)).to_be_checked()
    expect(page.locator("#autosave-status")).to_contain_text(re.compile("saved automatically"))
