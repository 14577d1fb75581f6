"""Moodle XML: a golden bank of every kind, the writer, the round trip bank -> Moodle XML
-> bank, and hostile or broken XML."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from quiz.formats import convert, to_moodle_xml
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

FIXTURE = "moodle-every-kind.xml"


def test_every_kind_fixture_matches_the_golden_bank():
    result = convert_fixture(FIXTURE, None, title="Web frameworks from Moodle XML")
    assert result.format == "moodle-xml"
    assert_matches_golden(result, "moodle-every-kind.expected.md")
    assert result.bank is not None
    q = by_id(result.bank)
    assert {k: v.kind for k, v in q.items()} == {
        "admin-panel": "single",
        "django-batteries": "multiple",
        "flask-on-asgi": "single",
        "flask-gateway": "short",
        "fastapi-concurrency": "open",
        "gil": "open",
        "diagram": "single",
    }
    # HTML cleaned to Markdown: bold, links, lists and code kept
    assert q["admin-panel"].prompt_md == "Which framework ships an **auto-generated** admin panel?"
    assert "[the docs](https://docs.djangoproject.com/)" in q["admin-panel"].explanation_md
    assert q["admin-panel"].tags == ["admin", "web-frameworks"]
    assert "- and of `async def`" in q["fastapi-concurrency"].prompt_md
    assert "```\nGET / HTTP/1.1\n```" in q["diagram"].prompt_md
    assert q["flask-gateway"].answers == ["WSGI", "Web Server Gateway Interface"]
    assert q["gil"].key_points == [
        ["one thread at a time", "single thread"],
        ["released during I/O"],
    ]
    assert [t.title for t in result.bank.topics] == ["Async support", "Explaining"]


def test_unsupported_questions_and_embedded_files_are_reported_at_their_lines():
    result = convert_fixture(FIXTURE, "moodle-xml")
    assert [(line, msg.split(" '", 1)[0]) for line, msg in notices_at(result)] == [
        (40, "short answer question"),  # the 50% answer left out
        (51, "essay question"),  # key points drafted
        (68, "essay question"),  # no grader information: skipped
        (72, "embedded file"),
        (80, "matching question"),
        (85, "numerical question"),
        (90, "embedded answers (cloze) question"),
    ]
    assert "'layers.png' in the question text at line 72 (base64 data): not supported" in str(
        result.notices[3]
    )
    assert result.summary == "7 questions converted, 4 not supported"


@pytest.mark.parametrize("path", ROUND_TRIP_BANKS, ids=lambda p: p.name)
def test_round_trip_bank_to_moodle_xml_to_bank(path):
    bank = shipped_bank(path)
    xml = to_moodle_xml(bank)
    result = convert(
        xml.encode(), f"{bank.id}.xml", "moodle-xml", bank_id=bank.id, title=bank.title
    )
    assert result.ok, [str(e) for e in result.errors]
    assert result.notices == []
    assert result.bank is not None

    def key(q):  # Moodle XML has no difficulty
        return round_trip_key(dataclasses.replace(q, difficulty=None))

    assert [key(q) for q in result.bank.questions] == [key(q) for q in bank.questions]


def test_writer_grades_are_moodle_grades_and_every_box_ticked_earns_nothing():
    bank = shipped_bank(ROUND_TRIP_BANKS[0])
    root = ET.fromstring(to_moodle_xml(bank))
    multiple = next(q for q in root.iter("question") if q.findtext("single") == "false")
    fractions = [float(a.get("fraction")) for a in multiple.iter("answer")]
    assert fractions == [50, 50, -100]
    assert all(abs(f) in MOODLE_FRACTIONS for f in fractions)
    essay = next(q for q in root.iter("question") if q.get("type") == "essay")
    grader = essay.findtext("graderinfo/text")
    assert grader.startswith("Model answer: FastAPI is ASGI-based")
    assert "Key points:\n- async/await | asynchronous | coroutines" in grader
    short = next(q for q in root.iter("question") if q.get("type") == "shortanswer")
    assert [a.findtext("text") for a in short.iter("answer")] == [
        "WSGI",
        "Web Server Gateway Interface",
    ]
    categories = [
        q.findtext("category/text") for q in root.iter("question") if q.get("type") == "category"
    ]
    assert categories == [
        "$course$/top/Every kind/Basics",
        "$course$/top/Every kind/Summary",
        "$course$/top/Every kind/When to use what",
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="shortanswer"><questiontext><text>&lol3;</text></questiontext>
</question></quiz>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&x;</text></questiontext></question></quiz>
"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "3: the XML declares entities (<!ENTITY ...>), which are refused"),
        (EXTERNAL, "2: the XML declares entities"),
        (
            b'<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n<name>',
            "4: the XML is not well-formed: the XML ends before it is complete",
        ),
        (b"<quiz>\n<question></quiz>", "2: the XML is not well-formed: mismatched tag"),
        (b'<?xml version="1.0"?>\n<html><body/></html>', "2: this is XML but not Moodle XML"),
        (b"::a::Q? {=a ~b}\n", "this file looks like GIFT, not Moodle XML"),
        (b"<quiz></quiz>", "no Moodle XML questions found in the file"),
    ],
)
def test_bad_xml_gets_a_clear_message(data, message):
    errors = refused(data, "x.xml", "moodle-xml")
    assert errors and errors[0].startswith(message), errors
