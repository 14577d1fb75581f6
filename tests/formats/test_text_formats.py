"""Aiken, quizdown and Anki text exports: golden banks, notices at their lines, bad input."""

from __future__ import annotations

import pytest

from quiz.formats import convert, detect_format
from tests.formats.helpers import assert_matches_golden, by_id, convert_fixture, notices_at


def test_aiken_fixture_matches_the_golden_bank():
    result = convert_fixture("aiken-every-kind.txt", "aiken", title="Web frameworks from Aiken")
    assert_matches_golden(result, "aiken-every-kind.expected.md")
    assert result.bank is not None
    questions = result.bank.questions
    assert [q.kind for q in questions] == ["single", "single", "single"]
    assert [o.text_md for o in questions[1].options if o.correct] == ["WSGI"]
    # plain text is escaped so it renders as written
    assert [o.text_md for o in questions[2].options] == ["\\_emphasis\\_", "\\# a heading"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"Q one?\nA. x\nB. y\nANSWER: C\n",
            "4: ANSWER: C names no option of the question at line 1",
        ),
        (
            b"Q one?\nA. x\nB. y\n\nQ two?\nA. x\nB. y\nANSWER: A\n",
            "1: question 'Q one?' has no ANSWER: line",
        ),
        (b"Q one?\nA. x\nANSWER: A\n", "1: question 'Q one?' needs at least two options"),
    ],
)
def test_bad_aiken_is_an_error_at_its_line(data, message):
    result = convert(data, "q.txt", "aiken")
    assert not result.ok
    assert next(str(e) for e in result.errors).startswith(message), [str(e) for e in result.errors]


def test_quizdown_fixture_matches_the_golden_bank():
    result = convert_fixture(
        "quizdown-every-kind.md", "quizdown", title="Web frameworks from quizdown"
    )
    assert_matches_golden(result, "quizdown-every-kind.expected.md")
    assert result.bank is not None
    single, multiple = result.bank.questions
    assert (single.kind, multiple.kind) == ("single", "multiple")
    assert single.explanation_md.startswith("Hint: Think of the batteries-included one.")
    assert "*Django*: Right: `django.contrib.admin`." in single.explanation_md
    assert "```python\nINSTALLED_APPS = [...]\n```" in multiple.prompt_md
    assert notices_at(result) == [
        (
            32,
            "sequence question 'Put the request steps in order' at line 32: not supported, skipped",
        )
    ]


def test_anki_text_export_matches_the_golden_bank():
    result = convert_fixture("anki-every-kind.txt", None, title="Web frameworks from Anki")
    assert result.format == "anki-csv"
    assert_matches_golden(result, "anki-every-kind.expected.md")
    assert result.bank is not None
    q = by_id(result.bank)
    gateway = q["anki-" + b"O{jz(h:Y8-".hex()]  # the GUID is the stable id
    assert (gateway.kind, gateway.answers, gateway.tags) == (
        "short",
        ["WSGI"],
        ["flask", "python-web"],
    )
    assert gateway.prompt_md == "Which gateway interface is **Flask** built on?"
    fastapi = q["anki-" + b"Ab3$x+Yz1q".hex()]
    assert fastapi.kind == "open" and fastapi.topic_slug == "fastapi"
    assert [(line, msg.split(" '", 1)[0]) for line, msg in notices_at(result)] == [
        (9, "Basic (and reversed card) note"),
        (10, "cloze note"),
    ]


def test_anki_text_without_headers_reads_front_and_back():
    result = convert(b"What is 2+2?\t4\nName Flask's toolkit\tWerkzeug\n", "deck.tsv", None)
    assert result.format == "anki-csv" and result.ok
    assert result.bank is not None
    assert [q.answers for q in result.bank.questions] == [["4"], ["Werkzeug"]]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"::t::Q? {=a ~b}", "x.txt", "gift"),
        (b'<?xml version="1.0"?>\n<quiz>', "x", "moodle-xml"),
        (b"Q?\nA. x\nB. y\nANSWER: A\n", "x.txt", "aiken"),
        (b"# Q?\n\n- [x] a\n- [ ] b\n", "x.md", "quizdown"),
        (b"#separator:tab\nfront\tback\n", "x.txt", "anki-csv"),
        (b"PK\x03\x04rest", "deck.apkg", "apkg"),
        (b"front,back\n", "deck.csv", "anki-csv"),
        (b"just words", "notes.txt", None),
    ],
)
def test_detect_format(data, name, expected):
    assert detect_format(data, name) == expected


def test_no_format_and_no_clue_is_a_clear_message():
    result = convert(b"just words", "notes.txt", None)
    assert [str(e) for e in result.errors] == [
        "cannot tell the file's format: choose one of "
        "gift, moodle-xml, aiken, quizdown, anki-csv, apkg"
    ]
    assert next(str(e) for e in convert(b"x", "n.txt", "docx").errors).startswith(
        "unknown format 'docx'"
    )
