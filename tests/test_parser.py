"""Tests for the question-bank parser (quiz.banks.parser), against /work/shared/bank-format.md.

Bodies are built with ``src(*lines)``: the four front-matter lines come first, so the
first body line is line 5 of the file. That keeps every asserted line number checkable
by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.banks import (
    DEFAULT_MAX_BYTES,
    Bank,
    BankFormatError,
    Diagnostic,
    Misconception,
    ParseResult,
    collect_bank_files,
    load_bank,
    parse_file,
    parse_paths,
    parse_text,
    slugify,
)

FRONT = ("---", "bank: demo", "title: Demo", "---")
FIRST_BODY_LINE = 5


def src(*body: str, front: tuple[str, ...] = FRONT) -> str:
    return "\n".join((*front, *body)) + "\n"


def errors(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in result.errors]


def warnings(result: ParseResult) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in result.warnings]


def the_error(result: ParseResult) -> Diagnostic:
    assert result.bank is None
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def ok(text: str | bytes) -> Bank:
    result = parse_text(text)
    assert result.errors == [], result.errors
    assert result.bank is not None
    return result.bank


def question(bank: Bank, qid: str):
    matches = [q for q in bank.questions if q.id == qid]
    assert len(matches) == 1, [q.id for q in bank.questions]
    return matches[0]


CONTRACT_BANK = src(
    "# Async support",  # 5
    "",  # 6
    "## Which framework is built on ASGI and awaits `async def` views natively? {#async-native}",
    "- [x] FastAPI",  # 8
    "- [ ] Flask",  # 9
    "- [ ] Django",  # 10
    "",  # 11
    "> FastAPI runs on ASGI (via Starlette), so async endpoints run on an event loop.",  # 12
    "",  # 13
    "## Which of these come with Django out of the box? {#django-batteries}",  # 14
    "- [x] ORM",  # 15
    "- [x] Authentication",  # 16
    "- [ ] Automatic OpenAPI docs",  # 17
    "",  # 18
    "> Django is batteries-included.",  # 19
    "",  # 20
    "## Which gateway interface is Flask built on? {#flask-gateway}",  # 21
    "Answer: WSGI | Web Server Gateway Interface",  # 22
    "",  # 23
    "> Flask is a WSGI framework.",  # 24
    "",  # 25
    "## Why can FastAPI serve many slow I/O-bound requests at once? {#fastapi-concurrency}",
    "Key points:",  # 27
    "- async/await | asynchronous | coroutines",  # 28
    "- ASGI",  # 29
    "- non-blocking | does not block | event loop",  # 30
    "",  # 31
    "> Model answer: FastAPI is ASGI-based, so `async def` endpoints ...",  # 32
    "",  # 33
    "# Summary",  # 34
    "",  # 35
    "| Feature         | FastAPI                | Flask                 | Django        |",  # 36
    "| --------------- | ---------------------- | --------------------- | ------------- |",  # 37
    "| ORM             | Optional (SQLAlchemy)  | Optional (SQLAlchemy) | Built-in      |",  # 38
    "| Admin Interface | No                     | No                    | ✅ Yes        |",  # 39
    "",  # 40
    "# Choosing",  # 41
    "",  # 42
    "| If you want to build...        | Use     |",  # 43
    "| ------------------------------ | ------- |",  # 44
    "| Full web app with admin panel  | Django  |",  # 45
    "| Lightweight app or prototype   | Flask   |",  # 46
)


# --------------------------------------------------------------------------- slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Async support", "async-support"),
        ("  Hello,   World!  ", "hello-world"),
        ("✅ Yes 🚀", "yes"),
        ("Größe & Café", "grosse-cafe"),
        ("snake_case and CamelCase", "snake-case-and-camelcase"),
        ("`async def` views?", "async-def-views"),
        ("--a--b--", "a-b"),
        ("🎉🎉", ""),
        ("", ""),
    ],
)
def test_slugify_makes_lowercase_hyphenated_ascii_and_drops_emoji(text, slug):
    assert slugify(text) == slug


def test_slugify_is_never_empty_for_text_with_letters_in_any_script():
    slug = slugify("日本語 FAQ")
    assert slug and slug.endswith("-faq")
    assert slug == slugify("日本語 FAQ")  # stable
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)


@given(st.text(max_size=60))
@settings(max_examples=200, deadline=None)
def test_slugify_output_is_always_a_valid_slug_or_empty(text):
    slug = slugify(text)
    if slug:
        assert slug == slug.lower().strip("-")
        assert "--" not in slug
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    if any(c.isascii() and c.isalnum() for c in text):
        assert slug


# --------------------------------------------------------------------------- the kinds


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


def test_front_matter_fields_and_comments_are_read():
    text = src(
        "# T",
        "## Q {#q}",
        "Answer: x",
        "> because",
        front=(
            "---",
            "bank: web-frameworks            # required: the bank's stable id",
            "title: FastAPI, Flask and Django # required",
            "description: Interview questions on three Python web frameworks.   # optional",
            "---",
        ),
    )
    bank = ok(text)
    assert bank.id == "web-frameworks"
    assert bank.title == "FastAPI, Flask and Django"
    assert bank.description == "Interview questions on three Python web frameworks."
    assert bank.meta == {}


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


# --------------------------------------------------------------------------- prompt, metadata, ids


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


def test_question_without_explicit_id_gets_derived_id_and_a_warning():
    result = parse_text(src("# Async support", "## What is ASGI?", "Answer: x", "> e"))
    assert result.errors == []
    assert [q.id for q in result.bank.questions] == ["async-support-what-is-asgi"]
    assert len(result.warnings) == 1
    assert result.warnings[0].line == 6
    assert result.warnings[0].message.startswith(
        "question has no explicit {#id}; add one so edits keep learners' history"
    )


def test_derived_id_is_cut_to_80_characters_at_a_hyphen():
    words = " ".join(f"word{i:02d}" for i in range(30))
    bank = ok(src("# Topic", f"## {words}", "Answer: x", "> e"))
    qid = bank.questions[0].id
    assert len(qid) <= 80
    assert qid.startswith("topic-word00-word01")
    assert not qid.endswith("-")
    full = slugify(f"Topic {words}")
    assert full.startswith(qid) and full[len(qid)] == "-"


def test_explicit_id_is_used_and_removed_from_the_prompt():
    bank = ok(src("# T", "## What is WSGI?   {#wsgi-basics}", "Answer: x", "> e"))
    q = bank.questions[0]
    assert q.id == "wsgi-basics"
    assert q.prompt_md == "What is WSGI?"


def test_explicit_id_that_is_not_a_slug_is_an_error_naming_the_fix():
    err = the_error(parse_text(src("# T", "", "## Q {#Not A Slug}", "Answer: x", "> e")))
    assert err.line == 7
    assert "{#not-a-slug}" in err.message


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


def test_topic_in_a_non_latin_script_gets_a_stable_ascii_slug():
    bank = ok(src("# 日本語", "## Q {#q}", "Answer: x", "> e"))
    assert bank.topics[0].title == "日本語"
    assert bank.topics[0].slug == slugify("日本語") != ""


def test_crlf_line_endings_and_utf8_bom_are_accepted():
    text = CONTRACT_BANK.replace("\n", "\r\n")
    bank = ok(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(bank.questions) == 8
    assert question(bank, "flask-gateway").source_line == 21


# --------------------------------------------------------------------------- tables


def test_three_column_table_asks_each_row_once_when_one_thing_stands_out():
    bank = ok(CONTRACT_BANK)
    summary = bank.topics[1]
    assert summary.slug == "summary"
    assert [q.id for q in summary.questions] == [
        "summary--orm--django--which",
        "summary--admin-interface--django--which",
    ]
    assert all(q.kind == "single" and q.generated_from == "table:36" for q in summary.questions)
    assert [q.source_line for q in summary.questions] == [38, 39]


def test_three_column_which_question_offers_the_column_headers_and_shows_the_row():
    q = question(ok(CONTRACT_BANK), "summary--orm--django--which")
    assert q.prompt_md == "Which one has an ORM built in?"
    assert [(o.text_md, o.correct) for o in q.options] == [
        ("FastAPI", False),
        ("Flask", False),
        ("Django", True),
    ]
    assert q.explanation_md.startswith("The comparison gives the ORM of Django as “Built-in”")
    assert q.explanation_md.endswith(
        "| Feature | FastAPI | Flask | Django |\n"
        "| --- | --- | --- | --- |\n"
        "| ORM | Optional (SQLAlchemy) | Optional (SQLAlchemy) | Built-in |"
    )
    assert q.topic_slug == "summary"


def test_a_yes_no_row_becomes_one_which_question_with_the_mark_in_words():
    which = question(ok(CONTRACT_BANK), "summary--admin-interface--django--which")
    assert which.prompt_md == "Which one has an admin interface?"
    assert [o.text_md for o in which.options] == ["FastAPI", "Flask", "Django"]


def test_table_row_with_all_cells_equal_generates_nothing_and_distinct_cells_give_one_what_each():
    bank = ok(
        src(
            "# Cmp",
            "| Feature | A | B | C |",
            "| - | - | - | - |",
            "| Python | Yes | Yes  |  Yes |",
            "| Speed | fast | slow | medium |",
        )
    )
    ids = sorted(q.id for q in bank.questions)
    assert ids == ["cmp--speed--a--what", "cmp--speed--b--what", "cmp--speed--c--what"]
    values = [q for q in bank.questions if q.options[0].text_md == "fast"]
    assert [[o.text_md for o in q.options] for q in values] == [["fast", "slow", "medium"]]


def test_generated_ids_are_stable_when_a_row_is_added():
    rows = [
        "| Feature | FastAPI | Flask | Django |",
        "| - | - | - | - |",
        "| ORM | Optional | Optional | Built-in |",
        "| Admin | No | No | Yes |",
    ]
    before = ok(src("# Summary", *rows))
    after = ok(src("# Summary", *rows[:2], "| Async | Yes | Partly | Partly |", *rows[2:]))
    before_ids = [q.id for q in before.questions]
    after_ids = [q.id for q in after.questions]
    assert len(after_ids) == len(before_ids) + 1  # Async: Yes / Partly / Partly -> one "which"
    assert set(before_ids) <= set(after_ids)
    two_before = ok(
        src("# C", "| Task | Use |", "| - | - |", "| Admin | Django |", "| API | FastAPI |")
    )
    two_after = ok(
        src(
            "# C",
            "| Task | Use |",
            "| - | - |",
            "| Tiny | Flask |",
            "| Admin | Django |",
            "| API | FastAPI |",
        )
    )
    assert {q.id for q in two_before.questions} <= {q.id for q in two_after.questions}


def test_two_column_table_makes_one_single_choice_per_row_with_other_answers_as_distractors():
    bank = ok(CONTRACT_BANK)
    choosing = bank.topics[2]
    assert [q.id for q in choosing.questions] == [
        "choosing--full-web-app-with-admin-panel",
        "choosing--lightweight-app-or-prototype",
    ]
    q = choosing.questions[0]
    assert (
        q.prompt_md == "If you want to build a full web app with admin panel, which one fits best?"
    )
    assert [(o.text_md, o.correct) for o in q.options] == [("Django", True), ("Flask", False)]
    assert q.generated_from == "table:43"
    assert q.source_line == 45
    assert q.explanation_md.endswith(
        "| If you want to build... | Use |\n"
        "| --- | --- |\n"
        "| Full web app with admin panel | Django |"
    )


def test_two_column_distractors_are_deduplicated():
    bank = ok(
        src(
            "# C",
            "| Task | Use |",
            "| - | - |",
            "| Admin | Django |",
            "| Blog | Django |",
            "| API | FastAPI |",
        )
    )
    assert len(bank.questions) == 3
    blog = question(bank, "c--blog")
    assert blog.prompt_md == "Which one fits best for a blog?"
    assert [(o.text_md, o.correct) for o in blog.options] == [("Django", True), ("FastAPI", False)]


def test_table_with_empty_corner_header_works_and_empty_cells_are_left_out_with_warnings():
    result = parse_text(
        src(
            "# C",
            "|  | A | B |",  # 6
            "| - | - | - |",
            "| x | 1 |  |",  # 8: only one filled cell left -> nothing
            "| y | 1 | 2 |",  # 9
            "|  | 3 | 4 |",  # 10: no attribute -> nothing
        )
    )
    assert result.errors == []
    # two compared things: their two facts mirror each other, so one question
    assert [q.id for q in result.bank.questions] == ["c--y--b--what"]
    assert [line for line, _ in warnings(result)] == [8, 10]


def test_generated_questions_need_no_explicit_ids_or_explanations():
    result = parse_text(src("# C", "| Task | Use |", "| - | - |", "| A | x |", "| B | y |"))
    assert result.errors == [] and result.warnings == []


def test_table_inside_a_question_prompt_does_not_generate_questions():
    bank = ok(
        src("# T", "## Q {#q}", "| a | b |", "| - | - |", "| 1 | 2 |", "", "Answer: 2", "> e")
    )
    assert [q.id for q in bank.questions] == ["q"]


# --------------------------------------------------------------------------- errors


def test_no_front_matter_is_an_error_at_line_1():
    err = the_error(parse_text("# T\n## Q {#q}\nAnswer: x\n> e\n"))
    assert err.line == 1
    assert err.message == "no front matter: start the file with --- / bank: ... / title: ... / ---"


def test_unclosed_front_matter_is_an_error_at_line_1():
    err = the_error(parse_text("---\nbank: a\ntitle: b\n# T\n"))
    assert (err.line, "not closed" in err.message) == (1, True)


def test_missing_bank_and_title_are_both_reported_at_line_1():
    result = parse_text(
        src("# T", "## Q {#q}", "Answer: x", "> e", front=("---", "description: d", "---"))
    )
    assert result.bank is None
    assert [(line, msg.split(":")[0]) for line, msg in errors(result)] == [
        (1, "front matter has no 'bank"),
        (1, "front matter has no 'title"),
    ]


def test_bank_id_that_is_not_a_slug_is_an_error_at_its_line_naming_the_fix():
    err = the_error(
        parse_text(src("# T", front=("---", "title: T", "bank: Web Frameworks", "---")))
    )
    assert err.line == 3
    assert "not a lowercase slug" in err.message and "bank: web-frameworks" in err.message


def test_invalid_yaml_in_front_matter_is_reported_with_its_line():
    err = the_error(
        parse_text(src("# T", front=("---", "bank: demo", "title: [oops", "x: y", "---")))
    )
    assert err.line in (3, 4, 5)
    assert "not valid YAML" in err.message


def test_front_matter_that_is_not_a_mapping_is_an_error():
    err = the_error(parse_text("---\n- a\n- b\n---\n# T\n"))
    assert err.line == 1 and "YAML mapping" in err.message


def test_question_before_the_first_topic_is_an_error_at_its_heading():
    err = the_error(parse_text(src("Intro text.", "", "## Q {#q}", "Answer: x", "> e", "# T")))
    assert err.line == 7
    assert err.message.startswith("question before the first topic")


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


def test_duplicate_question_id_is_an_error_at_the_second_naming_the_first():
    result = parse_text(
        src("# T", "## Q {#same}", "Answer: x", "> e", "# U", "## R {#same}", "Answer: y", "> e")
    )
    err = the_error(result)
    assert err.line == 10
    assert "duplicate question id 'same'" in err.message and "line 6" in err.message


def test_duplicate_derived_ids_are_an_error():
    err = the_error(
        parse_text(src("# T", "## Same?", "Answer: x", "> e", "## Same?", "Answer: y", "> e"))
    )
    assert err.line == 9 and "duplicate question id 't-same'" in err.message


def test_duplicate_generated_ids_are_an_error_at_the_second_row():
    result = parse_text(
        src("# C", "| Task | Use |", "| - | - |", "| Admin | Django |", "| admin | Flask |")
    )
    err = the_error(result)
    assert err.line == 9 and "duplicate question id 'c--admin'" in err.message


def test_duplicate_topic_is_an_error():
    err = the_error(
        parse_text(
            src("# T", "## Q {#q}", "Answer: x", "> e", "# T!", "## R {#r}", "Answer: y", "> e")
        )
    )
    assert err.line == 9 and "duplicate topic" in err.message


def test_ragged_table_rows_are_errors_at_each_rows_line():
    result = parse_text(
        src(
            "# C",
            "| Feature | A | B |",
            "| - | - | - |",
            "| ok | 1 | 2 |",
            "| short | 1 |",
            "| long | 1 | 2 | 3 |",
            "| escaped \\| pipe | 1 | 2 |",
        )
    )
    assert result.bank is None
    assert [line for line, _ in errors(result)] == [9, 10]
    assert all("the header has 3" in msg for _, msg in errors(result))


def test_table_row_without_pipes_glued_to_a_table_is_ragged():
    err = the_error(parse_text(src("# C", "| a | b |", "| - | - |", "| x | y |", "stray line")))
    assert err.line == 9 and "1 cell but the header has 2" in err.message


def test_table_with_missing_header_row_is_an_error_at_its_first_line():
    err = the_error(
        parse_text(src("# C", "", "| ORM | Optional | Built-in |", "| Admin | No | Yes |"))
    )
    assert err.line == 7
    assert "missing or broken header" in err.message


def test_table_with_empty_header_cell_for_a_compared_column_is_an_error():
    err = the_error(parse_text(src("# C", "| Feature | A |  |", "| - | - | - |", "| x | 1 | 2 |")))
    assert err.line == 6 and "column 3 has a missing header" in err.message


def test_single_column_table_is_an_error():
    err = the_error(parse_text(src("# C", "| Only |", "| - |", "| x |")))
    assert err.line == 6 and "needs at least two" in err.message


def test_two_column_table_with_one_distinct_answer_is_an_error_at_the_table():
    err = the_error(
        parse_text(
            src("# C", "", "| Task | Use |", "| - | - |", "| A | Django |", "| B | Django |")
        )
    )
    assert err.line == 7
    assert "at least two different answers" in err.message


def test_table_before_the_first_topic_is_an_error():
    err = the_error(parse_text(src("| Task | Use |", "| - | - |", "| A | x |", "| B | y |")))
    assert err.line == 5 and "before the first topic" in err.message


def test_task_list_outside_a_question_is_an_error():
    err = the_error(parse_text(src("# T", "### Looks like a question", "- [x] a", "- [ ] b")))
    assert err.line == 7 and "answer part outside a question" in err.message


def test_content_after_the_answer_part_is_an_error_at_its_line():
    err = the_error(parse_text(src("# T", "## Q {#q}", "Answer: x", "", "More prose.", "", "> e")))
    assert err.line == 9
    assert err.message.startswith("unexpected content after the answer part")


def test_not_utf8_is_an_error_naming_the_line_of_the_first_bad_byte():
    data = (
        src("# T", "## Q {#q}", "Answer: café", "> e")
        .encode("utf-8")
        .replace("é".encode(), b"\xe9")
    )
    err = the_error(parse_text(data, path="bad.md"))
    assert err.line == 7
    assert err.message == "not valid UTF-8 (first bad byte at line 7); save the file as UTF-8"
    assert str(err) == f"bad.md:7: {err.message}"


@pytest.mark.parametrize("data", ["", "   \n\t\n", b"", b"\n\n", b"\xef\xbb\xbf  \n"])
def test_empty_file_is_an_error_at_line_1(data):
    err = the_error(parse_text(data))
    assert err.line == 1 and "empty" in err.message


def test_file_over_the_size_limit_is_an_error_at_line_1():
    err = the_error(parse_text(CONTRACT_BANK.encode(), max_bytes=100))
    assert err.line == 1 and "over the limit of 100 bytes" in err.message
    err = the_error(parse_text(CONTRACT_BANK, max_bytes=100))
    assert "over the limit" in err.message
    assert DEFAULT_MAX_BYTES == 1_000_000
    assert parse_text(CONTRACT_BANK).ok


def test_all_errors_are_reported_at_once_sorted_by_line_and_nothing_is_imported():
    result = parse_text(
        src(
            "# T",
            "## Good {#good}",
            "Answer: fine",
            "> e",
            "## No box ticked {#q1}",  # 9
            "- [ ] a",  # 10
            "- [ ] b",  # 11
            "## No answer {#q2}",  # 12
            "Prose.",  # 13
            "## Empty {#q3}",  # 14
            "Answer:",  # 15
        )
    )
    assert result.bank is None
    assert [line for line, _ in errors(result)] == [10, 12, 15]
    assert errors(result)[0][1].startswith("task list has no [x]")
    assert errors(result)[1][1].startswith("question has no answer part")
    assert errors(result)[2][1].startswith("empty Answer:")


def test_parse_text_never_raises_on_non_text_input():
    result = parse_text(None)  # type: ignore[arg-type]
    assert result.bank is None and result.errors


# --------------------------------------------------------------------------- warnings


def test_unknown_front_matter_key_is_kept_as_meta_with_a_warning_at_its_line():
    result = parse_text(
        src(
            "# T",
            "## Q {#q}",
            "Answer: x",
            "> e",
            front=("---", "bank: b", "title: t", "owner: Ann", "---"),
        )
    )
    assert result.errors == []
    assert result.bank.meta == {"owner": "Ann"}
    assert warnings(result) == [
        (4, "unknown front-matter key 'owner' is kept as metadata; "
         "the app reads only bank, title, description, misconception_cap")
    ]  # fmt: skip


def test_missing_explanation_is_a_warning_at_the_heading():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x"))
    assert result.bank is not None
    assert warnings(result) == [
        (6, "question has no explanation: add a > blockquote after the answer part")
    ]


def test_unclosed_html_comment_warns_that_it_hides_the_rest():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x", "> e", "<!-- todo", "## R {#r}"))
    assert any(line == 9 and "never closed" in msg for line, msg in warnings(result))


def test_warnings_are_kept_when_there_are_errors_too():
    result = parse_text(src("# T", "## Q", "Answer:"))
    assert result.bank is None
    assert [line for line, _ in errors(result)] == [7]
    assert any("no explicit {#id}" in msg for _, msg in warnings(result))


# --------------------------------------------------------------------------- files


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_parse_file_reads_bytes_and_names_the_file_in_diagnostics(tmp_path):
    good = write(tmp_path / "good.md", CONTRACT_BANK)
    result = parse_file(good)
    assert result.ok and result.bank.path == str(good)
    bad = write(tmp_path / "bad.md", b"---\nbank: x\ntitle: y\n---\n\xff\n")
    err = the_error(parse_file(bad))
    assert str(err).startswith(f"{bad}:5: not valid UTF-8")


def test_parse_file_reports_unreadable_and_oversized_files_instead_of_raising(tmp_path):
    missing = parse_file(tmp_path / "nope.md")
    assert missing.bank is None and missing.errors[0].line == 1
    assert "cannot read the file" in missing.errors[0].message
    assert "cannot read the file" in parse_file(tmp_path).errors[0].message  # a folder
    big = write(tmp_path / "big.md", CONTRACT_BANK)
    assert "over the limit" in the_error(parse_file(big, max_bytes=50)).message


def test_collect_bank_files_expands_folders_recursively_and_sorted(tmp_path):
    b = write(tmp_path / "q" / "b.md", "x")
    a = write(tmp_path / "q" / "a.md", "x")
    deep = write(tmp_path / "q" / "sub" / "c.md", "x")
    write(tmp_path / "q" / "notes.txt", "x")
    write(tmp_path / "q" / ".hidden" / "h.md", "x")
    single = write(tmp_path / "other.markdown", "x")
    assert collect_bank_files([tmp_path / "q", single]) == [a, b, deep, single]
    assert collect_bank_files([str(a), a]) == [Path(str(a))]


def test_parse_paths_rejects_a_bank_id_used_by_an_earlier_file(tmp_path):
    first = write(tmp_path / "q" / "a.md", CONTRACT_BANK)
    second = write(
        tmp_path / "q" / "b.md",
        src(
            "# T",
            "## Q {#q}",
            "Answer: x",
            "> e",
            front=("---", "title: Other", "bank: demo", "---"),
        ),
    )
    third = write(
        tmp_path / "q" / "c.md",
        src("# T", "## Q {#q}", "Answer: x", "> e").replace("demo", "other"),
    )
    results = parse_paths([tmp_path / "q"])
    assert [r.path for r in results] == [str(first), str(second), str(third)]
    assert results[0].ok and results[0].bank is not None
    assert results[2].ok and results[2].bank.id == "other"
    err = the_error(results[1])
    assert err.line == 3
    assert err.message == f"bank id 'demo' is already used by {first}: give this bank its own id"


def test_parse_paths_keeps_other_errors_of_a_file_reusing_a_bank_id(tmp_path):
    write(tmp_path / "a.md", src("# T", "## Q {#q}", "Answer: x", "> e"))
    write(tmp_path / "b.md", src("# T", "## Q {#q}", "Answer:", "> e"))
    results = parse_paths([tmp_path])
    assert [line for line, _ in errors(results[1])] == [2, 7]


# --------------------------------------------------------------------------- load_bank


def test_load_bank_returns_the_bank_when_valid():
    bank = load_bank(CONTRACT_BANK, path="web.md")
    assert isinstance(bank, Bank) and bank.path == "web.md" and len(bank.questions) == 8


def test_load_bank_raises_bank_format_error_carrying_every_error():
    with pytest.raises(BankFormatError) as info:
        load_bank(src("## Q {#q}", "Answer:", "# T", "## R {#r}"), path="x.md")
    lines = [e.line for e in info.value.errors]
    assert lines == [5, 6, 8]
    assert "x.md:5: question before the first topic" in str(info.value)


# --------------------------------------------------------------------------- fuzzing

MARKDOWN_PIECES = [
    "---",
    "bank: fuzz",
    "title: Fuzz",
    "# Topic",
    "# Topic",
    "## Question {#q}",
    "## Question {#q}",
    "## Question",
    "## {#}",
    "### Sub",
    "- [x] a",
    "- [ ] b",
    "- [X]",
    "- plain",
    "1. [x] one",
    "  - nested",
    "Answer: a | b",
    "Answer:",
    "**Answer:**",
    "Key points:",
    "Tags: a, 🎉",
    "Difficulty: 9",
    "Difficulty: 3",
    "> quote",
    ">",
    "```",
    "~~~",
    "    indented code",
    "| a | b | c |",
    "| - | - | - |",
    "| x | y |",
    "| 1 | 1 | 1 |",
    "| p | q | r | s |",
    "|---|",
    "<!--",
    "-->",
    "===",
    "",
    "",
    "\t",
    "✅ Yes",
]


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
@settings(max_examples=200, deadline=None)
def test_arbitrary_input_never_raises_and_load_bank_raises_only_bank_format_error(data):
    result = parse_text(data)
    assert isinstance(result, ParseResult)
    assert (result.bank is None) == bool(result.errors)
    assert not any("internal error" in d.message for d in result.errors)
    try:
        bank = load_bank(data)
    except BankFormatError as exc:
        assert exc.errors
    else:
        assert isinstance(bank, Bank)


@given(
    st.lists(
        st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=20)),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None)
def test_markdownish_input_never_raises_and_reports_lines_inside_the_file(lines):
    text = "\n".join(lines)
    result = parse_text(text)
    n_lines = text.count("\n") + text.count("\r") + 2
    for diag in [*result.errors, *result.warnings]:
        assert 1 <= diag.line <= n_lines
        assert "internal error" not in diag.message
    if result.bank is not None:
        ids = [q.id for q in result.bank.questions]
        assert len(ids) == len(set(ids))
    try:
        bank = load_bank(text)
    except BankFormatError as exc:
        assert exc.errors == result.errors
    else:
        assert result.bank is not None and bank.id == result.bank.id


VALID_LINES = CONTRACT_BANK.split("\n")


@st.composite
def mutated_bank(draw):
    lines = list(VALID_LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=15))))
        else:
            col = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(alphabet="|[]x>#-`*:{}\\ \t\r\n✅é\x00", min_size=1, max_size=4))
            lines[i] = lines[i][:col] + junk + lines[i][col:]
    return "\n".join(lines)


@given(mutated_bank())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_valid_bank_never_raises_and_keeps_the_error_contract(text):
    result = parse_text(text)
    assert (result.bank is None) == bool(result.errors)
    assert not any("internal error" in d.message for d in result.errors)
    assert result.errors == sorted(result.errors, key=lambda d: d.line)
    if result.bank is not None:
        questions = result.bank.questions
        assert len({q.id for q in questions}) == len(questions)
        for q in questions:
            if q.kind in ("single", "multiple"):
                assert len(q.options) >= 2 and any(o.correct for o in q.options)
            if q.kind == "single":
                assert sum(o.correct for o in q.options) == 1
            if q.kind == "short":
                assert q.answers
            if q.kind == "open":
                assert q.key_points and all(q.key_points)
    try:
        load_bank(text.encode("utf-8", errors="surrogatepass"))
    except BankFormatError as exc:
        assert exc.errors


def test_ids_and_titles_longer_than_the_database_allows_are_errors_on_their_lines():
    long_topic = "T" + "x" * 310
    text = (
        "---\nbank: long\ntitle: Long\n---\n\n"
        f"# {long_topic}\n\n"
        f"## Q? {{#{'q' * 201}}}\nAnswer: a\n\n> why\n"
    )
    result = parse_text(text, "long.md")
    assert result.bank is None
    lines = [(e.line, e.message.split(" is ")[0]) for e in result.errors]
    assert (6, "the topic heading") in lines
    assert (6, "the topic's id (from its heading)") in lines
    assert (8, "the question id") in lines


# ------------------------------------------------------------------ misconceptions

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
