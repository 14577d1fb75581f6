"""A bank never holds a question no answer can get right (issue 19, item 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from quiz.banks import parse_text

ROOT = Path(__file__).resolve().parents[2]

STATUS_MARK_BANK = """---
bank: http-libs
title: HTTP libraries
---

# Libraries

Compare: library

| Feature | Requests | HTTPX |
| --- | --- | --- |
| Async | ❌ | ✅ |
| Performance | ✅ | ✅🚀 |
"""


def bank(*body: str) -> str:
    return "---\nbank: b\ntitle: B\n---\n\n# T\n\n" + "\n".join(body) + "\n"


def test_quiz_validate_fails_the_two_row_status_mark_table_naming_the_cells_line(tmp_path):
    path = tmp_path / "http-libs.md"
    path.write_text(STATUS_MARK_BANK, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "quiz", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{path}:13: table cells '✅' and '✅🚀' differ only by emoji" in done.stderr


def test_the_status_mark_table_keeps_its_answerable_row():
    result = parse_text(STATUS_MARK_BANK, path="b.md")
    assert [e.line for e in result.errors] == [13]
    # the Async row alone, parsed on its own, is one answerable question
    alone = parse_text(STATUS_MARK_BANK.replace("| Performance | ✅ | ✅🚀 |\n", ""), path="b.md")
    [q] = alone.bank.questions
    assert q.prompt_md.startswith("Does ")
    assert [(o.text_md, o.correct) for o in q.options if o.correct] in (
        [("Yes", True)],
        [("No", True)],
    )


def test_hand_written_options_that_read_alike_are_an_error_at_the_second_option():
    result = parse_text(bank("## Which? {#q}", "", "- [x] Flask", "- [ ] *flask*.", "", "> e"))
    [error] = result.errors
    assert error.line == 11 and "reads the same as the option at line 10" in error.message


def test_a_hand_written_choice_needs_a_right_option_and_two_options():
    none_right = parse_text(bank("## Which? {#q}", "", "- [ ] A", "- [ ] B"))
    assert any("no [x]" in e.message for e in none_right.errors)
    one = parse_text(bank("## Which? {#q}", "", "- [x] A"))
    assert any("1 option" in e.message for e in one.errors)


def test_a_damaged_character_in_learner_facing_text_is_an_error():
    result = parse_text(bank("## Which is fast\ufffd? {#q}", "", "- [x] A", "- [ ] B", "", "> e"))
    [error] = result.errors
    assert error.line == 8 and "U+FFFD" in error.message
    generated = parse_text(
        bank("| Feature | A | B | C |", "| - | - | - | - |", "| Speed | fast | sl\ufffdw | slow |")
    )
    assert [e.line for e in generated.errors] == [10]
    assert "U+FFFD" in generated.errors[0].message


def test_a_row_the_generator_cannot_make_answerable_is_skipped_with_a_warning_at_its_line():
    emoji_only = parse_text(
        bank("| Feature | A | B | C |", "| - | - | - | - |", "| Load | 🔽 | 🔽🔽 | 🔽 |")
    )
    assert emoji_only.errors == [] and emoji_only.bank.questions == []
    assert [w.line for w in emoji_only.warnings if "only emoji" in w.message] == [10]
    long_cell = "x " * 100
    paragraph = parse_text(
        bank("| Feature | A | B |", "| - | - | - |", f"| How | {long_cell} | short |")
    )
    assert paragraph.bank.questions == []
    assert [w.line for w in paragraph.warnings if "too long" in w.message] == [10]
