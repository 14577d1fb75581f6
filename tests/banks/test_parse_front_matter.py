"""Bank parser: front matter (the bank's id, title and other keys) and its errors.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from quiz.banks import parse_text
from tests.banks.parse_helpers import errors, ok, src, the_error, warnings


def test_front_matter_fields_and_comments_are_read():
    text = src(
        "# T",
        "## Q {#q}",
        "Answer: x",
        "> because",
        front=(
            "---",
            "bank: web-frameworks            # required: the bank's stable id",
            "title: FastAPI, Flask and Django # required",
            "description: Interview questions on three Python web frameworks.   # optional",
            "---",
        ),
    )
    bank = ok(text)
    assert bank.id == "web-frameworks"
    assert bank.title == "FastAPI, Flask and Django"
    assert bank.description == "Interview questions on three Python web frameworks."
    assert bank.meta == {}


def test_no_front_matter_is_an_error_at_line_1():
    err = the_error(parse_text("# T\n## Q {#q}\nAnswer: x\n> e\n"))
    assert err.line == 1
    assert err.message == "no front matter: start the file with --- / bank: ... / title: ... / ---"


def test_unclosed_front_matter_is_an_error_at_line_1():
    err = the_error(parse_text("---\nbank: a\ntitle: b\n# T\n"))
    assert (err.line, "not closed" in err.message) == (1, True)


def test_missing_bank_and_title_are_both_reported_at_line_1():
    result = parse_text(
        src("# T", "## Q {#q}", "Answer: x", "> e", front=("---", "description: d", "---"))
    )
    assert result.bank is None
    assert [(line, msg.split(":")[0]) for line, msg in errors(result)] == [
        (1, "front matter has no 'bank"),
        (1, "front matter has no 'title"),
    ]


def test_bank_id_that_is_not_a_slug_is_an_error_at_its_line_naming_the_fix():
    err = the_error(
        parse_text(src("# T", front=("---", "title: T", "bank: Web Frameworks", "---")))
    )
    assert err.line == 3
    assert "not a lowercase slug" in err.message and "bank: web-frameworks" in err.message


def test_invalid_yaml_in_front_matter_is_reported_with_its_line():
    err = the_error(
        parse_text(src("# T", front=("---", "bank: demo", "title: [oops", "x: y", "---")))
    )
    assert err.line in (3, 4, 5)
    assert "not valid YAML" in err.message


def test_front_matter_that_is_not_a_mapping_is_an_error():
    err = the_error(parse_text("---\n- a\n- b\n---\n# T\n"))
    assert err.line == 1 and "YAML mapping" in err.message


def test_unknown_front_matter_key_is_kept_as_meta_with_a_warning_at_its_line():
    result = parse_text(
        src(
            "# T",
            "## Q {#q}",
            "Answer: x",
            "> e",
            front=("---", "bank: b", "title: t", "owner: Ann", "---"),
        )
    )
    assert result.errors == []
    assert result.bank.meta == {"owner": "Ann"}
    assert warnings(result) == [
        (4, "unknown front-matter key 'owner' is kept as metadata; "
         "the app reads only bank, title, description, misconception_cap")
    ]  # fmt: skip
