"""Bank parser: misconceptions under open questions, and the bank's cap.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

import pytest

from quiz.banks import Misconception, parse_text
from tests.banks.parse_helpers import errors, src

OPEN = ("# T", "## What is OAuth 2.0 for? {#oauth}", "Key points:", "- delegated access")


def test_misconceptions_are_read_with_their_why_and_the_banks_cap():
    result = parse_text(
        src(
            *OPEN,
            "Misconceptions:",
            "- an authentication protocol | logs users in",
            "  Why: OAuth 2.0 grants access;",
            "  OpenID Connect adds login.",
            "- a password hash",
            "",
            "> Model answer: delegated access.",
            front=("---", "bank: b", "title: t", "misconception_cap: 0.1", "---"),
        )
    )
    assert result.errors == []
    [question] = result.bank.questions
    assert question.misconceptions == [
        Misconception(
            ("an authentication protocol", "logs users in"),
            "OAuth 2.0 grants access; OpenID Connect adds login.",
        ),
        Misconception(("a password hash",), ""),
    ]
    assert question.misconception_cap == 0.1


def test_a_file_without_misconceptions_reads_as_before():
    result = parse_text(src(*OPEN, "", "> Model answer: delegated access."))
    [question] = result.bank.questions
    assert question.misconceptions == [] and question.misconception_cap == 0.2


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (("Misconceptions: x", "- a"), 9, "Misconceptions: takes no text on its line"),
        (("Misconceptions:",), 9, "Misconceptions: list has no items"),
        (
            ("Misconceptions:", "- a", "", "Misconceptions:", "- b"),
            12,
            "Misconceptions: is given twice (also at line 9)",
        ),
    ],
)
def test_a_broken_misconceptions_list_is_an_error_at_its_line(body, line, message):
    result = parse_text(src(*OPEN, *body, "", "> e"))
    assert result.bank is None or result.bank.questions == []
    assert any(got_line == line and message in text for got_line, text in errors(result))


def test_misconceptions_belong_to_open_questions():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x", "Misconceptions:", "- y", "", "> e"))
    assert any("Misconceptions: belongs to an open question" in m for _, m in errors(result))


@pytest.mark.parametrize("cap", ["1.5", "-1", "high", "true"])
def test_misconception_cap_must_be_a_number_from_0_to_1(cap):
    result = parse_text(
        src(
            *OPEN,
            "",
            "> e",
            front=("---", "bank: b", "title: t", f"misconception_cap: {cap}", "---"),
        )
    )
    assert any("misconception_cap must be a number from 0 to 1" in m for _, m in errors(result))
