import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register, settled

pytestmark = pytest.mark.browser


def remaining(page):
    return int(page.locator("#countdown").get_attribute("data-remaining"))


def answer_if_known(page):
    """Answer the multiple-select and the short question right; skip everything else."""
    settled(page)
    if page.locator("input[type=checkbox][name=choice]").count():
        page.get_by_label("ORM").check()
        page.get_by_label("Authentication").check()
        page.get_by_role("button", name="Save and next").click()
        return True
    # the hand-written short question, not a table fact asked to be typed
    if page.locator(".prompt", has_text="Which gateway interface is Flask built on?").count():
        page.get_by_label("Your answer").fill("WSGI")
        page.get_by_role("button", name="Save and next").click()
        return True
    page.get_by_role("button", name="Skip").click()
    return False


def test_five_question_interview_with_reload_finish_and_report(page, every_kind_bank, fixed_draw):
    """The draw is fixed (tests/interview covers how questions are drawn): one question
    of each kind, the multiple-select and the short question among them."""
    register(page)
    page.goto("/interview/")
    expect(page.get_by_label(re.compile("Every kind"))).to_be_checked()  # the only bank
    page.get_by_label("Number of questions").fill("5")
    page.get_by_role("button", name="Start interview").click()

    expect(page.locator("#progress")).to_contain_text("Question 1 of 5")
    countdown = page.locator("#countdown")
    start_remaining = remaining(page)
    assert 445 <= start_remaining <= 450  # 5 × 90 s
    first_text = countdown.inner_text()
    expect(countdown).not_to_have_text(first_text)  # interview.js ticks it down

    answered = 0
    for position in (1, 2):
        expect(page.locator("#progress")).to_contain_text(f"Question {position} of 5")
        answered += answer_if_known(page)

    # reload mid-way: the same question, and the clock kept running
    expect(page.locator("#progress")).to_contain_text("Question 3 of 5")
    prompt = page.locator(".prompt").inner_text()
    before = remaining(page)
    page.wait_for_timeout(1100)
    page.reload()
    expect(page.locator("#progress")).to_contain_text("Question 3 of 5")
    assert page.locator(".prompt").inner_text() == prompt
    after = remaining(page)
    assert after < before < start_remaining

    for position in (3, 4, 5):
        expect(page.locator("#progress")).to_contain_text(f"Question {position} of 5")
        answered += answer_if_known(page)
    assert answered == 2  # the bank has one multiple-select and one short question

    # "Save and next" on the last question leads to the confirmation
    expect(page.locator("#unanswered")).to_contain_text("3 of 5 questions are unanswered.")
    page.get_by_role("button", name="Finish interview").click()

    expect(page.get_by_role("heading", name="Interview report")).to_be_visible()
    expect(page.locator("#overall")).to_have_text("Overall score: 40%")
    # each answer folded; the buttons open every one, or only the missed ones
    expect(page.locator("details[id^=item-]")).to_have_count(5)
    expect(page.locator("details[id^=item-][open]")).to_have_count(0)
    expect(page.locator("p.result", has_text="Not answered")).to_have_count(3)
    page.get_by_role("button", name="Only missed").click()
    expect(page.locator("details[id^=item-][open]")).to_have_count(3)
    expect(
        page.locator("details[id^=item-][open] p.result", has_text="Not answered")
    ).to_have_count(3)
    page.get_by_role("button", name="Expand all").click()
    expect(page.locator("details[id^=item-][open]")).to_have_count(5)
    expect(page.locator("#weakest a").first).to_have_attribute(
        "href", re.compile(r"^/review/drill/every-kind/")
    )

    page.get_by_role("button", name="Past interviews").click()
    expect(page.locator("#history tbody tr")).to_have_count(1)
    expect(page.locator("#history tbody tr")).to_contain_text("40%")
    expect(page.locator("svg#trend")).to_be_visible()
    # the chart dates the interview as the table does (the same instant, one format)
    started = page.locator("#history tbody tr th").first.inner_text()
    expect(page.locator("svg#trend circle title").first).to_contain_text(started)
