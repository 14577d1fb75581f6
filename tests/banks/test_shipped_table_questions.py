"""The shipped banks' generated questions read as an interviewer would ask them (issue 19)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from quiz.banks import parse_file
from quiz.banks.tables import clean_cell
from quiz.drafting.quality import STATUS_MARKS, shared_option_sets

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "questions").glob("*.md"))


def generated(path: Path):
    result = parse_file(path)
    assert result.errors == []
    return [q for q in result.bank.questions if q.generated_from]


def headers_of(path: Path) -> set[str]:
    """Every column header of the file's comparison tables."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = set()
    for line, below in itertools.pairwise(lines):
        if line.startswith("|") and re.match(r"^\|[\s:|-]+\|$", below.strip()):
            found.update(c.strip() for c in line.strip().strip("|").split("|") if c.strip())
    return found


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_prompt_pastes_a_column_header_with_an_apostrophe_s(path):
    questions = generated(path)
    assert questions
    headers = headers_of(path)
    pasted = [q.prompt_md for q in questions for h in headers if f"{h}'s" in q.prompt_md]
    assert pasted == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_two_sibling_questions_share_an_option_set(path):
    """Questions from one row never offer the same options, so answering one does not
    answer another: a row of three things and three values asks one "which framework",
    one "what does it have" and types the third fact (no options at all)."""
    questions = generated(path)
    assert shared_option_sets(questions) == []
    assert sum(1 for q in questions if not q.options) == (
        5 if path.name == "web-frameworks.md" else 0
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_no_option_holds_a_status_mark_or_emoji(path):
    marked = [
        o.text_md
        for q in generated(path)
        for o in q.options
        if any(m in o.text_md for m in STATUS_MARKS + "🚀🐢")
    ]
    assert marked == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_explanation_says_why_in_words_before_the_row(path):
    for q in generated(path):
        first = q.explanation_md.split("\n")[0]
        assert first.startswith("The comparison ") and not first.startswith("|"), q.id
        assert len(first.split()) >= 6, q.id


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", clean_cell(text).casefold()))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_value_option_comes_from_its_questions_row(path):
    """Options are of the answer's category: a row's value, a compared thing or a status
    word; never another kind of row's value ("Uvicorn, Hypercorn, Daphne" offered as
    example frameworks, "Many requests per event loop" as a specification). No two rows
    of a shipped table are of one kind, so every value option is its own row's."""
    lines = path.read_text(encoding="utf-8").splitlines()
    headers = headers_of(path)
    foreign = []
    for q in generated(path):
        row = lines[q.source_line - 1]
        assert row.startswith("|"), (q.id, row)
        in_row = words_of(row)
        for option in q.options:
            text = option.text_md
            if text in headers or text in ("Yes", "Partly", "No"):
                continue
            if not words_of(text) <= in_row:
                foreign.append((q.id, text))
    assert foreign == []
