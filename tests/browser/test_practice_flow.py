import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import keys_ready, register

pytestmark = pytest.mark.browser


def option_key(page, text):
    """The number key shown next to an option (options are shuffled per attempt)."""
    label = page.locator("fieldset.options label", has_text=text)
    return label.locator("kbd").inner_text()


def test_learner_answers_each_kind_by_keyboard_and_mouse_and_sees_progress(page, every_kind_bank):
    register(page)
    expect(page.get_by_role("heading", name="Welcome, eve")).to_be_visible()
    page.get_by_role("link", name="Practice", exact=True).click()
    # the Basics topic: the whole bank would interleave its topics' questions
    page.get_by_role("link", name="Basics", exact=True).click()

    # single choice, by keyboard: number key then Enter
    expect(page.locator("input[type=radio]")).to_have_count(3)
    keys_ready(page)
    page.keyboard.press(option_key(page, "Django"))
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_contain_text("Right")
    keys_ready(page)
    page.keyboard.press("n")

    # multiple select, by mouse
    expect(page.get_by_text("Select all that apply")).to_be_visible()
    page.get_by_label("ORM").check()
    page.get_by_label("Authentication").check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_contain_text("Right")
    page.get_by_role("button", name=re.compile("Next question")).click()

    # short answer with a typo, Enter submits
    page.get_by_label("Your answer").fill("Web Server Gateway Interfase")
    keys_ready(page)
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_contain_text("Right")
    keys_ready(page)
    page.keyboard.press("n")

    # open question: Ctrl+Enter submits, then self-rate
    page.get_by_label("Answer as you would in an interview").fill(
        "FastAPI is ASGI based and uses async/await coroutines on an event loop."
    )
    keys_ready(page)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#result")).to_contain_text("Right")
    # every key point ticked on the rubric checklist
    expect(page.locator(".rubric-form input[name=covered]:checked")).to_have_count(3)
    page.get_by_role("button", name="Good").click()
    expect(page.get_by_text("You rated this")).to_be_visible()

    page.get_by_role("link", name="Progress").click()
    basics = page.locator(".bank-topics tr", has_text="Basics")
    expect(basics).to_contain_text("4 / 4")
    expect(basics).to_contain_text("100%")
    expect(page.locator("ol.recent li")).to_have_count(4)
