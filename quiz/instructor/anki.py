"""A bank as an Anki deck (.apkg) built with genanki. Plain Python, no Flask.

Re-importing a newer export into Anki updates the notes instead of adding copies:
each note's guid comes from the bank id and the question id, the deck id from the bank
id, and the note type (model) id is one constant. Fields carry the HTML learners see in
the app, already sanitised on import (quiz.web.rendering).

A choice question's options are in a shuffled order seeded by its question id: the same
on every export (so a re-import changes nothing that did not change), and not the file's
order, where the right option is often first. Images with a relative address are
packaged into the deck's media from the bank's folder; one that cannot be found there
refuses the export, naming the question, instead of a deck Anki reports as broken.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import random
import re
import sqlite3
import tempfile
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

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
CHOOSE_ALL = "Choose all that apply."
# an <img> whose address has no scheme and is not rooted: a file beside the bank
_IMG_SRC_RE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")', re.I)
_REMOTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)


class DeckImageError(ValueError):
    """A question's relative image cannot be packaged: the export is refused."""


@dataclass(frozen=True)
class AnkiCard:
    key: str  # question id in its bank
    topic_slug: str
    front_html: str
    back_html: str
    tags: tuple[str, ...] = ()  # the question's own tags; the topic is added beside them


def option_order(question_id: str, count: int) -> list[int]:
    """Positions of the options on the card: shuffled, the same for the same question id."""
    seed = int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:8], "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def card_for(
    key: str, spec: QuestionSpec, prompt_html: str, options_html: list[str], explanation_html: str
) -> AnkiCard:
    """Front: prompt and options (shuffled by the question id); back: the answer and the
    explanation. A short answer's front is its prompt unchanged (a blank stays a blank)."""
    front = prompt_html
    if spec.kind == "multiple":
        front += f"<p><em>{CHOOSE_ALL}</em></p>"
    order = option_order(key, len(options_html))
    if options_html:
        front += "<ol>" + _items([options_html[i] for i in order]) + "</ol>"
    if spec.kind in CHOICE_KINDS:
        right = [options_html[i] for i in order if spec.options[i].correct]
        answer = "<p><strong>Answer:</strong></p><ul>" + _items(right) + "</ul>"
    elif spec.kind == "short":
        canonical = spec.answers[0] if spec.answers else ""
        answer = f"<p><strong>Answer:</strong> {html.escape(canonical)}</p>"
    else:
        points = [html.escape(p[0]) for p in spec.key_points if p]
        answer = "<p><strong>Key points:</strong></p><ul>" + _items(points) + "</ul>"
    return AnkiCard(key, spec.topic_slug, front, answer + explanation_html, tuple(spec.tags))


def package_images(cards: list[AnkiCard], folder: Path | None) -> tuple[list[AnkiCard], dict]:
    """The cards with relative images pointing at the deck's media, and that media.

    An image is looked up in ``folder`` (the bank's folder; None for a bank uploaded in the
    browser, which has none) and must stay inside it. Anki's media folder is flat, so a
    file is named by its base name (with a short hash of its path when two differ).
    Raises :class:`DeckImageError` naming the first question whose image is missing.
    """
    media: dict[str, bytes] = {}
    names: dict[str, str] = {}  # relative address -> media name
    out = []
    for card in cards:

        def packaged(match: re.Match[str], card: AnkiCard = card) -> str:
            src = html.unescape(match.group(2))
            if not src or _REMOTE_RE.match(src):
                return match.group(0)
            if src not in names:
                names[src] = _media_name(src, set(media))
                media[names[src]] = _read_image(card.key, src, folder)
            return match.group(1) + html.escape(names[src]) + match.group(3)

        front = _IMG_SRC_RE.sub(packaged, card.front_html)
        back = _IMG_SRC_RE.sub(packaged, card.back_html)
        out.append(replace(card, front_html=front, back_html=back))
    return out, media


def _read_image(key: str, src: str, folder: Path | None) -> bytes:
    relative = PurePosixPath(src.split("#", 1)[0].split("?", 1)[0])
    refused = f"question '{key}' uses the image '{src}'"
    if folder is None:
        raise DeckImageError(
            f"{refused}, but this bank was uploaded in the browser and has no folder to "
            "package it from: give the image a full https:// address, or sync the bank "
            "from a file next to it"
        )
    base = folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base) or not path.is_file():
        raise DeckImageError(f"{refused}, which is not a file in {base}: add it or fix the path")
    return path.read_bytes()


def _media_name(src: str, taken: set[str]) -> str:
    name = PurePosixPath(src.split("?", 1)[0]).name or "image"
    if name in taken:
        name = hashlib.sha256(src.encode()).hexdigest()[:8] + "-" + name
    return name


def note_guid(bank_id: str, question_id: str) -> str:
    return genanki.guid_for(bank_id, question_id)


def deck_id(bank_id: str) -> int:
    """A stable id in the range genanki recommends, from the bank id."""
    digest = int(hashlib.sha256(bank_id.encode()).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def build_deck(
    bank_id: str, title: str, cards: list[AnkiCard], media: dict[str, bytes] | None = None
) -> bytes:
    deck = genanki.Deck(deck_id(bank_id), title)
    for card in cards:
        tags = [card.topic_slug, *(t for t in card.tags if t != card.topic_slug)]
        deck.add_note(
            genanki.Note(
                model=MODEL,
                fields=[card.front_html, card.back_html, card.key],
                guid=note_guid(bank_id, card.key),
                tags=tags,
            )
        )
    return _package_bytes(genanki.Package(deck), media or {})


def _package_bytes(package: genanki.Package, media: dict[str, bytes]) -> bytes:
    # Package.write_to_file leaves its temporary collection behind in /tmp; this is the
    # same steps with the temporary file removed. Media files are stored as "0", "1", ...
    # with the "media" map giving each its name, as Anki packages do.
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
            numbered = dict(enumerate(sorted(media)))
            for number, name in numbered.items():
                archive.writestr(str(number), media[name])
            archive.writestr("media", json.dumps({str(n): name for n, name in numbered.items()}))
        return buffer.getvalue()


def _items(parts: list[str]) -> str:
    return "".join(f"<li>{p}</li>" for p in parts)
