"""Draft from article in Chromium: upload an article, edit the draft, publish, practise it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser

ARTICLE = DATA_DIR / "message-brokers-comparison.md"


def test_instructor_drafts_an_article_edits_publishes_and_a_learner_practises(page, runner):
    register(page, "teach")
    assert runner.invoke(args=["quiz", "instructor", "teach"]).exit_code == 0
    page.reload()
    page.get_by_role("link", name="Instructor").click()
    page.get_by_role("button", name="Draft from article").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft from article")

    page.get_by_label("Article file (.md, .txt)").set_input_files(str(ARTICLE))
    page.get_by_label("Bank id (optional)").fill("brokers")
    page.get_by_role("button", name="Draft bank").click()

    notice = page.locator("#draft-notice")
    expect(page.locator("hgroup")).to_contain_text("Drafted from message-brokers-comparison.md")
    expect(notice).to_contain_text("0 encoding repairs made")
    expect(notice.locator(".draft-todos li").first).to_contain_text("check")
    expect(page.locator("#counts")).to_contain_text(re.compile(r"^\s*\d{2} questions"))
    expect(page.get_by_role("button", name="Publish")).to_be_visible()  # already checked

    source = page.get_by_label("Or paste the bank's Markdown")
    drafted = source.input_value()
    assert drafted.startswith(
        "---\nbank: brokers\ntitle: RabbitMQ vs Apache Kafka vs Redis Streams\n"
    )
    source.fill(
        drafted.replace(
            "title: RabbitMQ vs Apache Kafka vs Redis Streams", "title: Message brokers", 1
        )
    )
    page.get_by_role("button", name="Check bank").click()
    # the draft may carry item-writing warnings above it: find the bank's own heading
    expect(page.locator("#check-result h2", has_text="Message brokers")).to_be_visible()
    expect(page.locator("#publish-cautions")).to_contain_text("The source still has")  # its TODOs
    page.get_by_label("Publish anyway: I have read the warnings above").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published version 1 of brokers")

    page.get_by_role("button", name="Log out").click()
    register(page, "learner")
    page.get_by_role("link", name="Practice", exact=True).click()
    expect(page.get_by_text("Message brokers")).to_be_visible()
    page.goto("/practice/brokers/")
    choices = page.locator("main form input[type=radio], main form input[type=checkbox]")
    if choices.count():
        choices.first.check()
    else:
        page.locator("main form textarea, main form input[type=text]").first.fill("message broker")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_be_visible()
