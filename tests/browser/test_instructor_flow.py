import pytest
from playwright.sync_api import expect

from tests.browser.conftest import register

pytestmark = pytest.mark.browser

TINY = """---
bank: tiny
title: Tiny bank
---

# Basics

## Which gateway interface is Flask built on? {#gateway}
Answer: WSGI

> Flask is a WSGI framework.

## Which framework ships an admin panel? {#admin}
- [ ] Flask
- [ ] Django

> Django's admin is built in.
"""


def test_instructor_fixes_an_error_publishes_and_a_learner_practises(page, runner):
    register(page, "teach")
    assert runner.invoke(args=["quiz", "instructor", "teach"]).exit_code == 0
    page.reload()
    page.get_by_role("link", name="Instructor").click()
    page.get_by_text("Upload a new bank").click()

    page.get_by_label("Or paste the bank's Markdown").fill(TINY)
    page.get_by_role("button", name="Check bank").click()
    error = page.locator(".diagnostic.error")
    expect(error).to_contain_text("pasted.md:14: task list has no [x]")
    expect(error.locator(".flagged")).to_contain_text("14 │ - [ ] Flask")
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

    source = page.get_by_label("Or paste the bank's Markdown")
    expect(source).to_have_value(TINY)  # kept, to be fixed in place
    source.fill(TINY.replace("- [ ] Django", "- [x] Django"))
    page.get_by_role("button", name="Check bank").click()
    expect(page.locator("#counts")).to_contain_text("2 questions")
    expect(page.locator(".preview-question")).to_have_count(2)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published version 1 of tiny: 2 added")

    page.get_by_role("button", name="Log out").click()
    register(page, "learner")
    page.get_by_role("link", name="Practice", exact=True).click()
    expect(page.get_by_text("Tiny bank")).to_be_visible()
    page.goto("/practice/tiny/")
    page.get_by_label("Your answer").fill("wsgi")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_contain_text("Right")
