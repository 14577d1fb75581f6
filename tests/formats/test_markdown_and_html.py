"""The one Markdown bank writer, the HTML cleaner, and the package's layering."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from quiz.banks.model import Bank, Option, Question, Topic
from quiz.banks.parser import parse_text
from quiz.formats import to_markdown
from quiz.formats.html_text import html_to_markdown
from tests.formats.helpers import ROUND_TRIP_BANKS, round_trip_key, shipped_bank

FORMATS_PACKAGE = Path(__file__).resolve().parents[2] / "quiz" / "formats"


@pytest.mark.parametrize("path", ROUND_TRIP_BANKS, ids=lambda p: p.name)
def test_parsed_bank_written_back_as_markdown_parses_to_the_same_bank(path):
    bank = shipped_bank(path)
    again = parse_text(to_markdown(bank))
    assert again.errors == [] and again.bank is not None
    assert [round_trip_key(q) for q in again.bank.questions] == [
        round_trip_key(q) for q in bank.questions
    ]


def test_text_the_parser_would_misread_is_escaped():
    tricky = Question(
        id="tricky",
        kind="short",
        prompt_md=(
            "Heading ends in # {#not-an-id}\n\nAnswer: looks like a label\n# a topic?\n"
            "Text\n---\n<!-- hidden -->"
        ),
        topic_slug="t",
        answers=["a | b", "c"],
        explanation_md="line one\n\nline two",
    )
    choice = Question(
        id="choice",
        kind="single",
        prompt_md="Pick",
        topic_slug="t",
        options=[Option("[x] not a box", True), Option("Tags: x", False)],
    )
    bank = Bank(
        id="b", title='Quotes " and: colons', topics=[Topic("t", "T", questions=[tricky, choice])]
    )
    result = parse_text(to_markdown(bank))
    assert result.errors == [], to_markdown(bank)
    assert result.bank is not None
    short, single = result.bank.questions
    assert short.answers == ["a | b", "c"]
    assert short.kind == "short" and "Answer\\: looks like a label" in short.prompt_md
    assert short.explanation_md == "line one\n\nline two"
    assert [o.correct for o in single.options] == [True, False]
    assert result.bank.title == 'Quotes " and: colons'


def test_html_is_cleaned_to_safe_markdown_keeping_links_lists_and_code():
    markdown, images = html_to_markdown(
        '<p>See <a href="https://x.org/a">the docs</a> or <a href="javascript:alert(1)">this</a>'
        "<script>alert(2)</script>.</p><ol><li>one</li><li><em>two</em></li></ol>"
        "<pre><code>x = 1 * 2\n</code></pre><p>5 &lt; 6 &amp; <img src='a/b.png'></p>"
    )
    assert markdown == (
        "See [the docs](https://x.org/a) or this.\n\n1. one\n2. *two*\n\n"
        "```\nx = 1 * 2\n```\n\n5 \\< 6 &"
    )
    assert images == ["b.png"]


def test_formats_is_plain_python():
    forbidden = ("flask", "sqlalchemy", "flask_sqlalchemy", "quiz.models", "quiz.extensions")
    for path in FORMATS_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"
