"""What the result page says: a multiple-select score explained, and "I don't know" on
an open question not called a rating the learner gave (issue 20, item 4)."""

import re

import pytest

from quiz.practice.feedback import MarkedOption, multiple_select_breakdown
from tests.conftest import question_id, submit

LABEL_RE = re.compile(r'<input type="checkbox" name="choice" value="(\d+)">(.*?)</label>', re.S)


def test_four_of_five_right_and_one_of_two_wrong_scores_thirty_percent():
    options = [MarkedOption(f"r{i}", picked=i < 4, correct=True) for i in range(5)] + [
        MarkedOption("w0", picked=True, correct=False),
        MarkedOption("w1", picked=False, correct=False),
    ]
    parts = multiple_select_breakdown(options)
    assert (parts.right, parts.right_total, parts.wrong, parts.wrong_total) == (4, 5, 1, 2)
    assert parts.earned == pytest.approx(0.8) and parts.penalty == pytest.approx(0.5)
    assert parts.score == pytest.approx(0.3)


def question_page(client, app, key):
    return client.get(f"/practice/question/{question_id(app, key)}").get_data(as_text=True)


def test_the_page_explains_a_partial_multiple_select_score(client, auth, app, every_kind_bank):
    auth.register()
    html = question_page(client, app, "django-batteries")
    positions = {re.sub(r"<[^>]+>", "", text).strip(): pos for pos, text in LABEL_RE.findall(html)}
    orm = next(pos for text, pos in positions.items() if text.endswith("ORM"))
    page = submit(client, html, choice=orm).get_data(as_text=True)
    explained = re.sub(r"\s+", " ", page[page.index('id="score-explained"') :])
    assert "1 of the 2 right options picked earns 50%" in explained
    assert "0 of the 1 wrong ones picked costs 0%: score 50%." in explained


def test_i_dont_know_on_an_open_question_is_not_called_a_rating(client, auth, app, every_kind_bank):
    auth.register()
    html = question_page(client, app, "fastapi-concurrency")
    page = submit(client, html, dont_know="1").get_data(as_text=True)
    assert "You rated this" not in page
    assert "You said you don't know, so this question comes back soon for review." in page
    assert 'name="rating"' not in page  # nothing to rate: it is reviewed already
