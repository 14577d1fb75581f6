"""A bank as an Anki deck (.apkg) built with genanki. Plain Python, no Flask.

Re-importing a newer export into Anki updates the notes instead of adding copies:
each note's guid comes from the bank id and the question id, the deck id from the bank
id, and the note type (model) id is one constant. Fields carry the HTML learners see in
the app, already sanitised on import (quiz.web.rendering).
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from quiz.banks.model import CHOICE_KINDS
from quiz.banks.model import Question as QuestionSpec

# Fixed forever: Anki recognises the note type by it (changing it duplicates every note).
MODEL_ID = 1_607_392_319
MODEL = genanki.Model(
    MODEL_ID,
    "Mock Interview question",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Question id"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }
    ],
    sort_field_index=2,
)


@dataclass(frozen=True)
class AnkiCard:
    key: str  # question id in its bank
    topic_slug: str
    front_html: str
    back_html: str


def card_for(
    key: str, spec: QuestionSpec, prompt_html: str, options_html: list[str], explanation_html: str
) -> AnkiCard:
    """Front: prompt and options; back: the answer and the explanation."""
    front = prompt_html
    if options_html:
        front += "<ol>" + "".join(f"<li>{o}</li>" for o in options_html) + "</ol>"
    if spec.kind in CHOICE_KINDS:
        right = [options_html[i] for i, o in enumerate(spec.options) if o.correct]
        answer = "<p><strong>Answer:</strong></p><ul>" + _items(right) + "</ul>"
    elif spec.kind == "short":
        canonical = spec.answers[0] if spec.answers else ""
        answer = f"<p><strong>Answer:</strong> {html.escape(canonical)}</p>"
    else:
        points = [html.escape(p[0]) for p in spec.key_points if p]
        answer = "<p><strong>Key points:</strong></p><ul>" + _items(points) + "</ul>"
    return AnkiCard(key, spec.topic_slug, front, answer + explanation_html)


def note_guid(bank_id: str, question_id: str) -> str:
    return genanki.guid_for(bank_id, question_id)


def deck_id(bank_id: str) -> int:
    """A stable id in the range genanki recommends, from the bank id."""
    digest = int(hashlib.sha256(bank_id.encode()).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def build_deck(bank_id: str, title: str, cards: list[AnkiCard]) -> bytes:
    deck = genanki.Deck(deck_id(bank_id), title)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[card.front_html, card.back_html, card.key],
                guid=note_guid(bank_id, card.key),
                tags=[card.topic_slug],
            )
        )
    return _package_bytes(genanki.Package(deck))


def _package_bytes(package: genanki.Package) -> bytes:
    # Package.write_to_file leaves its temporary collection behind in /tmp; this is the
    # same steps with the temporary file removed.
    with tempfile.TemporaryDirectory() as folder:
        collection = Path(folder) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            timestamp = time.time()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(collection, "collection.anki2")
            archive.writestr("media", json.dumps({}))
        return buffer.getvalue()


def _items(parts: list[str]) -> str:
    return "".join(f"<li>{p}</li>" for p in parts)
