"""Misconceptions the article drafter proposes from comparison tables (quiz/drafting)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.banks import Bank, Question, parse_text
from quiz.banks.lint import lint_bank
from quiz.drafting import draft_bank
from quiz.scoring import grade
from tests.conftest import DATA_DIR, PROJECT_DIR

SOURCE = Path("/work/shared/source/frameworks-comparison.md")
if not SOURCE.exists():
    SOURCE = PROJECT_DIR.parent / "shared" / "source" / "frameworks-comparison.md"
BROKERS = DATA_DIR / "message-brokers-comparison.md"

ARTICLE = """\
# Python web frameworks

## What is FastAPI?

FastAPI is a modern web framework for building **JSON APIs** with **type hints**.

## What is Flask?

Flask is a lightweight micro web framework with **Jinja2 templates** and a **Werkzeug** core.

## What is Django?

Django is a batteries-included web framework with an **admin site** and its own **ORM**.

## What is Bottle?

Bottle is a single-file micro web framework with **no dependencies** beyond the
**standard library**.

## Summary

| Feature          | FastAPI  | Flask                   | Django    |
| ---------------- | -------- | ----------------------- | --------- |
| Server interface | ASGI     | WSGI                    | WSGI/ASGI |
| Validation       | Pydantic | Pydantic                | Forms     |
| Routing          | Decorators | Decorators and blueprints | Decorators |
| Async views      | ✅ Yes   | 🟡 Yes (with extension) | ✅ Yes    |
| Admin            | ❌ No    | ❌ No                   | ✅ Yes    |
| Learning curve   | 🟡 Moderate | 🟢 Easy              | 🔴 Steep  |
"""


def parsed(markdown: str) -> Bank:
    result = parse_text(markdown, "draft.md", max_bytes=10_000_000)
    assert result.errors == []
    assert result.bank is not None
    return result.bank


def question(bank: Bank, qid: str) -> Question:
    return next(q for q in bank.questions if q.id == qid)


def whys(q: Question) -> str:
    return " ".join(m.why_md for m in q.misconceptions)


def claims(q: Question) -> str:
    return " | ".join(p for m in q.misconceptions for p in m.phrasings)


@pytest.fixture(scope="module")
def drafted():
    draft = draft_bank(ARTICLE)
    return draft, parsed(draft.markdown)


def test_another_subjects_differing_value_becomes_a_misconception_with_a_why(drafted):
    _draft, bank = drafted
    fastapi = question(bank, "fastapi-what")
    wsgi = next(m for m in fastapi.misconceptions if "WSGI-based" in m.phrasings)
    assert "built on WSGI" in wsgi.phrasings
    assert wsgi.why_md == "In the comparison, FastAPI's server interface is ASGI; WSGI is Flask's."
    flask = question(bank, "flask-what")
    assert any("ASGI-based" in m.phrasings for m in flask.misconceptions)
    # one other value shared by two subjects is cited once, for both
    django = question(bank, "django-what")
    (pydantic,) = [m for m in django.misconceptions if "Pydantic" in m.why_md]
    assert pydantic.phrasings == ("Pydantic validation",)
    assert pydantic.why_md.endswith("“Pydantic” is FastAPI's and Flask's.")
    for q in (fastapi, flask, django):
        assert 2 <= len(q.misconceptions) <= 5
        assert all(m.why_md.startswith("In the comparison, ") for m in q.misconceptions)


def test_no_misconception_from_an_equal_or_overlapping_value(drafted):
    _draft, bank = drafted
    fastapi, flask, django = (question(bank, f"{s}-what") for s in ("fastapi", "flask", "django"))
    # FastAPI and Flask both validate with Pydantic; Django's WSGI/ASGI holds either
    assert "Pydantic" not in claims(fastapi) + claims(flask)
    assert "WSGI/ASGI" not in whys(fastapi) + whys(flask)
    assert "server interface" not in whys(django)
    # Flask's "Decorators and blueprints" holds FastAPI's and Django's "Decorators"
    for q in (fastapi, flask, django):
        assert "routing" not in whys(q) and "blueprints" not in claims(q)
    # "Yes" next to "Yes (with extension)", a ❌ No / ✅ Yes row: nothing to propose
    for q in (fastapi, flask, django):
        assert "async views" not in whys(q) and "admin" not in whys(q)
    # neighbouring levels (Moderate next to Easy or Steep) are no clear contradiction
    assert "learning curve" not in whys(fastapi)
    assert any(m.phrasings == ("steep learning curve",) for m in flask.misconceptions)


def test_a_subject_without_comparison_data_gets_a_todo_in_place(drafted):
    draft, bank = drafted
    bottle = question(bank, "bottle-what")
    assert bottle.kind == "open" and bottle.misconceptions == []
    section = draft.markdown.split("{#bottle-what}")[1].split("\n# ")[0]
    key_points, _model_answer = section.split("Key points:")[1].split("> Model answer")
    assert "<!-- TODO: add misconceptions: the wrong claims candidates make -->" in key_points
    assert "bottle-what: add misconceptions: the wrong claims candidates make" in draft.notes
    assert not any(n.startswith(("fastapi-what: add", "flask-what: add")) for n in draft.notes)


def test_the_draft_reads_back_and_its_misconceptions_pass_the_linter(drafted):
    draft, bank = drafted
    found = sum(len(q.misconceptions) for q in bank.questions)
    assert draft.misconceptions == found >= 6
    assert f"misconceptions: {found} proposed from the comparison tables" in draft.summary()
    assert draft_bank(ARTICLE, validate=False).misconceptions == found  # the page's count
    warnings = [d.message for d in lint_bank(bank)]
    assert not [w for w in warnings if "misconception" in w and "bottle-what" not in w]
    assert not [w for w in warnings if "key-point phrasing" in w or "key point" in w]


def test_the_grader_caps_an_answer_that_asserts_one_and_not_the_model_answer(drafted):
    _draft, bank = drafted
    fastapi = question(bank, "fastapi-what")
    model = re.sub(r"^Model answer \(.*?\): ", "", fastapi.explanation_md)
    assert grade(fastapi, model).score == 1.0
    wrong = grade(fastapi, "FastAPI is a WSGI-based web framework for JSON APIs with type hints.")
    assert wrong.misconceptions and wrong.score <= fastapi.misconception_cap < 1


@pytest.mark.parametrize("path", [SOURCE, BROKERS], ids=["frameworks", "brokers"])
def test_the_shipped_articles_get_misconceptions_that_lint_clean(path):
    draft = draft_bank(path.read_bytes())
    bank = parsed(draft.markdown)
    opens = [q for q in bank.questions if q.kind == "open"]
    assert len([q for q in opens if not q.generated_from]) == 3  # the subjects' definitions
    for q in opens:
        assert 2 <= len(q.misconceptions) <= 5, q.id
        assert all(m.why_md.startswith("In the comparison, ") for m in q.misconceptions)
        assert not [
            d for d in lint_bank(bank) if q.id in d.message and "misconception" in d.message
        ]
    assert not any("add misconceptions" in n for n in draft.notes)


def test_the_shipped_article_misconceptions_read_as_the_comparison_says():
    bank = parsed(draft_bank(SOURCE.read_bytes()).markdown)
    fastapi = question(bank, "fastapi-what")
    orm = next(m for m in fastapi.misconceptions if m.phrasings == ("built-in ORM",))
    assert (
        orm.why_md
        == "In the comparison, FastAPI's ORM is “Optional (SQLAlchemy)”; “Built-in” is Django's."
    )
    # FastAPI's own section lists microservices among its use cases: not a misconception
    assert "microservices" not in claims(fastapi)
    flask = question(bank, "flask-what")
    assert any(m.phrasings == ("native async support",) for m in flask.misconceptions)
