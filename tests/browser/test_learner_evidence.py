"""Issue 20 in Chromium: a new learner's one way in, weak topics ranked by evidence,
and the interview clock in view on a phone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register
from tests.conftest import import_bank, numbered_topic

pytestmark = pytest.mark.browser


@pytest.fixture
def two_topic_bank(app, tmp_path):
    """ "Async and performance" has six short questions, "Basics" three; answer n is n."""

    path = tmp_path / "two.md"
    path.write_text(
        "---\nbank: two\ntitle: Two topics\n---\n\n"
        + numbered_topic("Async and performance", "async", 6)
        + numbered_topic("Basics", "basics", 3),
        encoding="utf-8",
    )
    import_bank(app, path)


def answer_wrong(page):
    page.get_by_label("Your answer").fill("no idea")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_contain_text("Wrong")


def test_zero_of_six_is_listed_before_one_wrong_with_its_evidence(page, two_topic_bank):
    register(page)
    # a new learner: one primary way in (Set interview date, issue 20, is a secondary one
    # beside it), no empty charts
    expect(page.locator("main [role=button]:not(.secondary)")).to_have_count(1)
    expect(page.get_by_role("button", name="Start practising")).to_be_visible()
    expect(page.locator("main svg")).to_have_count(0)
    expect(page.locator("#weak-topics")).to_contain_text("Not started: 2 topics")

    page.goto("/practice/two/async-and-performance")
    for n in range(1, 7):
        expect(page.locator("#session-progress")).to_contain_text(f"Question {n} of 6")
        answer_wrong(page)
        next_label = "Next question" if n < 6 else "See the session summary"
        page.get_by_role("button", name=next_label).click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    page.goto("/practice/two/basics")
    answer_wrong(page)

    page.get_by_role("link", name="Dashboard").click()
    rows = page.locator("#weak-topics tr.topic-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("th")).to_contain_text("Async and performance")
    expect(rows.nth(0)).to_contain_text("0/6 right")
    expect(rows.nth(1).locator("th")).to_contain_text("Basics")
    expect(rows.nth(1)).to_contain_text("0/1 right")
    expect(page.get_by_role("button", name="Continue where you left off")).to_be_visible()
    # the progress page ranks them the same
    page.get_by_role("link", name="Progress").click()
    rows = page.locator("#weak-topics tr.topic-row")
    expect(rows.nth(0).locator("th")).to_contain_text("Async and performance")
    expect(rows.nth(1).locator("th")).to_contain_text("Basics")


def test_the_interview_clock_stays_in_view_on_a_phone(browser, live_server, every_kind_bank):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 500})
    page = context.new_page()
    register(page)
    page.goto("/interview/")
    page.get_by_label("Number of questions").fill("5")
    page.get_by_role("button", name="Start interview").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"\d+:\d\d"))
    page.mouse.wheel(0, 2000)
    page.wait_for_function("window.scrollY > 100")
    box = page.locator("#countdown").bounding_box()
    assert box is not None and 0 <= box["y"] < 500, box
    context.close()
