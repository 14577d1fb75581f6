"""GIFT: the Moodle documentation's examples, a golden bank of every kind, the writer and
the round trip bank -> GIFT -> bank, and bad input."""

from __future__ import annotations

import re

import pytest

from quiz.banks.model import Bank, Option, Question, Topic
from quiz.formats import MAX_SOURCE_BYTES, convert, to_gift
from quiz.formats.gift import MOODLE_FRACTIONS
from tests.formats.helpers import (
    ROUND_TRIP_BANKS,
    assert_matches_golden,
    by_id,
    convert_fixture,
    notices_at,
    refused,
    round_trip_key,
    shipped_bank,
)

DOCS = "gift-moodle-docs.gift"


def test_moodle_docs_examples_match_the_golden_bank():
    result = convert_fixture(DOCS, "gift", title="GIFT examples from the Moodle docs")
    assert_matches_golden(result, "gift-moodle-docs.expected.md")
    assert result.summary == "31 questions converted, 13 not supported"


def test_moodle_docs_unsupported_examples_are_reported_at_their_lines():
    result = convert_fixture(DOCS, "gift")
    skipped = [
        (line, msg.split(" ", 1)[0]) for line, msg in notices_at(result) if msg.endswith("skipped")
    ]
    assert skipped == [
        (18, "matching"),  # ::Q4::
        (21, "numerical"),  # ::Q5:: {#3:2}
        (24, "numerical"),  # ::Q6:: {#1..5}
        (28, "numerical"),  # ::Q7:: several numeric answers
        (34, "essay"),  # ::Q8:: How are you? {} (no feedback to draft key points from)
        (78, "matching"),  # countries and capitals
        (96, "numerical"),
        (98, "numerical"),
        (100, "numerical"),
        (102, "numerical"),
        (109, "essay"),  # Dag Hammarskjöld
        (113, "description"),
        (118, "numerical"),  # What's 2 plus 2? {#4}
    ]
    lines = (re.sub(r"\s+", " ", ln) for ln in open_fixture_lines(DOCS))
    texts = dict(enumerate(lines, start=1))
    assert texts[18].startswith("::Q4::") and texts[113].startswith("You can use your pencil")
    assert (
        "essay question 'How are you?' at line 34: an open question needs key points"
        in [msg for _, msg in notices_at(result)][4]
    )


def open_fixture_lines(name: str) -> list[str]:
    from tests.formats.helpers import FORMATS_DIR

    return (FORMATS_DIR / name).read_text(encoding="utf-8").split("\n")


def test_moodle_docs_supported_examples_convert_correctly():
    result = convert_fixture(DOCS, "gift")
    assert result.bank is not None
    q = by_id(result.bank)
    # true/false -> single choice True/False
    assert (q["q1"].kind, q["q1"].prompt_md) == ("single", "1+1=2")
    assert [(o.text_md, o.correct) for o in q["q1"].options] == [("True", True), ("False", False)]
    assert [o.correct for o in q["falsestatement-about-sun"].options] == [False, True]
    # multiple choice, per-answer feedback kept in the explanation
    assert [o.text_md for o in q["q2"].options if o.correct] == ["yellow"]
    assert "*red*: wrong, it's yellow" in q["q2"].explanation_md
    tomb = q["grants-tomb"]
    assert [o.text_md for o in tomb.options] == [
        "Grant",
        "No one",
        "Napoleon",
        "Churchill",
        "Mother Teresa",
    ]
    assert "*Napoleon*: He was buried in France" in tomb.explanation_md
    # several right answers with weights -> multiple select
    two = q["what-two-people-are-entombed-in-grant-s-tomb"]
    assert two.kind == "multiple"
    assert [o.text_md for o in two.options if o.correct] == ["Grant", "Grant's wife"]
    # short answer with every accepted answer; missing word keeps its blank
    assert q["who-s-buried-in-grant-s-tomb-2"].answers == [
        "Grant",
        "Ulysses S. Grant",
        "Ulysses Grant",
    ]
    assert (q["q3"].prompt_md, q["q3"].answers) == ("Two plus _____ equals four.", ["two", "2"])
    assert q["thanksgiving-date"].prompt_md.startswith(
        "The American holiday of Thanksgiving is celebrated on the _____"
    )
    assert q["kanji-origins"].prompt_md == "Japanese characters originally came from what country?"
    # true/false feedback: the first is for the wrong answer
    assert (
        q["grant-is-buried-in-grant-s-tomb"].explanation_md
        == "- *True*: No one is buried in Grant's tomb."
    )
    # general feedback first, then the per-answer feedback
    licks = q["how-many-licks-does-it-take-to-get-to-the-center-of-a-tootsie-roll-pop"]
    assert licks.explanation_md.startswith("The world may never know.\n\n- *Three*")
    # partial credit is not this app's: the 100% answer is the right one, with a notice
    assert [o.text_md for o in q["jesus-hometown"].options if o.correct] == ["Nazareth"]
    assert q["jesus-hometown-2"].answers == ["Nazareth"]
    assert any("partial or no credit 'Nazereth', 'Bethlehem'" in m for _, m in notices_at(result))
    # escapes: \~ \= \# \{ \} \\ and \: in a title and in text
    control = q["gift-control-characters"]
    assert [o.text_md for o in control.options] == ["~", "\\=", "\\#", "{", "}", "\\\\"]
    assert [o.correct for o in control.options][-1] is True
    assert q["colon-title-with-an-escaped-colon"].prompt_md == "Moodle calls the time: 12:30"
    # categories -> topics (last part of the path)
    assert q["who-s-buried-in-grant-s-tomb-4"].topic_slug == "harry"
    # [markdown] kept, [html] cleaned, [plain] escaped, \n a line break inside the text
    assert (
        q["which-of-these-is-a-prime-number"].prompt_md == "Which of these is a **prime** number?"
    )
    assert (
        "*American holiday of Thanksgiving*"
        in q[
            "the-american-holiday-of-thanksgiving-is-celebrated-on-the-thursday-of-november"
        ].prompt_md
    )
    assert q["is-2-3-6-written-with-stars"].prompt_md == "Is 2 \\* 3 = 6 written with \\*stars\\*?"
    assert q["newline"].prompt_md == "First line second line of the same question?"


def test_every_kind_fixture_matches_the_golden_bank():
    result = convert_fixture("gift-every-kind.gift", "gift", title="Web frameworks from GIFT")
    assert_matches_golden(result, "gift-every-kind.expected.md")
    assert result.bank is not None
    kinds = {q.id: q.kind for q in result.bank.questions}
    assert kinds == {
        "admin-panel": "single",
        "django-batteries": "multiple",
        "asgi-flask": "single",
        "flask-gateway": "short",
        "fastapi-concurrency": "open",
        "gil": "open",
        "escapes": "single",
    }
    gil = by_id(result.bank)["gil"]
    assert gil.key_points == [["one thread at a time", "single thread"], ["released during I/O"]]
    assert gil.explanation_md == "Model answer: it lets one thread run Python bytecode at a time."
    drafted = by_id(result.bank)["fastapi-concurrency"]
    assert drafted.key_points == [
        ["FastAPI runs on an ASGI server"],
        ["Its async endpoints yield to the event loop while they wait"],
    ]
    assert notices_at(result) == [
        (
            26,
            "essay question 'Why can FastAPI serve many slow I/O-bound requests at once?' at "
            "line 26: the source has no key points, so 2 were drafted from its feedback, one "
            "per sentence: review them",
        )
    ]
    assert [t.title for t in result.bank.topics] == ["Async support", "Escapes and formats"]


@pytest.mark.parametrize("path", ROUND_TRIP_BANKS, ids=lambda p: p.name)
def test_round_trip_bank_to_gift_to_bank(path):
    bank = shipped_bank(path)
    result = convert(
        to_gift(bank).encode(), f"{bank.id}.gift", "gift", bank_id=bank.id, title=bank.title
    )
    assert result.ok, [str(e) for e in result.errors]
    assert result.notices == []
    assert result.bank is not None
    assert [round_trip_key(q) for q in result.bank.questions] == [
        round_trip_key(q) for q in bank.questions
    ]
    assert [t.title for t in result.bank.topics] == [t.title for t in bank.topics if t.questions]


def _bank(*questions: Question) -> Bank:
    return Bank(
        id="b",
        title="B / C",
        topics=[Topic(slug="t", title="Loops and/or sets", questions=list(questions))],
    )


def test_writer_multiple_select_weights_sum_to_100_and_wrong_boxes_to_minus_100():
    q = Question(
        id="pick",
        kind="multiple",
        prompt_md="Pick",
        topic_slug="t",
        options=[
            Option("a", True),
            Option("b", True),
            Option("c", True),
            Option("d", False),
            Option("e", False),
        ],
    )
    gift = to_gift(_bank(q))
    weights = [float(w) for w in re.findall(r"~%(-?[\d.]+)%", gift)]
    assert weights == [33.33333, 33.33333, 33.33333, -50, -50]
    assert all(abs(w) in MOODLE_FRACTIONS for w in weights)
    assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.001)
    assert sum(weights) == pytest.approx(0, abs=0.001)  # ticking every box earns nothing
    assert "=" not in gift.split("::pick::", 1)[1]  # no '=': Moodle reads several answers


def test_writer_short_answer_open_question_and_categories():
    short = Question(
        id="s", kind="short", prompt_md="Name it", topic_slug="t", answers=["a=b", "c {d}"]
    )
    essay = Question(
        id="o",
        kind="open",
        prompt_md="Explain",
        topic_slug="t",
        key_points=[["x | y", "z"]],
        explanation_md="Model answer: because.",
    )
    gift = to_gift(_bank(short, essay))
    assert "$CATEGORY: $course$/top/B // C/Loops and//or sets" in gift
    assert "::s::[markdown]Name it {\n=a\\=b\n=c \\{d\\}\n}" in gift
    assert (
        "::o::[markdown]Explain {\n####Model answer\\: because."
        "\\n\\nKey points\\:\\n- x \\\\| y | z\n}" in gift
    )


def test_unclosed_brace_is_an_error_at_its_line_and_other_questions_still_convert():
    data = b"::a::First? {=yes ~no}\n\n// c\n::b::Second?\n{=yes\n~no\n\n::c::Third? {T}\n"
    result = convert(data, "x.gift", "gift")
    assert [str(e) for e in result.errors] == [
        "5: '{' at line 5 is never closed: end the answers with '}' "
        "(or write \\{ for a literal brace)"
    ]
    assert not result.ok and result.converted == 2 and "## Third?" in result.markdown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<quiz><question type="truefalse"/></quiz>',
            "this file looks like Moodle XML, not GIFT",
        ),
        (
            b"Just some notes.\n\nNothing else.\n",
            "no question in this GIFT file can be converted "
            "(0 questions converted, 2 not supported)",
        ),
        (b"", "the file is empty"),
        (b"Q? {=a}\n\xff\xfe", "2: not valid UTF-8"),
        (b"Q? {nonsense}\n", "1: question 'Q?': cannot read its answers {nonsense}"),
        (b"Q? {~a ~b}\n", "1: multiple choice question 'Q?': no answer is right"),
    ],
)
def test_bad_gift_input_gets_a_clear_message(data, message):
    errors = refused(data, "x.gift", "gift")
    assert any(e.startswith(message) for e in errors), errors


def test_a_50_mb_file_is_refused_before_reading():
    result = convert(b"x" * 50_000_000, "big.gift", "gift")
    assert [str(e) for e in result.errors] == [
        f"the file is 50,000,000 bytes, over the limit of {MAX_SOURCE_BYTES:,} bytes"
    ]
