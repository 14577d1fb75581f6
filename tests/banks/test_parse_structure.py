"""Bank parser: topics and question headings, and what may lie between them.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from quiz.banks import parse_text
from tests.banks.parse_helpers import ok, src, the_error


def test_answer_above_a_dash_line_is_reported_instead_of_becoming_a_heading():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x", "---", "", "## R {#r}", "Answer: y"))
    err = the_error(result)
    assert err.line == 8
    assert "put a blank line before the ---" in err.message


def test_thematic_break_between_questions_is_ignored():
    bank = ok(
        src("# T", "## Q {#q}", "Answer: x", "> e", "", "---", "", "## R {#r}", "Answer: y", "> e")
    )
    assert [q.answers for q in bank.questions] == [["x"], ["y"]]


def test_html_comments_are_ignored():
    bank = ok(src("<!-- intro note -->", "# T", "## Q {#q}", "<!-- hidden -->", "Answer: x", "> e"))
    assert bank.questions[0].prompt_md == "Q"


def test_question_before_the_first_topic_is_an_error_at_its_heading():
    err = the_error(parse_text(src("Intro text.", "", "## Q {#q}", "Answer: x", "> e", "# T")))
    assert err.line == 7
    assert err.message.startswith("question before the first topic")


def test_task_list_outside_a_question_is_an_error():
    err = the_error(parse_text(src("# T", "### Looks like a question", "- [x] a", "- [ ] b")))
    assert err.line == 7 and "answer part outside a question" in err.message


def test_content_after_the_answer_part_is_an_error_at_its_line():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Answer: x", "", "More prose.", "", "> e")))
    assert err.line == 9
    assert err.message.startswith("unexpected content after the answer part")
