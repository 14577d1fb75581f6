"""Issue 21 item 3: the Anki deck, opened as Anki would (the SQLite collection inside the
.apkg): options shuffled by question id, "Choose all that apply", question tags, images."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import sqlalchemy as sa

from quiz.extensions import db
from quiz.instructor.anki import CHOOSE_ALL, option_order
from quiz.models import Bank
from tests.conftest import import_bank

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
CHOICES = "\n".join(
    f"""## Which number is {n}? {{#number-{n}}}
- [x] {n}
- [ ] {n + 100}
- [ ] {n + 200}
- [ ] {n + 300}
"""
    for n in range(1, 9)
)
BANK = f"""---
bank: deck
title: Deck test
---

# Basics

{CHOICES}
## Which of these are Python web frameworks? {{#frameworks}}
Tags: Web APIs, python
- [x] Flask
- [x] Django
- [ ] Postgres

## What does this diagram show? {{#diagram}}

![request flow](img/flow.png)

Answer: a request

## The WSGI ____ calls the application once per request. {{#blank}}
Answer: server
"""


def import_deck(app, folder: Path, text: str = BANK, image: bool = True) -> None:
    (folder / "img").mkdir(exist_ok=True)
    if image:
        (folder / "img" / "flow.png").write_bytes(PNG)
    path = folder / "deck.md"
    path.write_text(text, encoding="utf-8")
    import_bank(app, path)


def open_deck(data: bytes, tmp_path: Path) -> tuple[dict[str, tuple[str, str, list[str]]], dict]:
    """Notes by question id: (front, back, tags); and the media map with its files."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
        media_map = json.loads(archive.read("media"))
        media = {name: archive.read(number) for number, name in media_map.items()}
    with sqlite3.connect(tmp_path / "collection.anki2") as conn:
        rows = conn.execute("SELECT flds, tags FROM notes").fetchall()
    notes = {}
    for fields, tags in rows:
        front, back, key = fields.split("\x1f")
        notes[key] = (front, back, tags.split())
    return notes, media


def test_the_exported_collection_is_shuffled_tagged_and_holds_its_images(instructor, app, tmp_path):
    import_deck(app, tmp_path)
    response = instructor.get("/instructor/banks/deck/anki.apkg")
    assert response.status_code == 200
    notes, media = open_deck(response.data, tmp_path)

    # the right option (written first in the file) is not first on every card
    firsts = [notes[f"number-{n}"][0].split("<ol><li>", 1)[1].split("<", 1)[0] for n in range(1, 9)]
    right_first = sum(first == str(n) for n, first in zip(range(1, 9), firsts, strict=True))
    assert right_first < 8
    assert len(set(firsts) - {str(n) for n in range(1, 9)}) > 0
    # the right answers are still the ones on the back
    assert "<strong>Answer:</strong></p><ul><li>3</li></ul>" in notes["number-3"][1]

    front, back, tags = notes["frameworks"]
    assert CHOOSE_ALL in front and CHOOSE_ALL not in notes["number-1"][0]
    assert "<li>Flask</li>" in back and "<li>Django</li>" in back and "Postgres" not in back
    assert tags == ["basics", "web-apis", "python"]  # the topic, then the question's tags
    assert notes["number-1"][2] == ["basics"]

    assert media == {"flow.png": PNG}
    assert '<img src="flow.png" alt="request flow"' in notes["diagram"][0]

    # a cloze-like short answer is its prompt, unchanged, with the answer on the back
    blank_front, blank_back, _ = notes["blank"]
    assert "The WSGI ____ calls the application once per request." in blank_front
    assert "<ol>" not in blank_front and CHOOSE_ALL not in blank_front
    assert "<strong>Answer:</strong> server" in blank_back

    # exporting again gives the same cards: Anki updates the same notes, order included
    again, _ = open_deck(instructor.get("/instructor/banks/deck/anki.apkg").data, tmp_path)
    assert again == notes


def test_option_order_is_stable_per_question_id_and_a_permutation():
    assert option_order("admin-panel", 5) == option_order("admin-panel", 5)
    assert sorted(option_order("admin-panel", 5)) == [0, 1, 2, 3, 4]
    orders = {tuple(option_order(f"q-{i}", 4)) for i in range(40)}
    assert len(orders) > 10  # seeded by the id: different questions, different orders


def test_a_missing_relative_image_refuses_the_export_naming_the_question(
    instructor, app, tmp_path, runner
):
    import_deck(app, tmp_path, image=False)
    response = instructor.get("/instructor/banks/deck/anki.apkg")
    assert response.status_code == 302 and response.location.endswith("/instructor/banks/deck/")
    page = instructor.get(response.location).get_data(as_text=True)
    assert "The Anki deck was not exported: question &#39;diagram&#39; uses the image" in page
    result = runner.invoke(
        args=["quiz", "export", "deck", "--to", "anki", "-o", str(tmp_path / "d.apkg")]
    )
    assert (
        result.exit_code == 1
        and "question 'diagram' uses the image 'img/flow.png'" in result.output
    )
    assert not (tmp_path / "d.apkg").exists()


def test_an_image_outside_the_banks_folder_is_not_packaged(instructor, app, tmp_path):
    (tmp_path / "secret.png").write_bytes(PNG)
    folder = tmp_path / "bank"
    folder.mkdir()
    import_deck(app, folder, BANK.replace("img/flow.png", "../secret.png"))
    response = instructor.get("/instructor/banks/deck/anki.apkg")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.slug)) == "deck"
