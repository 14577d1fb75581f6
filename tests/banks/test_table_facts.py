"""Every fact of a comparison table is drilled once, under the id it always had (the
bank-format contract, "Comparison table"; issue 19 kept the learners' history)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from quiz.banks import parse_file
from quiz.banks.tables import TableSpec, generate, names_answer
from quiz.scoring.grades import correct_answers

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "questions").glob("*.md"))
# The generated ids of the shipped banks at b279ca8, the last commit before issue 19's
# rewording, one "bank-id question-id" a line.
BEFORE = ROOT / "tests" / "data" / "table_ids_b279ca8.txt"
HEADERS = ["Feature", "FastAPI", "Flask", "Django"]


def spec(rows, headers=HEADERS):
    rows = [(11 + i, r) for i, r in enumerate(rows)]
    return TableSpec("b.md", "summary", 10, headers, rows, "framework")


def generated():
    for path in SHIPPED:
        result = parse_file(path)
        assert result.errors == []
        yield from ((result.bank.id, q) for q in result.bank.questions if q.generated_from)


def row_of(question) -> tuple[list[str], list[str]]:
    """The headers and cells of the row the explanation shows as a table."""
    head, _rule, row = question.explanation_md.splitlines()[-3:]
    return [c.strip() for c in head.strip("| ").split(" | ")], [
        c.strip() for c in row.strip("| ").split(" | ")
    ]


def right(question) -> str:
    """The right option, or a typed question's answer."""
    return correct_answers(question)[0]


def test_every_fact_question_generated_before_the_rewording_is_generated_under_its_id():
    before = [line.split() for line in BEFORE.read_text(encoding="utf-8").splitlines()]
    now = {(bank, q.id) for bank, q in generated()}
    assert len(before) == 45
    assert [pair for pair in map(tuple, before) if pair not in now] == []
    assert len(now) == len(before)  # and nothing asked twice under a new id


def test_each_question_from_a_row_of_things_answers_the_fact_its_id_names():
    for _bank, q in generated():
        if q.id.count("--") != 3:
            continue  # a two-column table's row: one question, checked elsewhere
        headers, cells = row_of(q)
        slug = q.id.split("--")[2]
        thing = next(h for h in headers[1:] if h.lower().replace(" ", "-") == slug)
        cell = cells[headers.index(thing)]
        answer = right(q)
        if answer in headers[1:]:
            assert answer == thing, q.id  # "which framework …?": the fact's thing
        elif answer in ("Yes", "Partly", "No"):
            mark = {"Yes": "✅", "Partly": "🟡", "No": "❌"}[answer]
            assert cell.startswith(mark), q.id  # "does it …?": the fact's mark
            assert names_answer(q.prompt_md, thing), q.id
        else:
            assert answer in cell, q.id  # "what does it …?": the fact's value
            assert names_answer(q.prompt_md, thing), q.id


def test_a_row_of_several_facts_asks_which_thing_and_what_a_thing_has_never_one_value_set_twice():
    rows = defaultdict(list)
    for _bank, q in generated():
        if q.id.count("--") == 3:
            rows[(q.generated_from, q.source_line)].append(q)
    several = {key: qs for key, qs in rows.items() if len(qs) >= 2}
    assert len(several) == 10  # web-frameworks' summary: 12 rows, ORM and admin one fact
    for qs in several.values():
        headers, _cells = row_of(qs[0])
        which = [q for q in qs if q.options and right(q) in headers]
        what = [q for q in qs if q.options and right(q) not in headers]
        assert len(which) == 1 and what, [q.prompt_md for q in qs]
        sets = [frozenset(o.text_md for o in q.options) for q in qs if q.options]
        assert len(sets) == len(set(sets)), [q.prompt_md for q in qs]
        assert len({q.prompt_md for q in qs}) == len(qs)


def test_three_options_wherever_three_things_are_compared():
    for _bank, q in generated():
        headers, cells = row_of(q)
        if len(headers) >= 4 and all(cells[1:]) and q.kind in ("single", "multiple"):
            assert len(q.options) >= 3, q.id


def test_a_three_by_three_row_asks_all_three_facts_in_three_forms():
    """Which, what (the values as options) and, since both option sets are taken, the
    last fact typed."""
    row = ["Style", "API-first", "Micro framework", "Full-stack"]
    qs = generate(spec([row])).questions
    assert sorted(q.id for q in qs) == [
        "summary--style--django--what",
        "summary--style--fastapi--what",
        "summary--style--flask--what",
    ]
    which, what, typed = sorted(qs, key=lambda q: (not q.options, right(q) not in HEADERS))
    assert which.prompt_md.startswith("Which framework's style is “")
    assert which.explanation_md.split("\n")[0].endswith("is the one that stands out.")
    assert what.prompt_md.startswith("What style does ")
    assert [o.text_md for o in what.options] == ["API-first", "Micro framework", "Full-stack"]
    assert typed.kind == "short" and typed.prompt_md.startswith("What style does ")
    thing = {h.lower(): h for h in HEADERS}[typed.id.split("--")[2]]
    assert typed.answers == [dict(zip(HEADERS, row, strict=True))[thing]]


def test_with_four_things_no_two_questions_of_a_row_offer_the_same_options():
    headers = ["Feature", "A", "B", "C", "D"]
    qs = generate(spec([["Speed", "fast", "slow", "medium", "varies"]], headers)).questions
    assert len(qs) == 4
    sets = [frozenset(o.text_md for o in q.options) for q in qs]
    assert len(set(sets)) == 4
    assert all(len(s) >= 3 for s in sets)


def test_a_row_of_marks_asks_which_does_and_how_and_keeps_the_ids():
    row = ["Authentication", "🟡 Helpers", "❌ Extensions (e.g. Flask-Login)", "✅ Users built in"]
    qs = {q.prompt_md: q for q in generate(spec([row])).questions}
    assert set(qs) == {
        "Which framework supports authentication only partly?",
        "Does Flask have authentication built in?",
        "How does Django handle authentication?",
    }
    assert right(qs["Does Flask have authentication built in?"]) == "No"
    assert qs["Does Flask have authentication built in?"].id == (
        "summary--authentication--flask--what"
    )
    how = qs["How does Django handle authentication?"]
    assert [o.text_md for o in how.options] == ["Helpers", "Extensions", "Users built in"]
    assert "“No: Extensions (e.g. Flask-Login)”" in how.explanation_md


@pytest.mark.parametrize(
    ("cells", "prompt"),
    [
        (["Best use", "APIs", "Prototypes", "CMS"], "What is {} best used for?"),
        (["Performance", "fast", "slow", "medium"], "How does {} perform?"),
        (["Server interface", "ASGI", "WSGI", "Both"], "What server interface does {} use?"),
        (["Specification", "PEP 3333", "asgiref", "none"], "What specification does {} follow?"),
        (["Written in", "Python", "Rust", "Go"], "What is {} written in?"),
    ],
)
def test_a_value_is_asked_about_the_thing_in_words_an_interviewer_uses(cells, prompt):
    asked = [q for q in generate(spec([cells])).questions if right(q) not in HEADERS]
    assert [q.kind for q in asked] == ["single", "short"]  # with options, then typed
    for what in asked:
        thing = {h.lower(): h for h in HEADERS}[what.id.split("--")[2]]
        assert what.prompt_md == prompt.format(thing)
        assert "'s" not in what.prompt_md


@pytest.mark.parametrize(
    ("cells", "prompt"),
    [
        (["Multithreaded", "✅", "❌", "❌"], "Which framework is multithreaded?"),
        (["Runs the other's tests", "❌", "✅", "❌"], "Which framework runs the other's tests?"),
        (
            ["Persistence to disk", "✅", "✅", "❌"],
            "Which framework does not support persistence to disk?",
        ),
    ],
)
def test_a_row_named_by_an_adjective_or_a_verb_reads_as_one(cells, prompt):
    [which] = generate(spec([cells])).questions
    assert which.prompt_md == prompt


def test_a_bare_mark_two_things_carry_is_never_asked_by_which():
    """The mark no other cell carries is asked by "which", the marked note by "does it";
    the third, a bare mark with both option sets (the things, the marks) taken and no
    value to type, is left out with a warning rather than offered another question's
    options."""
    row = ["Requests-compatible API", "✅", "✅ mostly", "❌"]
    out = generate(spec([row]))
    prompts = [q.prompt_md for q in out.questions]
    assert prompts == [
        "Which framework has no requests-compatible API?",
        "Does Flask have a requests-compatible API?",
    ]
    [warning] = out.warnings
    assert warning.line == 11 and "'✅' (FastAPI) gives no question" in warning.message
