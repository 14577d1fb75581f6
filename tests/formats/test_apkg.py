"""Anki packages (.apkg): a real package built with genanki, and packages this reader
refuses with a clear message."""

from __future__ import annotations

import io
import zipfile

import genanki
import pytest

from quiz.formats import convert
from tests.formats.helpers import by_id, notices_at


def _package(tmp_path, notes) -> bytes:
    deck = genanki.Deck(2_059_400_110, "Web::Flask")
    for note in notes:
        deck.add_note(note)
    path = tmp_path / "deck.apkg"
    genanki.Package(deck).write_to_file(str(path))
    return path.read_bytes()


def test_apkg_basic_notes_become_questions_with_their_guid_as_id(tmp_path):
    data = _package(
        tmp_path,
        [
            genanki.Note(genanki.BASIC_MODEL, ["Which gateway is <b>Flask</b> on?", "WSGI"],
                         guid="O{jz(h:Y8-", tags=["flask", "python::web"]),
            genanki.Note(genanki.BASIC_MODEL, ["Why is FastAPI fast at I/O?",
                         "It runs on ASGI. Endpoints await I/O without blocking."], guid="g2"),
            genanki.Note(genanki.CLOZE_MODEL, ["{{c1::Werkzeug}} is under Flask.", ""], guid="g3"),
            genanki.Note(genanki.BASIC_MODEL, ["A picture <img src='cat.png'>", "cat"], guid="g4"),
        ],
    )  # fmt: skip
    result = convert(data, "deck.apkg", None, title="Flask deck")
    assert result.format == "apkg"
    assert result.ok, [str(e) for e in result.errors]
    assert result.bank is not None
    q = by_id(result.bank)
    gateway = q["anki-" + b"O{jz(h:Y8-".hex()]
    assert (gateway.kind, gateway.prompt_md, gateway.answers) == (
        "short",
        "Which gateway is **Flask** on?",
        ["WSGI"],
    )
    assert gateway.tags == ["flask", "python-web"] and gateway.topic_slug == "flask"
    assert q["anki-" + b"g2".hex()].kind == "open"
    assert [msg for _, msg in notices_at(result)] == [
        "Basic (genanki) note 'Why is FastAPI fast at I/O?' in note 2: the source has no key "
        "points, so 2 were drafted from its feedback, one per sentence: review them",
        "cloze note '{{c1::Werkzeug}} is under Flask.' in note 3: not supported, skipped",
        "image 'cat.png' in note 4: not supported, left out",
    ]
    # the same package converted again gives the same ids: a re-import updates
    again = convert(data, "deck.apkg", "apkg", title="Flask deck")
    assert again.markdown == result.markdown


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_zip({"readme.txt": b"hi"}), "a zip but not an Anki package"),
        (
            _zip(
                {"collection.anki21b": b"\x28\xb5\x2f\xfd", "collection.anki2": b"", "media": b"{}"}
            ),
            "this Anki package stores its notes in Anki 2.1.50's compressed format",
        ),
        (
            _zip({"collection.anki2": b"not sqlite"}),
            "the collection in this Anki package cannot be read",
        ),
        (b"PK\x03\x04broken", "not an Anki package: the file is not a readable zip"),
    ],
)
def test_bad_packages_get_a_clear_message(data, message):
    result = convert(data, "deck.apkg", "apkg")
    assert not result.ok
    assert next(str(e) for e in result.errors).startswith(message), [str(e) for e in result.errors]


def test_a_package_chosen_as_gift_is_refused():
    result = convert(_zip({"collection.anki2": b""}), "deck.apkg", "gift")
    assert [str(e) for e in result.errors] == [
        "this file looks like an Anki package (.apkg), not GIFT: choose the format apkg"
    ]
