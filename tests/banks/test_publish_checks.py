"""Issue 19 item 4: what Publish asks to confirm (plain Python, no app)."""

from quiz.banks.parser import parse_text
from quiz.banks.publish_checks import publish_cautions

BANK = """---
bank: guards
title: Web frameworks
---

# Basics

## Which gateway interface is Flask built on? {#gateway}
Answer: WSGI

> Flask is a WSGI framework.

## Which framework ships an admin panel? {#admin}
- [ ] Flask
- [x] Django

> Django's admin is built in.
"""


def cautions(source: str, others=()) -> list[str]:
    result = parse_text(source, "guards.md")
    assert result.bank is not None and not result.errors, result.errors
    return publish_cautions(source, result.bank, others)


def test_a_finished_bank_with_its_own_title_needs_no_confirmation():
    assert cautions(BANK, [("other", "Databases"), ("guards", "Web frameworks")]) == []


def test_todo_markers_are_counted_with_their_lines():
    source = BANK.replace(
        "# Basics\n", "# Basics\n\n<!-- TODO: check the row -->\n<!-- TODO: add a why -->\n"
    )
    [caution] = cautions(source)
    assert caution.startswith("The source still has 2 TODOs (lines 8, 9)")


def test_a_title_another_live_bank_has_is_named():
    [caution] = cautions(BANK, [("frameworks", "web  FRAMEWORKS ")])
    assert "already the title of the live bank 'frameworks'" in caution


def test_two_equal_prompts_are_named_with_both_lines():
    source = BANK.replace(
        "## Which framework ships an admin panel? {#admin}",
        "## Which gateway interface is  flask built on? {#admin}",
    )
    [caution] = cautions(source)
    assert "same prompt “Which gateway interface is  flask built on?” (lines 8 and 13)" in caution
