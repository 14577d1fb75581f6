"""Bank parser: slugs, explicit and derived question ids, duplicate ids, lengths.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.banks import parse_text, slugify
from tests.banks.parse_helpers import ok, src, the_error


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


def test_topic_in_a_non_latin_script_gets_a_stable_ascii_slug():
    bank = ok(src("# 日本語", "## Q {#q}", "Answer: x", "> e"))
    assert bank.topics[0].title == "日本語"
    assert bank.topics[0].slug == slugify("日本語") != ""


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


def test_duplicate_topic_is_an_error():
    err = the_error(
        parse_text(
            src("# T", "## Q {#q}", "Answer: x", "> e", "# T!", "## R {#r}", "Answer: y", "> e")
        )
    )
    assert err.line == 9 and "duplicate topic" in err.message


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
