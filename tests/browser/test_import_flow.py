"""Issue 21 in Chromium: an instructor uploads a GIFT file, sees the converted preview with
its unsupported questions named, publishes, and a learner practises the questions; bad
files through the same page get a clear message and store nothing."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Bank
from tests.browser.conftest import register, settled
from tests.browser.page_checks import check_loaded
from tests.instructor.helpers import GIFT

pytestmark = pytest.mark.browser

# the right answer to each converted question, by a word of its prompt
RIGHT = {"admin panel": "Django", "gateway": "WSGI", "ASGI": "False"}


def become_instructor(page, runner, name="teach"):
    register(page, name)
    assert runner.invoke(args=["quiz", "instructor", name]).exit_code == 0
    page.reload()
    page.get_by_role("link", name="Instructor").click()
    page.get_by_text("Upload a new bank").click()


def test_instructor_uploads_gift_sees_unsupported_questions_publishes_learner_practises(
    page, runner, tmp_path
):
    gift = tmp_path / "frameworks.gift"
    gift.write_text(GIFT, encoding="utf-8")
    become_instructor(page, runner)
    expect(page.get_by_label("Format")).to_have_value("auto")
    page.get_by_label("Bank file").set_input_files(str(gift))
    page.get_by_role("button", name="Check bank").click()

    expect(page.get_by_role("heading", name="Converted from GIFT")).to_be_visible()
    expect(page.locator("#conversion-summary")).to_contain_text(
        "3 questions converted; 2 questions not supported"
    )
    notices = page.locator(".conversion-notices li")
    expect(notices.filter(has_text="matching question 'Match each framework")).to_contain_text(
        "frameworks.gift:12"
    )
    expect(notices.filter(has_text="numerical question 'In which year")).to_contain_text(
        "frameworks.gift:14"
    )
    expect(page.locator(".preview-question")).to_have_count(3)
    expect(page.get_by_label("Or paste the bank's Markdown")).to_have_value(
        re.compile(r"^---\nbank: frameworks\n")
    )
    page.emulate_media(reduced_motion="reduce")  # Pico's transitions, caught half-way, fail axe
    problems = check_loaded(page, "/instructor/banks/new converted from GIFT")
    assert not problems, "\n".join(problems)
    page.set_viewport_size({"width": 1280, "height": 900})  # check_loaded ends at 390 px

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Published version 1 of frameworks: 3 added")

    page.get_by_role("button", name="Log out").click()
    register(page, "learner")
    page.goto("/practice/frameworks/")
    for _ in range(3):
        prompt = page.locator("main .prompt").first.inner_text()
        [answer] = [a for word, a in RIGHT.items() if word in prompt]
        if answer == "WSGI":
            page.get_by_label("Your answer").fill(answer)
        else:
            page.locator("fieldset.options label", has_text=answer).click()
        page.get_by_role("button", name="Submit answer").click()
        expect(page.locator("#result")).to_contain_text("Right")
        next_button = page.get_by_role("button", name=re.compile("Next question"))
        settled(page)
        if next_button.count():
            next_button.click()


def test_bad_files_through_the_page_get_a_clear_message_and_store_nothing(
    page, runner, tmp_path, app
):
    become_instructor(page, runner)
    wrong = tmp_path / "frameworks.gift"
    wrong.write_text(GIFT, encoding="utf-8")
    page.get_by_label("Bank file").set_input_files(str(wrong))
    page.get_by_label("Format").select_option("moodle-xml")
    page.get_by_role("button", name="Check bank").click()
    expect(page.locator("#conversion .diagnostic.error")).to_contain_text(
        "this file looks like GIFT, not Moodle XML"
    )
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)

    unclosed = tmp_path / "open.gift"
    unclosed.write_text("// one question\n::a::Which one? {=x ~y\n", encoding="utf-8")
    page.get_by_label("Bank file").set_input_files(str(unclosed))
    page.get_by_label("Format").select_option("auto")
    page.get_by_role("button", name="Check bank").click()
    error = page.locator("#conversion .diagnostic.error")
    expect(error).to_contain_text("open.gift:2: '{' at line 2 is never closed")
    expect(error.locator(".flagged")).to_contain_text("2 │ ::a::Which one? {=x ~y")

    huge = tmp_path / "huge.gift"
    huge.write_bytes(b"x" * 50_000_000)
    page.get_by_label("Bank file").set_input_files(str(huge))
    page.get_by_role("button", name="Check bank").click()
    expect(page.locator("#problems")).to_contain_text("over the size limit of 20,000,000 bytes")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Bank)) == 0
