"""Recommendations become scenario questions (issue 19): "When to use X" lists, "X is best
for" lists, "Choose X if …" conclusions; the subjects are the options."""

from __future__ import annotations

from quiz.banks import parse_text
from quiz.drafting import draft_bank
from quiz.drafting.article import ListBlock, Paragraph, heading_kind
from quiz.drafting.scenarios import heading_subject, recommendation, recommendations

SUBJECTS = ["FastAPI", "Flask", "Django"]


def test_a_recommendation_gives_its_subject_how_and_situation():
    assert recommendation("Choose Flask if you want a minimal core.", SUBJECTS) == (
        "Flask",
        "if",
        "you want a minimal core",
    )
    assert recommendation("**Django** is the best choice when you need an admin", SUBJECTS) == (
        "Django",
        "when",
        "you need an admin",
    )
    assert recommendation("Use FastAPI for ML model serving", SUBJECTS) == (
        "FastAPI",
        "for",
        "ML model serving",
    )


def test_a_sentence_recommending_several_subjects_or_none_is_no_recommendation():
    assert recommendation("Choose Flask for small apps and Django for big ones", SUBJECTS) is None
    assert recommendation("Flask is a micro framework", SUBJECTS) is None
    assert recommendation("Choose wisely if you can", SUBJECTS) is None


def test_the_answer_named_again_in_its_situation_is_it():
    said = recommendation("Pick MySQL when your host only offers MySQL.", ["MySQL", "SQLite"])
    assert said == ("MySQL", "when", "your host only offers it")


def test_a_vendor_name_may_be_dropped():
    said = recommendation("Kafka is best for event sourcing.", ["Apache Kafka", "NATS"])
    assert said == ("Apache Kafka", "for", "event sourcing")


def test_headings_that_recommend_are_when_to_use_and_name_their_subject():
    for heading in ("When to use FastAPI", "PostgreSQL is best for", "Choose Django if"):
        assert heading_kind(heading) == "when", heading
    assert heading_subject("When to use FastAPI", SUBJECTS) == "FastAPI"
    assert heading_subject("Django is best for", SUBJECTS) == "Django"
    assert heading_subject("When to use each framework", SUBJECTS) is None
    assert heading_kind("Best for") == "uses"  # under a subject's own section: its uses


def test_a_conclusion_paragraph_recommending_two_subjects_is_read_as_a_list():
    paragraph = Paragraph(
        40,
        "There is no single winner. Choose FastAPI if you build an API. "
        "Choose Django if you need an admin.",
    )
    block = recommendations(paragraph, SUBJECTS)
    assert isinstance(block, ListBlock) and block.item_lines == [40, 40, 40]
    one = Paragraph(41, "Choose FastAPI if you build an API. FastAPI is fast.")
    assert recommendations(one, SUBJECTS) is None  # one subject: no choice among them


ARTICLE = """# FastAPI, Flask and Django

## What is FastAPI?

FastAPI is a web framework for building APIs with **type hints**.

## What is Flask?

Flask is a micro web framework built on **WSGI**.

## What is Django?

Django is a full-stack web framework with an **ORM**.

## When to use each

### When to use Flask

- Small services and prototypes where you choose every component

## Conclusion

Choose FastAPI if you are building an API-first service.
Choose Django if you need an admin on day one.
"""


def test_when_to_use_lists_and_conclusions_draft_scenario_questions_among_the_subjects():
    markdown = draft_bank(ARTICLE).markdown
    bank = parse_text(markdown, path="d.md", max_bytes=len(markdown) * 4).bank
    asked = {
        q.prompt_md: ([o.text_md for o in q.options if o.correct], q.explanation_md)
        for q in bank.questions
        if q.kind == "single"
    }
    which = "Which framework fits best?"
    flask = asked[
        "You need a framework for small services and prototypes where you choose every "
        f"component. {which}"
    ]
    assert flask[0] == ["Flask"]
    assert "recommends Flask for small services" in flask[1] and "line 19" in flask[1]
    assert asked[f"You are building an API-first service. {which}"][0] == ["FastAPI"]
    django = asked[f"You need an admin on day one. {which}"]
    assert django[0] == ["Django"] and "recommends Django if you need an admin" in django[1]
    for q in bank.questions:
        if q.kind == "single":
            assert [o.text_md for o in q.options] == ["FastAPI", "Flask", "Django"]


def test_one_sentence_recommending_each_subject_in_turn_is_read_one_subject_at_a_time():
    databases = ["SQLite", "MySQL", "PostgreSQL"]
    paragraph = Paragraph(
        9,
        "Each excels somewhere. Choose SQLite for embedded and single-user applications, "
        "MySQL for read-heavy web applications, and PostgreSQL when you need complex queries.",
    )
    block = recommendations(paragraph, databases)
    said = [recommendation(item, databases) for item in block.items]
    assert said == [
        None,
        ("SQLite", "for", "embedded and single-user applications"),
        ("MySQL", "for", "read-heavy web applications"),
        ("PostgreSQL", "when", "you need complex queries"),
    ]


def scenarios(items, heading, subjects=SUBJECTS):
    from quiz.drafting.article import Section
    from quiz.drafting.scenarios import scenario_questions

    block = ListBlock(20, items, list(range(21, 21 + len(items))))
    section = Section("When to use what", "", 19, "When to use what", False)
    return [
        (q.prompt, [text for text, ok in q.options if ok])
        for q in scenario_questions("w", section, block, subjects, "framework", heading)
    ]


def test_list_items_become_situations_in_the_learners_shoes():
    which = "Which framework fits best?"
    # under a heading naming the subject: a label before a colon is the situation
    assert scenarios(
        ["Admin sites: Django generates one from your models."], "When to use Django"
    ) == [(f"You need a framework for admin sites. {which}", ["Django"])]
    # under "Choose X if" the items are conditions, said as they are
    assert scenarios(["Your team knows Python well"], "Choose Flask if") == [
        (f"Your team knows Python well. {which}", ["Flask"])
    ]
    # an item naming its subject at an edge, under any "when to use" heading
    assert scenarios(["A small JSON API: **FastAPI**"], "") == [
        (f"You need a framework for a small JSON API. {which}", ["FastAPI"])
    ]
