"""Bank parser: the questions a comparison table makes, and a table's errors.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from quiz.banks import parse_text
from tests.banks.parse_helpers import CONTRACT_BANK, errors, ok, question, src, the_error, warnings


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


def test_table_row_with_all_cells_equal_generates_nothing_and_distinct_cells_each_asked_once():
    """Three things, three values: one "which", one "what" offering the values, and the
    third fact typed, so no two questions of the row offer the same options."""
    bank = ok(
        src(
            "# Cmp",
            "| Feature | A | B | C |",
            "| - | - | - | - |",
            "| Python | Yes | Yes  |  Yes |",
            "| Speed | fast | slow | medium |",
        )
    )
    asked = sorted((q.id, q.kind, q.prompt_md) for q in bank.questions)
    assert asked == [
        ("cmp--speed--a--what", "single", "Which one's speed is “fast”?"),
        ("cmp--speed--b--what", "short", "How does B perform?"),
        ("cmp--speed--c--what", "single", "How does C perform?"),
    ]
    which, typed, what = sorted(bank.questions, key=lambda q: q.id)
    assert [o.text_md for o in which.options] == ["A", "B", "C"]
    assert [(o.text_md, o.correct) for o in what.options] == [
        ("fast", False),
        ("slow", False),
        ("medium", True),
    ]
    assert typed.options == [] and typed.answers == ["slow"]


def test_the_typed_fact_of_a_row_of_lists_takes_any_one_item():
    bank = ok(
        src(
            "# Cmp",
            "| Feature | A | B | C |",
            "| - | - | - | - |",
            "| Best for | APIs, ML serving | Prototypes, small apps | Full websites, CMS |",
        )
    )
    typed = next(q for q in bank.questions if q.kind == "short")
    assert typed.prompt_md == "What is A best for? Name one."
    assert typed.answers == ["APIs, ML serving", "APIs", "ML serving"]


def test_a_long_typed_value_is_an_open_question_the_other_values_its_misconceptions():
    bank = ok(
        src(
            "# Cmp",
            "Compare: framework",
            "| Feature | A | B | C |",
            "| - | - | - | - |",
            "| Performance | One of the fastest Python frameworks | Slower under high I/O "
            "concurrency | Most per-request overhead of the three |",
        )
    )
    typed = next(q for q in bank.questions if q.kind == "open")
    assert typed.prompt_md == "How does C perform?"
    assert typed.key_points == [["Most per-request overhead of the three"]]
    assert [m.phrasings for m in typed.misconceptions] == [
        ("C One of the fastest Python frameworks",),
        ("C Slower under high I/O concurrency",),
    ]
    assert typed.misconceptions[1].why_md == (
        "In the comparison, C's performance is “Most per-request overhead of the three”; "
        "“Slower under high I/O concurrency” is B's."
    )
    assert typed.explanation_md.startswith("The comparison gives the performance of C as")


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


def test_duplicate_generated_ids_are_an_error_at_the_second_row():
    result = parse_text(
        src("# C", "| Task | Use |", "| - | - |", "| Admin | Django |", "| admin | Flask |")
    )
    err = the_error(result)
    assert err.line == 9 and "duplicate question id 'c--admin'" in err.message


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
