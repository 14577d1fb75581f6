import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register

pytestmark = pytest.mark.browser


def test_typed_answer_never_saved_is_graded_when_time_runs_out(
    page, every_kind_bank, clock, fixed_draw
):
    register(page)
    page.goto("/interview/")
    page.get_by_label("Number of questions").fill("5")
    page.get_by_label("Time limit in minutes").fill("5")
    page.get_by_role("button", name="Start interview").click()
    # jump to the short question (position 3 of the fixed draw) and type, never save
    page.get_by_role("button", name="Question 3, unanswered").click()
    expect(page.locator("#progress")).to_contain_text("Question 3 of 5")
    page.get_by_label("Your answer").press_sequentially("WSGI", delay=50)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved automatically")

    # a reload (or another browser) shows the draft again
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value("WSGI")

    clock.advance(6 * 60)  # the server's clock passes the deadline
    page.reload()
    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    item = page.locator("#item-3")
    expect(item.locator(".verdict-banner")).to_contain_text("Right")
    expect(item.locator(".learner-answer")).to_have_text("WSGI")
    expect(item).to_contain_text("Saved automatically")
    expect(page.locator("#overall")).to_have_text("Overall score: 20%")
