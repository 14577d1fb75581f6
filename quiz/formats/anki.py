"""Anki notes read into a bank: a text export (CSV/TSV) or a package (``.apkg``).

A note with a front and a back (Anki's Basic note types, or any standard note type:
its first two fields) becomes a short-answer question when the back is a short phrase,
else an open question whose model answer is the back (key points drafted from it, with
a notice). The note's GUID is kept as the question's id (``anki-`` and its bytes in hex,
so the id is a slug and unique), so converting a newer export updates the same
questions. Cloze notes are reported as not supported.

Text exports follow Anki's headers: ``#separator:``, ``#html:``, ``#columns:``,
``#guid column:``, ``#notetype column:``, ``#deck column:``, ``#tags column:``.
Packages are zips holding ``collection.anki21`` or ``collection.anki2`` (SQLite, read
from memory); a package holding only ``collection.anki21b`` (Anki 2.1.50+'s
zstd-compressed collection) is refused with how to export one this reader knows.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass

from quiz.banks.slugs import slugify

from .common import Answer, BankBuilder, SourceError, Stem, add_short, open_question
from .html_text import escape_markdown, html_to_markdown

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ",
               "colon": ":"}  # fmt: skip
_HEADER_RE = re.compile(r"^#([a-z ]+):(.*)$")
_CLOZE_RE = re.compile(r"\{\{c\d+::")
# A back this short, on one line and without a sentence inside, is a short answer.
SHORT_ANSWER_WORDS = 6
# The collection inside a package may be at most this large once unzipped (zip bombs).
MAX_COLLECTION_BYTES = 200_000_000


@dataclass(frozen=True)
class _Note:
    line: int  # line in a text export; the note's position in a package
    where: str  # "at line 12" or "note 12"
    front: str  # Markdown
    back: str
    guid: str
    notetype: str
    deck: str
    tags: tuple[str, ...]


def guid_id(guid: str) -> str:
    return "anki-" + guid.encode("utf-8").hex() if guid else ""


def _field_md(value: str, html: bool, builder: BankBuilder, where: str) -> str:
    if not html:
        return escape_markdown(value.strip())
    markdown, images = html_to_markdown(value)
    for name in images:
        builder.note(0, f"image {name!r} {where}: not supported, left out")
    return re.sub(r"\[sound:[^\]]*\]", "", markdown).strip()


def _add_note(builder: BankBuilder, note: _Note) -> None:
    label = f"{note.notetype} note" if note.notetype else "note"
    if "cloze" in note.notetype.lower() or _CLOZE_RE.search(note.front):
        builder.skip(note.line, "cloze note", note.front, where=note.where)
        return
    if not note.front.strip() or not note.back.strip():
        side = "front" if not note.front.strip() else "back"
        builder.skip(note.line, label, note.front, f"its {side} is empty", where=note.where)
        return
    if note.deck:
        builder.set_topic(note.deck.split("::")[-1], note.line)
    stem = Stem(note.front, "", note.line, guid_id(note.guid), note.tags, note.where)
    back = note.back.strip()
    words = back.split()
    if "\n" not in back and len(words) <= SHORT_ANSWER_WORDS and not re.search(r"[.!?;:]\s", back):
        add_short(builder, stem, [Answer(back.rstrip("."), 100)])
    else:
        open_question(builder, stem, model_answer_md=back, kind=label)


def _tags(value: str) -> tuple[str, ...]:
    return tuple(t for t in (slugify(x.replace("::", " ")) for x in value.split()) if t)


# ---------------------------------------------------------------------------------------
# Text export (CSV/TSV)


def read_anki_text(text: str, builder: BankBuilder) -> None:
    lines = text.split("\n")
    headers: dict[str, str] = {}
    first_data = 0
    while first_data < len(lines) and (m := _HEADER_RE.match(lines[first_data])):
        headers[m.group(1).strip()] = m.group(2).strip()
        first_data += 1
    data_lines = lines[first_data:]
    sample = next((ln for ln in data_lines if ln.strip()), "")
    separator = headers.get("separator")
    if separator is None:
        separator = "\t" if "\t" in sample else ";" if ";" in sample else ","
    separator = _SEPARATORS.get(separator.lower(), separator)
    if len(separator) != 1:
        raise SourceError(1, f"#separator:{headers['separator']} is not one character or a name")
    html = headers.get("html", "false").lower() == "true"
    columns = [c.strip().lower() for c in headers.get("columns", "").split(separator)]

    def column(key: str, name: str, default: int | None) -> int | None:
        value = headers.get(key, "")
        if value.isdigit():
            return int(value) - 1
        if name in columns:
            return columns.index(name)
        return default

    guid_col = column("guid column", "guid", None)
    type_col = column("notetype column", "notetype", None)
    deck_col = column("deck column", "deck", None)
    tags_col = column("tags column", "tags", None)
    taken = {c for c in (guid_col, type_col, deck_col, tags_col) if c is not None}
    free = [i for i in range(64) if i not in taken]
    front_col = column("", "front", free[0])
    back_col = column("", "back", free[1])

    reader = csv.reader(io.StringIO("\n".join(data_lines)), delimiter=separator)
    end = 0
    try:
        for row in reader:
            line = first_data + end + 1
            end = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"at line {line}"

            def cell(index: int | None, row: list[str] = row) -> str:
                return row[index] if index is not None and index < len(row) else ""

            note = _Note(
                line=line,
                where=where,
                front=_field_md(cell(front_col), html, builder, where),
                back=_field_md(cell(back_col), html, builder, where),
                guid=cell(guid_col).strip(),
                notetype=cell(type_col).strip(),
                deck=cell(deck_col).strip(),
                tags=_tags(cell(tags_col)),
            )
            _add_note(builder, note)
    except csv.Error as exc:
        raise SourceError(first_data + reader.line_num, f"cannot read the CSV: {exc}") from None


# ---------------------------------------------------------------------------------------
# Package (.apkg)


def read_apkg(data: bytes, builder: BankBuilder) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        raise SourceError(0, "not an Anki package: the file is not a readable zip") from None
    name = next((n for n in ("collection.anki21", "collection.anki2") if n in names), None)
    if "collection.anki21b" in names and name != "collection.anki21":
        raise SourceError(
            0,
            "this Anki package stores its notes in Anki 2.1.50's compressed format "
            "(collection.anki21b), which this reader does not know: in Anki, export the "
            "deck again with 'Support older Anki versions' ticked",
        )
    if name is None:
        raise SourceError(
            0, "a zip but not an Anki package: it holds no collection.anki21 or collection.anki2"
        )
    if package.getinfo(name).file_size > MAX_COLLECTION_BYTES:
        raise SourceError(
            0, f"the collection in this package is over {MAX_COLLECTION_BYTES:,} bytes"
        )
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(package.read(name))
        notes = _package_notes(db)
    except (sqlite3.Error, ValueError, KeyError) as exc:
        raise SourceError(
            0, f"the collection in this Anki package cannot be read ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        db.close()
    for index, (guid, notetype, fields, tags, deck, is_cloze) in enumerate(notes, start=1):
        where = f"in note {index}"
        note = _Note(
            line=index,
            where=where,
            front=_field_md(fields[0] if fields else "", True, builder, where),
            back=_field_md(fields[1] if len(fields) > 1 else "", True, builder, where),
            guid=guid,
            notetype="Cloze" if is_cloze and "cloze" not in notetype.lower() else notetype,
            deck=deck,
            tags=_tags(tags),
        )
        _add_note(builder, note)


def _package_notes(db: sqlite3.Connection) -> list[tuple[str, str, list[str], str, str, bool]]:
    """(guid, note type name, fields, tags, deck name, is cloze) for every note, in order."""
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"notes", "col"} <= tables:
        raise ValueError("no notes table: not an Anki collection")
    models_json, decks_json = db.execute("SELECT models, decks FROM col").fetchone()
    models = json.loads(models_json or "{}")
    types = {int(k): (m.get("name", ""), m.get("type") == 1) for k, m in models.items()}
    decks = {int(k): d.get("name", "") for k, d in json.loads(decks_json or "{}").items()}
    if not types and "notetypes" in tables:  # schema 18: note types and decks in tables
        types = {i: (n, False) for i, n in db.execute("SELECT id, name FROM notetypes")}
        decks = dict(db.execute("SELECT id, name FROM decks")) if "decks" in tables else {}
    deck_of = (
        dict(db.execute("SELECT nid, MIN(did) FROM cards GROUP BY nid"))
        if "cards" in tables
        else {}
    )
    out = []
    for nid, guid, mid, flds, tags in db.execute(
        "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id"
    ):
        name, is_cloze = types.get(mid, ("", False))
        deck = decks.get(deck_of.get(nid, -1), "").replace("\x1f", "::")
        out.append((str(guid), name, str(flds).split("\x1f"), str(tags), deck, is_cloze))
    return out
