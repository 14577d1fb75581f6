"""Shared by the format tests: fixture paths, question lookup and the round-trip key."""

from __future__ import annotations

from pathlib import Path

from quiz.banks.model import Bank, Question
from quiz.banks.parser import parse_file, parse_text
from quiz.banks.slugs import slugify
from quiz.formats import Conversion, convert

TESTS_DIR = Path(__file__).resolve().parent.parent
FORMATS_DIR = TESTS_DIR / "data" / "formats"
ROUND_TRIP_BANKS = [
    TESTS_DIR / "data" / "every-kind.md",
    *sorted((TESTS_DIR.parent / "questions").glob("*.md")),
]


def convert_fixture(name: str, fmt: str | None, **kwargs: str) -> Conversion:
    path = FORMATS_DIR / name
    return convert(path.read_bytes(), path.name, fmt, **kwargs)


def refused(data: bytes, name: str, fmt: str) -> list[str]:
    """The errors converting ``data`` gives, which must refuse it whole."""
    result = convert(data, name, fmt)
    assert not result.ok and result.bank is None
    return [str(e) for e in result.errors]


def by_id(bank: Bank) -> dict[str, Question]:
    return {q.id: q for q in bank.questions}


def notices_at(result: Conversion) -> list[tuple[int, str]]:
    return [(n.line, n.message) for n in result.notices]


def assert_matches_golden(result: Conversion, expected_name: str) -> None:
    """The converted Markdown is the checked-in bank, and that bank parses cleanly."""
    assert result.ok, [str(e) for e in result.errors]
    expected = (FORMATS_DIR / expected_name).read_text(encoding="utf-8")
    assert result.markdown == expected
    parsed = parse_text(expected, expected_name)
    assert parsed.errors == []
    assert parsed.bank is not None and len(parsed.bank.questions) == result.converted


def round_trip_key(q: Question) -> tuple[object, ...]:
    """What a round trip through another format keeps.

    A table-generated id (``topic--row--thing--which``) is not a valid explicit id in the
    bank format, so once written out it is compared as the slug it becomes.
    """
    qid = q.id if q.generated_from is None else slugify(q.id)
    options = [(o.text_md, o.correct) for o in q.options]
    return (
        qid,
        q.topic_slug,
        q.kind,
        q.prompt_md,
        options,
        q.answers,
        q.key_points,
        q.misconceptions,
        q.explanation_md,
        q.tags,
        q.difficulty,
    )


def shipped_bank(path: Path) -> Bank:
    result = parse_file(path)
    assert result.bank is not None, result.errors
    return result.bank
