"""The rubric checklist in a browser: a false match highlighted and ticked, unticked by
keyboard and saved; the score shown, the progress page and the review card follow."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from quiz.extensions import db
from quiz.models import Attempt, Card
from quiz.scheduling.schedule import AGAIN, HARD
from tests.browser.conftest import keys_ready, register
from tests.conftest import DATA_DIR, import_bank

pytestmark = pytest.mark.browser

# "coroutines" is a phrasing of the key point "async/await", but this says nothing of it
FALSE_MATCH = "Coroutines are a Python thing I never used; it is just fast."


@pytest.fixture
def rubric_bank(app):
    import_bank(app, DATA_DIR / "rubric.md")


def card(app) -> Card | None:
    with app.app_context():
        found = db.session.scalar(sa.select(Card))
        if found is not None:
            db.session.expunge(found)
        return found


def answer_the_open_question(page):
    page.goto("/practice/rubric/")
    page.get_by_label("Answer as you would in an interview").fill(FALSE_MATCH)
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("#result")).to_contain_text("Partly right")
    expect(page.locator("#result")).to_contain_text("(33%)")


def accuracy(page) -> str:
    page.goto("/progress/")
    row = page.locator(".bank-topics tr", has_text="Concurrency")
    return row.locator("td[data-label=Accuracy]").inner_text()


def test_unticking_a_false_match_changes_score_progress_and_review(page, app, rubric_bank):
    register(page)
    answer_the_open_question(page)
    # the matched word is highlighted, tagged with its key point's number, and ticked
    mark = page.locator("blockquote.learner-answer mark.rubric-mark")
    expect(mark).to_have_count(1)
    expect(mark).to_contain_text("Coroutines")
    expect(mark.locator(".rubric-tag")).to_have_text("1")
    expect(mark.locator(".visually-hidden")).to_have_text(" (key point 1)")
    point = page.get_by_role("checkbox", name=re.compile(r"Key point 1: async.await .*I covered"))
    expect(point).to_be_checked()
    expect(page.get_by_text("Your words: “Coroutines”.")).to_be_visible()
    expect(page.locator("#default-rating strong")).to_have_text("Hard")  # 33%
    attempt_url = page.url

    # untick by keyboard, then Save my checklist; a digit or N there does nothing
    keys_ready(page)
    point.focus()
    page.keyboard.press("1")
    page.keyboard.press("n")
    expect(page.locator("#default-rating")).to_be_visible()  # not rated, still here
    page.keyboard.press("Space")
    expect(point).not_to_be_checked()
    page.get_by_role("button", name="Save my checklist").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Checklist saved: this answer now counts 0%")).to_be_visible()
    expect(page.locator("#result")).to_contain_text("Your checklist: 0%")
    expect(page.locator("#result")).to_contain_text("(33%)")  # the automatic score is kept
    expect(point).not_to_be_checked()
    expect(page.get_by_text("The automatic check said covered.")).to_be_visible()
    # the default rating follows the corrected score
    expect(page.locator("#default-rating strong")).to_have_text("Again")
    assert accuracy(page) == "0%"

    # moving on applies it: the card's first review is Again (its first learning step)
    page.goto(attempt_url)
    keys_ready(page)
    page.keyboard.press("n")
    # the bank's one question is the whole session: moving on ends it
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    reviewed = card(app)
    assert reviewed.last_rating == AGAIN
    assert reviewed.due - reviewed.last_review == timedelta(minutes=1)


def test_a_correction_after_moving_on_replays_the_card(page, app, rubric_bank):
    register(page)
    answer_the_open_question(page)
    attempt_url = page.url
    # Hard by default; the bank's one question is the whole session
    page.get_by_role("button", name=re.compile("See the session summary")).click()
    expect(page.get_by_role("heading", name="Session summary")).to_be_visible()
    before = card(app)
    assert before.last_rating == HARD
    assert accuracy(page) == "33%"

    page.goto(attempt_url)
    expect(page.get_by_text("You rated this")).to_contain_text("Hard")
    page.get_by_role("checkbox", name=re.compile(r"Key point 1: async.await .*I covered")).uncheck()
    page.get_by_role("button", name="Save my checklist").click()
    expect(page.get_by_text("Its next review is now scheduled as Again.")).to_be_visible()
    expect(page.locator("#result")).to_contain_text("Your checklist: 0%")
    after = card(app)
    assert after.last_rating == AGAIN and after.due < before.due
    assert accuracy(page) == "0%"
    with app.app_context():
        stored = db.session.scalar(sa.select(Attempt))
        assert stored.score == pytest.approx(1 / 3) and stored.corrected_score == 0.0


def test_the_checklist_with_marks_and_a_misconception_passes_axe(page, rubric_bank):
    """tests/browser/test_every_page.py sees a checklist without marks (its bank has no
    misconceptions): this one has both kinds of mark, before and after a correction."""
    from tests.browser.page_checks import check_loaded

    page.emulate_media(reduced_motion="reduce")  # no colour transitions caught half-way
    register(page)
    page.goto("/practice/rubric/")
    page.get_by_label("Answer as you would in an interview").fill(
        "Coroutines are a Python thing I never used; it starts one thread per request, and ASGI"
        " does the rest. a_long_identifier_with_no_spaces_that_must_wrap_on_a_phone_screen_too"
    )
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator("mark.rubric-mark-wrong")).to_have_count(1)
    assert check_loaded(page, "rubric feedback") == []
    page.get_by_role("checkbox", name=re.compile("Misconception M1")).uncheck()
    page.get_by_role("button", name="Save my checklist").click()
    expect(page.locator("#result")).to_contain_text("Your checklist: 67%")
    assert check_loaded(page, "rubric feedback, corrected") == []
