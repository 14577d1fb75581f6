"""Issue 21 on the upload page: a file in another tool's format is converted, previewed by
the same Check bank and published by the same Publish; bad files change nothing."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.formats import FORMATS
from quiz.instructor.forms import SOURCE_FORMATS
from quiz.models import Bank, BankVersion, Question
from tests.conftest import count_rows, csrf_token_from
from tests.formats.helpers import FORMATS_DIR
from tests.instructor.helpers import GIFT, NEW, post, textarea


def upload(client, name: str, data: bytes, fmt: str = "auto", url: str = NEW):
    page = client.get(url).get_data(as_text=True)
    fields = {"file": (io.BytesIO(data), name), "source_format": fmt, "check": "Check bank"}
    return post(client, url, page, **fields)


def stored(app) -> tuple[int, int, int]:
    return count_rows(app, Bank), count_rows(app, BankVersion), count_rows(app, Question)


def test_the_format_choice_offers_markdown_and_every_converter():
    values = [choice.value for choice in SOURCE_FORMATS]
    assert values == ["auto", "markdown", *FORMATS]


def test_a_gift_file_is_converted_previewed_with_its_unsupported_questions_then_published(
    instructor, app
):
    response = upload(instructor, "frameworks.gift", GIFT.encode())
    html = response.get_data(as_text=True)
    text = unescape(html)
    assert response.status_code == 200
    assert "Converted from GIFT" in text
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text.split('id="conversion-summary">')[1]))
    assert summary.startswith("frameworks.gift: 3 questions converted; 2 questions not supported")
    notices = text.split('class="conversion-notices">')[1].split("</ul>")[0]
    assert "frameworks.gift:12</code> matching question 'Match each framework" in notices
    assert "frameworks.gift:14</code> numerical question 'In which year" in notices
    # the same preview as a Markdown upload: the converted bank's questions, nothing stored
    assert html.count('class="preview-question"') == 3
    assert "3 questions: 1 short, 2 single." in re.sub(r"\s+", " ", text)
    source = textarea(html)
    assert source.startswith("---\nbank: frameworks\n") and "{#admin-panel}" in source
    assert 'value="Publish"' in html and stored(app) == (0, 0, 0)

    published = post(instructor, NEW, html, source=source, publish="Publish")
    assert published.status_code == 302 and published.location.endswith("/banks/frameworks/")
    with app.app_context():
        keys = set(db.session.scalars(sa.select(Question.key)))
        version = db.session.scalars(sa.select(BankVersion)).one()
    assert keys == {"admin-panel", "gateway", "flask-asgi"}
    assert version.source == source and version.path == "frameworks.md"


def test_a_new_version_converted_from_a_file_keeps_the_banks_id(instructor, app):
    first = upload(instructor, "frameworks.gift", GIFT.encode()).get_data(as_text=True)
    post(instructor, NEW, first, source=textarea(first), publish="Publish")
    url = "/instructor/banks/frameworks/upload"
    again = upload(
        instructor, "renamed-export.gift", GIFT.replace("WSGI}", "WSGI =wsgi}").encode(), url=url
    )
    html = again.get_data(as_text=True)
    assert textarea(html).startswith("---\nbank: frameworks\n")
    assert 'id="diff"' in html and "Changed" in html and stored(app)[0] == 1


def bad_files() -> list[tuple[str, bytes, str, str]]:
    """(file name, bytes, format chosen, message) of files that must change nothing."""
    xml = (FORMATS_DIR / "moodle-every-kind.xml").read_bytes()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz><question type="essay">'
        b"<questiontext><text>&b;</text></questiontext></question></quiz>"
    )
    not_anki, new_anki = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(not_anki, "w") as archive:
        archive.writestr("notes.txt", "not a collection")
    with zipfile.ZipFile(new_anki, "w") as archive:
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd compressed")
    return [
        ("frameworks.gift", GIFT.encode(), "moodle-xml", "looks like GIFT, not Moodle XML"),
        ("quiz.xml", xml[: len(xml) // 2], "auto", "the XML ends before it is complete"),
        (
            "open.gift",
            b"::a::Which? {=x ~y\n\n::b::Next {=z}\n",
            "gift",
            "open.gift:1: '{' at line 1 is never closed",
        ),
        ("deck.apkg", not_anki.getvalue(), "auto", "a zip but not an Anki package"),
        (
            "deck.apkg",
            new_anki.getvalue(),
            "apkg",
            "collection.anki21b), which this reader does not know",
        ),
        ("laughs.xml", laughs, "moodle-xml", "the billion laughs attack"),
        ("notes.bin", b"just some words\n", "auto", "Cannot tell the format of notes.bin"),
    ]


@pytest.mark.parametrize(("name", "data", "fmt", "message"), bad_files())
def test_a_bad_file_gets_a_clear_message_and_changes_nothing(
    instructor, app, name, data, fmt, message
):
    response = upload(instructor, name, data, fmt)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in unescape(html)
    assert 'value="Publish"' not in html  # what did convert may be previewed, never published
    forced = post(
        instructor, NEW, html, file=(io.BytesIO(data), name), source_format=fmt, publish="Publish"
    )
    assert forced.status_code == 200 and stored(app) == (0, 0, 0)


def test_a_truncated_xml_error_is_quoted_at_its_line(instructor):
    xml = (FORMATS_DIR / "moodle-every-kind.xml").read_bytes()
    html = unescape(upload(instructor, "quiz.xml", xml[: len(xml) // 2]).get_data(as_text=True))
    match = re.search(r"<code>quiz\.xml:(\d+): the XML is not well-formed", html)
    assert match, html[:3000]
    assert re.search(rf'<span class="flagged">\s*{match.group(1)} │', html)


def test_a_50_megabyte_file_is_refused_before_it_is_read(instructor, app):
    response = upload(instructor, "huge.gift", b"x" * 50_000_000)
    assert response.status_code == 413
    assert "over the size limit of 20,000,000 bytes" in unescape(response.get_data(as_text=True))
    assert stored(app) == (0, 0, 0)


def test_only_upload_pages_take_a_file_larger_than_a_bank(instructor):
    page = instructor.get("/instructor/banks/draft").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "file": (io.BytesIO(b"x" * 3_000_000), "a.md")}
    response = instructor.post(
        "/instructor/banks/draft", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_a_learner_posting_a_big_file_is_refused_at_the_old_limit(client, auth):
    auth.register("learner")
    response = client.post(
        NEW,
        data={"file": (io.BytesIO(b"x" * 3_000_000), "a.gift")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_pasted_text_in_a_chosen_format_is_converted_too(instructor, app):
    page = instructor.get(NEW).get_data(as_text=True)
    response = post(instructor, NEW, page, source=GIFT, source_format="gift", check="Check bank")
    html = response.get_data(as_text=True)
    assert "Converted from GIFT" in html and html.count('class="preview-question"') == 3
    assert textarea(html).startswith("---\nbank: pasted\n")
    assert stored(app) == (0, 0, 0)
