"""Drafts of comparison articles found in the wild have nothing an instructor must fix
(issue 19): every defect ``quiz.drafting.quality`` counts is zero on every article in
tests/data/articles/, the tuning ones and the held-out ones alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.banks import Option, parse_text
from quiz.drafting import DraftError, draft_bank
from quiz.drafting.quality import draft_defects, question_defects, shared_option_sets

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
NOT_COMPARISONS = {"changelog-guide.md", "ssh-keys-howto.md"}
ALL = sorted(ARTICLES.glob("*.md")) + sorted((ARTICLES / "held-out").glob("*.md"))
COMPARISONS = [p for p in ALL if p.name not in NOT_COMPARISONS]


def test_the_corpus_has_twelve_articles_four_of_them_held_out():
    assert len(ALL) >= 12 and len(list((ARTICLES / "held-out").glob("*.md"))) >= 4


@pytest.mark.parametrize("path", COMPARISONS, ids=lambda p: p.name)
def test_every_defect_count_is_zero(path):
    draft = draft_bank(path.read_bytes())
    quality = draft_defects(draft)
    assert sum(quality.kinds.values()) >= 5
    assert quality.total_defects == 0, quality.examples


@pytest.mark.parametrize("name", sorted(NOT_COMPARISONS))
def test_a_text_that_is_not_a_comparison_is_refused_with_the_reason(name):
    [path] = [p for p in ALL if p.name == name]
    with pytest.raises(DraftError, match="nothing could be drafted"):
        draft_bank(path.read_bytes())


def test_the_defect_counter_finds_each_defect_it_names():
    bank = parse_text(
        "---\nbank: b\ntitle: B\n---\n\n# T\n\n| Feature | A | B | C |\n| - | - | - | - |\n"
        "| Speed | fast | slow | slow |\n",
        path="b.md",
    ).bank
    [q] = bank.questions
    assert question_defects(q) == []
    q.options = [Option("[fast](#green) ✅", False), Option("x" * 161, False)]
    found = {name for name, _text in question_defects(q)}
    assert found == {
        "unanswerable",
        "markup or U+FFFD",
        "option > 160 chars",
        "emoji or mark in option",
    }
    q.options = [Option("Yes", True)]
    q.prompt_md = "What is title: x at https://example.com?"
    found = {name for name, _text in question_defects(q)}
    assert found == {"one option", "front matter or URL"}
    q.options = [Option("Fast 🚀", True), Option("Slow", False)]  # no status mark, an emoji
    q.prompt_md = "Which is fast?"
    assert {name for name, _text in question_defects(q)} == {"emoji or mark in option"}
    q.options = []
    q.key_points = [["the system"], ["here"], ["that store"], ["WSGI", "on disk"]]
    empty = [text for name, text in question_defects(q) if name == "empty key point"]
    assert empty == ["the system", "here", "that store"]


def test_front_matter_gives_the_title_and_description_and_is_never_drafted():
    draft = draft_bank((ARTICLES / "databases-tutorial.md").read_bytes())
    head = draft.markdown.split("---")[1]
    assert "title: 'SQLite vs MySQL vs PostgreSQL: A Comparison" in head
    assert "description: 'This article compares three" in head
    assert "date:" not in draft.markdown and "www.example-tutorials.com" not in draft.markdown


def test_badges_and_one_word_exclamations_are_not_the_description():
    draft = draft_bank((ARTICLES / "http-clients-readme.md").read_bytes())
    head = draft.markdown.split("---")[1]
    assert "description: 'This repository benchmarks and compares" in head


def test_a_status_mark_with_extra_emoji_is_written_as_the_mark_and_links_keep_their_text():
    clients = draft_bank((ARTICLES / "http-clients-readme.md").read_bytes()).markdown
    assert "| Performance | ✅ | ✅ | ✅ |" in clients
    ci = draft_bank((ARTICLES / "ci-systems.md").read_bytes()).markdown
    assert "(#green)" not in ci and "| Orbs |" in ci


def test_the_defect_counter_finds_sibling_questions_offering_the_same_options():
    bank = parse_text(
        "---\nbank: b\ntitle: B\n---\n\n# T\n\n| Feature | A | B | C |\n| - | - | - | - |\n"
        "| Speed | fast | slow | medium |\n",
        path="b.md",
    ).bank
    assert shared_option_sets(bank.questions) == []
    which = next(q for q in bank.questions if {o.text_md for o in q.options} == {"A", "B", "C"})
    typed = next(q for q in bank.questions if not q.options)
    typed.options = list(which.options)
    assert shared_option_sets(bank.questions) in ([typed], [which])
