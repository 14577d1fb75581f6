"""Bank parser: a question's prompt, metadata lines, explanation, parts glued together.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

import pytest

from quiz.banks import parse_text
from tests.banks.parse_helpers import ok, question, src, the_error, warnings


def test_metadata_lines_set_tags_and_difficulty_and_stay_out_of_the_prompt():
    bank = ok(
        src(
            "# T",
            "## Which one? {#q}",
            "Tags: Admin Panel, batteries",
            "Difficulty: 4",
            "Some context.",
            "- [x] a",
            "- [ ] b",
            "> e",
        )
    )
    q = question(bank, "q")
    assert q.tags == ["admin-panel", "batteries"]
    assert q.difficulty == 4
    assert q.prompt_md == "Which one?\n\nSome context."


def test_metadata_in_its_own_paragraphs_and_glued_to_the_prompt_paragraph():
    bank = ok(
        src(
            "# T",
            "## Q1 {#q1}",
            "Tags: a",
            "",
            "Difficulty: 1",
            "",
            "Answer: x",
            "> e",
            "",
            "## Q2 {#q2}",
            "Prose line.",
            "Tags: b, c",
            "Answer: y",
            "> e",
        )
    )
    q1, q2 = question(bank, "q1"), question(bank, "q2")
    assert (q1.tags, q1.difficulty, q1.prompt_md) == (["a"], 1, "Q1")
    assert (q2.tags, q2.difficulty, q2.prompt_md) == (["b", "c"], None, "Q2\n\nProse line.")
    assert q2.answers == ["y"]


@pytest.mark.parametrize("value", ["0", "6", "three", "2.5", ""])
def test_difficulty_outside_1_to_5_is_an_error_at_its_line(value):
    result = parse_text(src("# T", "## Q {#q}", f"Difficulty: {value}", "Answer: x", "> e"))
    err = the_error(result)
    assert err.line == 7
    assert "Difficulty must be a whole number from 1 to 5" in err.message


def test_code_block_in_prompt_is_kept_verbatim():
    fence = [
        "```python",
        "def f(x):",
        "    return x | 1  # not an answer separator",
        "",
        "",
        "print(f(2))",
        "```",
    ]
    bank = ok(src("# T", "## What does this print? {#q}", "", *fence, "", "Answer: 3", "> e"))
    assert bank.questions[0].prompt_md == "What does this print?\n\n" + "\n".join(fence)


def test_prompt_keeps_paragraphs_plain_lists_quotes_tables_and_subheadings_in_order():
    body = [
        "Given this setup:",
        "",
        "### Details",
        "- one",
        "- two",
        "",
        "> a quote before the answer belongs to the prompt",
        "",
        "| a | b |",
        "| - | - |",
        "| 1 | 2 |",
    ]
    bank = ok(src("# T", "## Q {#q}", *body, "", "Answer: x", "", "> explained"))
    q = bank.questions[0]
    assert q.prompt_md == "Q\n\n" + "\n".join(body)
    assert q.explanation_md == "explained"


def test_explanation_strips_quote_markers_and_keeps_markdown():
    bank = ok(
        src(
            "# T",
            "## Q {#q}",
            "Answer: x",
            "",
            "> First **line**",
            ">",
            "> ```",
            "> code",
            "> ```",
        )
    )
    assert bank.questions[0].explanation_md == "First **line**\n\n```\ncode\n```"


def test_answer_line_glued_to_a_prompt_list_is_still_the_answer_part():
    bank = ok(
        src(
            "# T",
            "## Which is printed first? {#q}",
            "Consider:",
            "- one",
            "- two",
            "Answer: one",
            "",
            "> e",
        )
    )
    q = bank.questions[0]
    assert q.kind == "short"
    assert q.answers == ["one"]
    assert q.prompt_md == "Which is printed first?\n\nConsider:\n- one\n- two"


def test_answer_line_glued_to_a_task_list_is_two_answer_parts_and_not_option_text():
    result = parse_text(src("# T", "## Q {#q}", "- [x] a", "- [ ] b", "Answer: a", "> e"))
    err = the_error(result)
    assert err.line == 9
    assert err.message.startswith("two answer parts in one question")
    assert "task list at line 7" in err.message and "Answer: line at line 9" in err.message


def test_key_points_glued_to_a_paragraph_or_to_a_prompt_list():
    bank = ok(
        src(
            "# T",
            "## Explain A {#a}",
            "Think about it.",
            "Key points:",
            "- one | 1",
            "- two",
            "> model",
            "",
            "## Explain B {#b}",
            "Consider:",
            "- x",
            "- y",
            "Key points:",
            "- three",
            "> model",
        )
    )
    a, b = question(bank, "a"), question(bank, "b")
    assert (a.kind, a.key_points, a.prompt_md) == (
        "open",
        [["one", "1"], ["two"]],
        "Explain A\n\nThink about it.",
    )
    assert (b.kind, b.key_points, b.prompt_md) == (
        "open",
        [["three"]],
        "Explain B\n\nConsider:\n- x\n- y",
    )


def test_missing_explanation_is_a_warning_at_the_heading():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x"))
    assert result.bank is not None
    assert warnings(result) == [
        (6, "question has no explanation: add a > blockquote after the answer part")
    ]
