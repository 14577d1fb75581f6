"""A live bank written out for other tools: GIFT, Moodle XML or an Anki deck. No Flask here.

The bank page's export links and ``flask quiz export`` both come here, so the two give
the same file. Each reads the bank's live questions (one query) into the parsed
dataclasses the writers of ``quiz.formats`` and ``quiz.instructor.anki`` take.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.banks.model import Bank as BankSpec
from quiz.banks.model import Topic as TopicSpec
from quiz.formats import to_gift, to_moodle_xml
from quiz.instructor.anki import DeckImageError, build_deck, card_for, package_images
from quiz.models import Bank, Question, Topic

# format name -> (file extension, media type)
EXPORT_FORMATS = {
    "gift": ("gift", "text/plain; charset=utf-8"),
    "moodle-xml": ("xml", "application/xml"),
    "anki": ("apkg", "application/octet-stream"),
}

__all__ = ["EXPORT_FORMATS", "BankExport", "DeckImageError", "export_bank", "live_questions"]


@dataclass(frozen=True)
class BankExport:
    data: bytes
    filename: str
    mimetype: str


def live_questions(session: Session, bank: Bank) -> list[tuple[Question, Topic]]:
    """The bank's live questions with their topics, in bank order."""
    rows = session.execute(
        sa.select(Question, Topic)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Question.bank_id == bank.id, ~Question.retired)
        .order_by(Topic.position, Question.position)
    ).all()
    return [(question, topic) for question, topic in rows]


def live_bank_spec(bank: Bank, rows: list[tuple[Question, Topic]]) -> BankSpec:
    """The live questions as a parsed bank: topics in order, each with its questions."""
    spec = BankSpec(id=bank.slug, title=bank.title, description=bank.description or "")
    topics: dict[int, TopicSpec] = {}
    for question, topic in rows:
        if topic.id not in topics:
            topics[topic.id] = TopicSpec(slug=topic.slug, title=topic.title)
            spec.topics.append(topics[topic.id])
        topics[topic.id].questions.append(question.to_spec())
    return spec


def export_bank(session: Session, bank: Bank, fmt: str) -> BankExport:
    """The bank in ``fmt`` (a key of EXPORT_FORMATS); DeckImageError if an image is missing."""
    extension, mimetype = EXPORT_FORMATS[fmt]
    rows = live_questions(session, bank)
    if fmt == "anki":
        data = anki_deck(bank, rows)
    elif fmt == "gift":
        data = to_gift(live_bank_spec(bank, rows)).encode("utf-8")
    else:
        data = to_moodle_xml(live_bank_spec(bank, rows)).encode("utf-8")
    return BankExport(data, f"{bank.slug}.{extension}", mimetype)


def anki_deck(bank: Bank, rows: list[tuple[Question, Topic]]) -> bytes:
    """One note per live question; relative images packaged from the bank's folder."""
    cards = [
        card_for(q.key, q.to_spec(), q.prompt_html, list(q.options_html), q.explanation_html)
        for q, _topic in rows
    ]
    folder = Path(bank.source_path).parent if bank.source_path else None
    cards, media = package_images(cards, folder)
    return build_deck(bank.slug, bank.title, cards, media)
