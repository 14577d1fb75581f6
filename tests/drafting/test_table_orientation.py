"""Tables told apart (issue 19): subjects as columns, as rows (transposed) or under a
blank header row, and emoji-only values put into words from the article's legend."""

from __future__ import annotations

from quiz.banks import parse_text
from quiz.drafting import draft_bank
from quiz.drafting.article import Table
from quiz.drafting.legend import emoji_only, in_words, read_legend, rows_in_words
from quiz.drafting.quality import subjects_as_features
from quiz.drafting.tables import oriented, subject_matcher, subject_matchers

IS_SUBJECT = subject_matcher(["FastAPI", "Flask", "Django"])


def table(headers, rows):
    return Table(10, headers, rows, list(range(11, 11 + len(rows))))


def test_a_table_with_the_subjects_as_columns_is_kept_as_it_is():
    t = table(["Feature", "FastAPI", "Flask", "Django"], [["ORM", "No", "No", "Yes"]])
    assert oriented(t, IS_SUBJECT) == (t, None)


def test_a_transposed_table_is_turned_so_the_subjects_are_the_columns():
    t = table(
        ["Framework", "Async support", "Learning curve"],
        [
            ["FastAPI", "✅ Native", "Moderate"],
            ["Flask", "🟡 Partial", "Easy"],
            ["Django", "🟡", "Steep"],
        ],
    )
    turned, noun = oriented(t, IS_SUBJECT)
    assert noun == "framework"  # what the corner says the rows are
    assert turned.headers == ["Feature", "FastAPI", "Flask", "Django"]
    assert turned.rows == [
        ["Async support", "✅ Native", "🟡 Partial", "🟡"],
        ["Learning curve", "Moderate", "Easy", "Steep"],
    ]


def test_a_blank_header_row_gives_way_to_the_first_body_row():
    t = table(
        ["", "", "", ""],
        [["**Feature**", "**FastAPI**", "**Flask**", "**Django**"], ["ORM", "No", "No", "Yes"]],
    )
    turned, noun = oriented(t, IS_SUBJECT)
    assert turned.headers == ["Feature", "FastAPI", "Flask", "Django"]
    assert turned.rows == [["ORM", "No", "No", "Yes"]] and turned.row_lines == [12]
    assert noun is None


def test_a_subject_matches_the_longer_name_of_its_section():
    is_subject = subject_matcher(["Apache Kafka", "RabbitMQ"])
    assert is_subject("Kafka") and is_subject("**RabbitMQ**")
    assert not is_subject("Ordering guarantee") and not is_subject("")


TRANSPOSED_ARTICLE = """# FastAPI, Flask and Django

## What is FastAPI?

FastAPI is a web framework for building APIs with **type hints**.

## What is Flask?

Flask is a micro web framework built on **WSGI**.

## What is Django?

Django is a full-stack web framework with an **ORM**.

## Feature comparison

| Framework | Async support | Learning curve | Request validation |
|---|---|---|---|
| FastAPI | ✅ Native | Moderate | Pydantic models |
| Flask | 🟡 Partial (since 2.0) | Easy | Manual or WTForms |
| Django | 🟡 Partial (views only) | Steep | Forms and serializers |
"""


def test_a_transposed_table_drafts_the_same_questions_as_the_table_the_right_way_round():
    right_way = TRANSPOSED_ARTICLE.split("| Framework")[0] + (
        "| Feature | FastAPI | Flask | Django |\n|---|---|---|---|\n"
        "| Async support | ✅ Native | 🟡 Partial (since 2.0) | 🟡 Partial (views only) |\n"
        "| Learning curve | Moderate | Easy | Steep |\n"
        "| Request validation | Pydantic models | Manual or WTForms | Forms and serializers |\n"
    )

    def generated(text):
        markdown = draft_bank(text).markdown
        bank = parse_text(markdown, path="d.md", max_bytes=len(markdown) * 4).bank
        return [
            (q.prompt_md, [o.text_md for o in q.options])
            for q in bank.questions
            if q.generated_from
        ]

    turned = generated(TRANSPOSED_ARTICLE)
    assert len(turned) == 9  # three rows, three facts each
    # the same facts, asked the same way; only the Compare noun comes from the corner
    assert turned == generated(right_way.replace("Compare: framework", ""))
    subjects = {"FastAPI", "Flask", "Django"}
    for prompt, _options in turned:
        assert not any(f"'s {s}" in prompt or f"What {s} " in prompt for s in subjects), prompt
    assert ("Which framework supports async natively?", ["FastAPI", "Flask", "Django"]) in turned


def test_a_legend_puts_emoji_only_values_into_words():
    legend = read_legend(["Legend: 🟢 = good, 🟡 = fair, 🔴 = poor"])
    assert legend == {"🟢": "Good", "🟡": "Fair", "🔴": "Poor"}
    assert in_words("🔴", legend) == "Poor"
    assert in_words(" 🟢 ", legend) == "Good"
    assert in_words("✅ Built in", legend) == "✅ Built in"  # words: kept as they are
    assert in_words("⭐⭐", legend) is None  # nothing says what two stars are


def test_one_emoji_with_words_after_it_is_no_legend():
    assert read_legend(["🚀 - Fast startup", "🔽 = smaller is better: more arrows"]) == {}


def test_emoji_only_is_emoji_without_words_or_status_mark():
    assert emoji_only("🔽🔽") and emoji_only("⭐")
    assert not emoji_only("✅") and not emoji_only("🚀 Fast") and not emoji_only("")


def test_a_row_of_values_no_legend_explains_is_left_out_with_its_line():
    t = table(
        ["Capability", "A", "B"],
        [["Logs", "🟢", "🔴"], ["Setup effort", "⭐⭐", "⭐"], ["Price", "Free", "Paid"]],
    )
    kept, unsaid = rows_in_words(t, {"🟢": "Good", "🔴": "Poor"})
    assert kept == [["Logs", "Good", "Poor"], ["Price", "Free", "Paid"]]
    assert unsaid == [("Setup effort", 12)]


def test_a_drafted_emoji_row_without_legend_is_a_todo_at_its_line_and_no_option():
    text = TRANSPOSED_ARTICLE.split("## Feature")[0] + (
        "## Speed\n\n| Feature | FastAPI | Flask | Django |\n|---|---|---|---|\n"
        "| Startup | 🔽 | 🔽🔽 | 🔽🔽🔽 |\n| Learning curve | Moderate | Easy | Steep |\n"
    )
    draft = draft_bank(text)
    assert any("“Startup” (line 19)" in note for note in draft.notes)
    assert "🔽" not in draft.markdown and "| Startup" not in draft.markdown
    assert "| Learning curve | Moderate | Easy | Steep |" in draft.markdown


def test_rows_named_after_another_tables_compared_things_are_subjects():
    features = table(["Feature", "Requests", "HTTPX", "aiohttp"], [["Async", "No", "Yes", "Yes"]])
    speed = table(
        ["Library", "Requests/sec", "Peak memory"],
        [
            ["Requests", "820", "31 MB"],
            ["HTTPX (sync)", "910", "35 MB"],
            ["aiohttp", "3,100", "33 MB"],
        ],
    )
    subject_in = subject_matchers([], [features, speed])
    assert oriented(features, subject_in[id(features)]) == (features, None)
    turned, noun = oriented(speed, subject_in[id(speed)])
    assert (
        turned.headers == ["Feature", "Requests", "HTTPX (sync)", "aiohttp"] and noun == "library"
    )


def test_the_quality_count_finds_a_table_row_named_after_a_subject():
    misread = (
        "---\nbank: b\ntitle: B\n---\n\n# What is Flask\n\n"
        "## What is Flask, and what is it for? {#f}\n\nKey points:\n- WSGI\n\n"
        "# Table\n\nCompare: framework\n"
        "| Framework | Async support | Learning curve |\n|---|---|---|\n"
        "| Flask | Partial | Easy |\n| Django | Partial (views) | Steep |\n"
    )
    bank = parse_text(misread, path="b.md").bank
    found = subjects_as_features(misread, bank.questions)
    # Flask is a subject (the draft asks what it is); Django is named nowhere else
    assert {label for _q, label in found} == {"Flask"}
    turned = misread.replace(
        "| Framework | Async support | Learning curve |\n|---|---|---|\n"
        "| Flask | Partial | Easy |\n| Django | Partial (views) | Steep |\n",
        "| Feature | Flask | Django |\n|---|---|---|\n"
        "| Async support | Partial | Partial (views) |\n| Requests-compatible API | Flask | x |\n",
    )
    assert subjects_as_features(turned, parse_text(turned, path="b.md").bank.questions) == []
