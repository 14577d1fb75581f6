"""Bank parser: each question kind read from its answer part, and their errors.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from quiz.banks import parse_text
from tests.banks.parse_helpers import CONTRACT_BANK, ok, question, src, the_error


def test_contract_example_bank_parses_without_errors_or_warnings():
    result = parse_text(CONTRACT_BANK, path="questions/web.md")
    assert result.errors == []
    assert result.warnings == []
    bank = result.bank
    assert bank is not None
    assert (bank.id, bank.title, bank.path) == ("demo", "Demo", "questions/web.md")
    assert [t.slug for t in bank.topics] == ["async-support", "summary", "choosing"]
    assert [t.source_line for t in bank.topics] == [5, 34, 41]
    # 4 hand-written + 1 per row of the 3-column table (one "which") + 2 from the 2-column table
    assert len(bank.questions) == 8


def test_single_choice_from_task_list_with_one_x():
    bank = ok(CONTRACT_BANK)
    q = question(bank, "async-native")
    assert q.kind == "single"
    assert q.topic_slug == "async-support"
    assert q.prompt_md == "Which framework is built on ASGI and awaits `async def` views natively?"
    assert [(o.text_md, o.correct) for o in q.options] == [
        ("FastAPI", True),
        ("Flask", False),
        ("Django", False),
    ]
    assert q.explanation_md.startswith("FastAPI runs on ASGI")
    assert q.source_line == 7
    assert q.generated_from is None


def test_multiple_select_from_task_list_with_two_x():
    q = question(ok(CONTRACT_BANK), "django-batteries")
    assert q.kind == "multiple"
    assert [o.correct for o in q.options] == [True, True, False]
    assert [o.text_md for o in q.options] == ["ORM", "Authentication", "Automatic OpenAPI docs"]


def test_capital_x_and_ordered_lists_work_as_task_lists():
    bank = ok(src("# T", "## Q {#q}", "1. [X] one", "2. [ ] two", "", "> e"))
    q = question(bank, "q")
    assert q.kind == "single"
    assert [(o.text_md, o.correct) for o in q.options] == [("one", True), ("two", False)]


def test_option_markdown_is_kept_after_the_box():
    bank = ok(src("# T", "## Q {#q}", "- [x] `async def` **views** ✅", "- [ ] plain", "> e"))
    assert question(bank, "q").options[0].text_md == "`async def` **views** ✅"


def test_short_answer_splits_accepted_answers_on_pipes_and_drops_empties():
    q = question(ok(CONTRACT_BANK), "flask-gateway")
    assert q.kind == "short"
    assert q.answers == ["WSGI", "Web Server Gateway Interface"]
    bank = ok(src("# T", "## Q {#q}", "Answer:  a ||  b  | \\| pipe |", "> e"))
    assert question(bank, "q").answers == ["a", "b", "| pipe"]


def test_bold_answer_label_is_accepted():
    bank = ok(src("# T", "## Q {#q}", "**Answer:** WSGI", "> e"))
    assert question(bank, "q").answers == ["WSGI"]


def test_open_question_from_key_points_list():
    q = question(ok(CONTRACT_BANK), "fastapi-concurrency")
    assert q.kind == "open"
    assert q.key_points == [
        ["async/await", "asynchronous", "coroutines"],
        ["ASGI"],
        ["non-blocking", "does not block", "event loop"],
    ]
    assert q.explanation_md == "Model answer: FastAPI is ASGI-based, so `async def` endpoints ..."


def test_question_with_no_answer_part_is_an_error_at_its_heading():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Just prose.")))
    assert err.line == 6
    assert err.message == (
        "question has no answer part: add a task list, an Answer: line or a Key points: list"
    )


def test_task_list_without_x_is_an_error_at_the_list():
    err = the_error(parse_text(src("# T", "## Q {#q}", "", "- [ ] a", "- [ ] b", "> e")))
    assert err.line == 8
    assert err.message == "task list has no [x]: mark the right option(s) with [x]"


def test_choice_question_with_one_option_is_an_error_at_the_list():
    err = the_error(parse_text(src("# T", "## Q {#q}", "- [x] only", "> e")))
    assert err.line == 7
    assert "add at least two options" in err.message


def test_list_mixing_task_items_and_plain_items_is_an_error_at_the_plain_item():
    err = the_error(parse_text(src("# T", "## Q {#q}", "- [x] a", "- [ ] b", "- c", "> e")))
    assert err.line == 9
    assert "mixes task items and plain items" in err.message


def test_empty_answer_line_is_an_error_at_its_line():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Prompt.", "Answer:  | ", "> e")))
    assert err.line == 8
    assert err.message.startswith("empty Answer:")


def test_key_points_without_items_is_an_error_at_its_line():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Key points:", "", "> model")))
    assert err.line == 7
    assert "Key points: list has no items" in err.message


def test_key_points_with_text_on_the_label_line_is_an_error_naming_the_fix():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Key points: a | b", "- c", "> e")))
    assert err.line == 7 and "on its own '- ' bullet" in err.message


def test_answer_in_a_later_paragraph_of_the_last_task_item_is_not_option_text():
    err = the_error(parse_text(src("# T", "## Q {#q}", "- [x] a", "- [ ] b", "", "  Answer: b")))
    assert err.line == 10 and err.message.startswith("two answer parts")


def test_two_answer_parts_is_an_error_at_the_second_one():
    err = the_error(
        parse_text(src("# T", "## Q {#q}", "- [x] a", "- [ ] b", "", "Answer: a", "> e"))
    )
    assert err.line == 10
    assert err.message.startswith("two answer parts in one question (")
