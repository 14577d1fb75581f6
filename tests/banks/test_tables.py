"""Questions generated from comparison tables (quiz.banks.tables); shipped banks."""

from __future__ import annotations

import itertools

import pytest

from quiz.banks import parse_file, parse_text
from quiz.banks.tables import TableSpec, compare_label, generate, names_answer
from quiz.scoring.grades import correct_answers
from tests.conftest import DATA_DIR, PROJECT_DIR

SHIPPED = sorted((PROJECT_DIR / "questions").glob("*.md"))
HEADERS = ["Feature", "FastAPI", "Flask", "Django"]


def spec(rows, headers=HEADERS, compare="framework"):
    return TableSpec(
        "b.md", "summary", 10, headers, [(11 + i, r) for i, r in enumerate(rows)], compare
    )


def options(q):
    return [(o.text_md, o.correct) for o in q.options]


def test_a_yes_no_row_is_one_which_question_with_three_options_and_the_mark_in_words():
    out = generate(spec([["Admin interface", "❌ No", "❌ No", "✅ Built in"]]))
    [q] = out.questions
    assert q.id == "summary--admin-interface--django--which"
    assert q.prompt_md == "Which framework has an admin interface built in?"
    assert options(q) == [("FastAPI", False), ("Flask", False), ("Django", True)]
    assert "| Admin interface | ❌ No | ❌ No | ✅ Built in |" in q.explanation_md
    assert q.generated_from == "table:10" and q.source_line == 11


def test_the_odd_one_out_saying_no_is_asked_as_has_no():
    [q] = generate(spec([["Type hints", "Yes", "No", "Yes"]])).questions
    assert q.prompt_md == "Which framework does not support type hints?"
    assert q.id == "summary--type-hints--flask--which"
    [orm] = generate(spec([["ORM", "✅ Built in", "❌ None built in", "✅ Built in"]])).questions
    assert orm.prompt_md == "Which framework has no ORM built in?"


def test_a_row_of_different_status_cells_asks_each_fact_once_in_three_forms():
    row = ["Async support", "✅ Native", "🟡 Async views, still WSGI", "🟡 ASGI since 3.0"]
    which, yes_no, how = generate(spec([row])).questions
    # the one mark no other thing shares is asked "which"; the others "does" and "how"
    assert which.id == "summary--async-support--fastapi--what"  # the id the fact had
    assert which.prompt_md == "Which framework supports async natively?"
    assert options(which) == [("FastAPI", True), ("Flask", False), ("Django", False)]
    assert which.explanation_md.startswith(
        "The comparison gives the async support of FastAPI as “Yes: Native”, against "
        "Flask “Partly: Async views, still WSGI” and Django “Partly: ASGI since 3.0”: "
        "FastAPI is the one that stands out."
    )
    assert yes_no.prompt_md == "Does Django support async?"
    assert options(yes_no) == [("Yes", False), ("Partly", True), ("No", False)]
    assert "“Partly: ASGI since 3.0”" in yes_no.explanation_md  # the note is explained
    assert how.prompt_md == "How does Flask handle async?"
    assert options(how) == [
        ("Native", False),
        ("Async views, still WSGI", True),
        ("ASGI since 3.0", False),
    ]


def test_a_yes_no_question_says_built_in_where_the_row_does():
    row = ["Authentication", "🟡 Helpers", "❌ Extensions (e.g. Flask-Login)", "✅ Users built in"]
    prompts = {q.id.split("--")[2]: q.prompt_md for q in generate(spec([row])).questions}
    assert "Does Flask have authentication built in?" in prompts.values()
    assert "How does Flask handle authentication?" not in prompts.values()
    how = next(q for q in generate(spec([row])).questions if q.prompt_md.startswith("How"))
    assert "Extensions" in [o.text_md for o in how.options]  # "(e.g. Flask-Login)" dropped


def test_a_plain_row_asks_which_thing_what_one_thing_has_and_types_the_last():
    qs = generate(spec([["Learning curve", "🟡 Moderate", "🟢 Easy", "🔴 Steep"]])).questions
    prompts = {q.prompt_md: options(q) or q.answers for q in qs}
    assert prompts == {
        "Which framework's learning curve is “Moderate”?": [
            ("FastAPI", True),
            ("Flask", False),
            ("Django", False),
        ],
        "What learning curve does Flask have?": [
            ("Moderate", False),
            ("Easy", True),
            ("Steep", False),
        ],
        "What learning curve does Django have?": ["Steep"],
    }
    servers = generate(spec([["Example servers", "Uvicorn", "Gunicorn", "Daphne"]])).questions
    assert "Which of these are example servers for Flask?" in [q.prompt_md for q in servers]


def test_each_fact_is_asked_once_and_equal_rows_generate_nothing():
    out = generate(
        spec(
            [
                ["Python", "Yes", "Yes", "Yes"],
                ["ORM", "No", "No", "Yes"],
                ["Speed", "fast", "slow", "medium"],
            ]
        )
    )
    ids = sorted(q.id for q in out.questions)
    assert ids == [
        "summary--orm--django--which",
        "summary--speed--django--what",
        "summary--speed--fastapi--what",
        "summary--speed--flask--what",
    ]


def test_two_compared_things_get_one_question_per_row_topped_up_only_from_rows_of_its_kind():
    headers = ["Aspect", "WSGI", "ASGI"]
    rows = [
        ["Concurrency", "One request per worker", "Many requests per event loop"],
        ["Spec", "PEP 3333", "asgiref docs"],
    ]
    qs = generate(spec(rows, headers, "interface")).questions
    assert len(qs) == 2  # one per row, never a mirrored second question
    for q in qs:
        assert sum(o.correct for o in q.options) == 1
    concurrency = qs[0]
    texts = [o.text_md for o in concurrency.options]
    # "PEP 3333" is another row's kind of value: no distractor for a concurrency model
    assert texts == ["One request per worker", "Many requests per event loop"]
    # another kind of row's cell, however alike it looks, is another category (issue
    # 19: servers offered as frameworks): never an option
    rows.append(["Servers", "One worker per core", "An event loop per core"])
    concurrency = generate(spec(rows, headers, "interface")).questions[0]
    assert [o.text_md for o in concurrency.options] == texts
    # a row of the same kind tops the options up to three (the format's rule: the same
    # row first, then the same column of other rows)
    ports = [["Default port", "8000", "8001"], ["Admin port", "9000", "9001"]]
    for q in generate(spec(ports, headers, "interface")).questions:
        assert len(q.options) == 3 and sum(o.correct for o in q.options) == 1
        row_values = {"8000", "8001"} if "default port" in q.prompt_md.lower() else {"9000", "9001"}
        assert row_values <= {o.text_md for o in q.options}


def test_a_cell_naming_its_own_thing_is_phrased_around_or_skipped_with_a_warning():
    headers = ["Aspect", "WSGI", "ASGI"]
    rows = [["Frameworks", "Flask, Django (wsgi.py)", "FastAPI, Django (asgi.py)"]]
    [q] = generate(spec(rows, headers, "interface")).questions
    assert all(not names_answer(o.text_md, "WSGI") for o in q.options)
    assert all(not names_answer(o.text_md, "ASGI") for o in q.options)
    which = generate(spec([["Templates", "No", "No", "Django templates"]]))
    assert which.questions == []
    assert "names its own column 'Django'" in which.warnings[0].message
    assert which.warnings[0].line == 11


def test_a_cell_that_restates_its_row_is_no_option_and_not_asked():
    out = generate(spec([["Routing", "routing", "Blueprints", "URLconf"]]))
    assert len(out.questions) == 2  # Flask's and Django's facts
    assert all("routing" not in [o.text_md.lower() for o in q.options] for q in out.questions)
    [warning] = out.warnings
    assert "'routing' (FastAPI) only repeats its row's name" in warning.message


def test_two_column_table_drops_a_mark_every_answer_shares_and_uses_the_compare_noun():
    headers = ["If you want to build...", "Use"]
    rows = [["Async API", "✅ FastAPI"], ["Prototype", "✅ Flask"], ["CMS", "✅ Django"]]
    qs = generate(spec(rows, headers)).questions
    assert qs[0].id == "summary--async-api"
    assert qs[0].prompt_md == "If you want to build an async API, which framework fits best?"
    assert options(qs[0]) == [("FastAPI", True), ("Flask", False), ("Django", False)]
    assert qs[0].explanation_md.splitlines()[-1] == "| Async API | ✅ FastAPI |"


def test_two_column_row_that_names_its_answer_is_skipped():
    headers = ["Task", "Use"]
    out = generate(spec([["Django admin site", "Django"], ["API", "FastAPI"]], headers))
    assert [q.id for q in out.questions] == ["summary--api"]
    assert out.warnings[0].line == 11


def test_row_diagnostics_are_kept():
    out = generate(spec([["", "a", "b", "c"], ["X", "a", "", "b"]]))
    assert [w.line for w in out.warnings] == [11, 12]
    two = generate(spec([["A", "Django"], ["B", "Django"]], ["Task", "Use"]))
    assert two.errors and "at least two different answers" in two.errors[0].message


@pytest.mark.parametrize(
    ("lines", "label"),
    [
        (["Compare: framework", "| a | b |"], "framework"),
        (["**Compare:** web framework", "", "| a | b |"], "web framework"),
        (["Some prose.", "| a | b |"], None),
        (["Compare: x", "", "", "| a | b |"], None),
        (["| a | b |"], None),
    ],
)
def test_compare_label_is_read_directly_above_the_table(lines, label):
    assert compare_label(lines, len(lines) - 1) == label


def test_parser_reads_the_compare_line_into_prompts():
    text = "\n".join(
        [
            "---",
            "bank: b",
            "title: B",
            "---",
            "# Sum",
            "",
            "Compare: framework",
            "",
            "| Feature | A | B | C |",
            "| - | - | - | - |",
            "| Admin | No | No | Yes |",
        ]
    )
    result = parse_text(text)
    assert result.errors == [] and result.warnings == []
    [q] = result.bank.questions
    assert q.prompt_md == "Which framework has an admin?"
    assert q.generated_from == "table:9" and q.source_line == 11


# --------------------------------------------------------------------------- shipped banks


def generated(path):
    result = parse_file(path)
    assert result.ok, result.errors
    return result.bank, [q for q in result.bank.questions if q.generated_from]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_generated_questions_have_two_to_five_options(path):
    _bank, qs = generated(path)
    assert qs
    assert all(2 <= len(q.options) <= 5 for q in qs if q.kind == "single")
    assert all(q.options == [] for q in qs if q.kind != "single")  # a typed fact


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_generated_questions_never_name_their_answer(path):
    _bank, qs = generated(path)
    for q in qs:
        right = correct_answers(q)[0]
        assert not names_answer(q.prompt_md, right), q.id
        if q.id.count("--") == 3:  # attribute | thing | thing: the id names the thing
            thing = q.id.split("--")[2].replace("-", " ")
            assert names_answer(q.prompt_md, thing) or right.casefold() == thing, q.id
            assert not names_answer(right, thing) or right.casefold() == thing, q.id
        assert len({o.text_md for o in q.options}) == len(q.options), q.id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_tables_ask_each_fact_once(path):
    _bank, qs = generated(path)
    rows: dict[str, set[str]] = {}
    for q in qs:
        topic_row, _thing, form = q.id.rsplit("--", 2) if q.id.count("--") >= 3 else (q.id, "", "")
        rows.setdefault(topic_row, set()).add(form)
    # a row is asked either as one "which" per odd one out or as "what" per thing, never both
    assert all(len(forms) == 1 for forms in rows.values()), rows
    assert len({q.id for q in qs}) == len(qs)


def test_generated_ids_of_facts_that_still_exist_are_unchanged():
    """Ids the previous generator gave (tests/data/table_ids_before.txt) are reused."""
    before = set((DATA_DIR / "table_ids_before.txt").read_text().split("\n")) - {""}
    now = set()
    for path in SHIPPED:
        bank, qs = generated(path)
        now.update(f"{bank.id} {q.id}" for q in qs)
    assert now and now <= before, sorted(now - before)


# --------------------------------------------------------------------------- practice order


def test_practice_interleaves_a_table_topic_with_the_others(client, auth, app, every_kind_bank):
    """Unseen questions take turns across topics instead of the table's questions in a row."""
    from tests.conftest import question_served_on, submit

    auth.register()
    topics = []
    for _ in range(9):
        html = client.get("/practice/every-kind/").get_data(as_text=True)
        _, kind, topic = question_served_on(app, html)
        topics.append(topic)
        fields = {"choice": "1"} if kind in ("single", "multiple") else {"answer": "no idea"}
        assert submit(client, html, follow_redirects=False, **fields).status_code == 302
    assert topics[:3] == ["basics", "summary", "when-to-use-what"]
    assert all(a != b for a, b in itertools.pairwise(topics[:8])), topics
    assert topics.count("summary") >= 3  # the table's questions come, spread out


def test_an_odd_one_out_that_is_not_yes_or_no_is_quoted_in_the_prompt():
    [q] = generate(spec([["Learning curve", "Easy", "Easy", "🔴 Steep"]])).questions
    assert q.prompt_md == "Which framework's learning curve is “Steep”?"
    assert q.id == "summary--learning-curve--django--which"


def test_the_row_table_in_the_explanation_escapes_pipes_in_cells():
    [q] = generate(spec([["Operator", "a | b", "a | b", "c"]])).questions
    assert q.explanation_md.splitlines()[-1] == "| Operator | a \\| b | a \\| b | c |"
