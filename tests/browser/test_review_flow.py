import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register

pytestmark = pytest.mark.browser


def test_wrong_answer_puts_topic_first_among_weak_topics_and_drill_serves_it(page, every_kind_bank):
    register(page)
    page.get_by_role("link", name="Practice", exact=True).click()
    page.get_by_role("link", name="Basics").click()
    # the first Basics question is single choice: pick a wrong option
    label = page.locator("fieldset.options label").filter(has_not_text="Django").first
    label.click()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_contain_text("Wrong")

    page.get_by_role("link", name="Dashboard").click()
    first = page.locator("#weak-topics tr.topic-row").first
    expect(first).to_contain_text("Basics")
    expect(first).to_contain_text("0%")
    first.get_by_role("link", name="Drill this topic").click()

    expect(page.locator(".queue-banner")).to_contain_text("Drill")
    expect(page.locator(".queue-banner")).to_contain_text("Basics")
    # the question served belongs to the drilled topic (its breadcrumb names it)
    expect(page.locator("article header h1.crumb")).to_contain_text("Basics")
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
