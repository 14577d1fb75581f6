"""Parse question-bank Markdown files (format: docs/bank-format.md): the entry points.

Plain Python, no Flask. This module only runs the steps in order: :mod:`.source` reads
and decodes the file, :mod:`.frontmatter` reads the YAML header, :mod:`.body` walks the
Markdown blocks (:mod:`.blocks`) into topics, questions (:mod:`.questions`) and
comparison-table questions (:mod:`.tables`), collecting :mod:`.diagnostics` all the way;
then ids and titles are checked against the database's column sizes, and a bank id used
by two files is refused.

``parse_text`` never raises. ``load_bank`` raises only :class:`BankFormatError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .body import read_body
from .comments import strip_comments
from .context import ParseContext
from .diagnostics import by_line
from .frontmatter import FrontMatter, read_front_matter
from .model import (
    MAX_BANK_ID,
    MAX_QUESTION_ID,
    MAX_TITLE,
    MAX_TOPIC_SLUG,
    Bank,
    BankFormatError,
    Diagnostic,
    ParseResult,
)
from .source import DEFAULT_MAX_BYTES, collect_bank_files, decode, read_bytes

__all__ = ["load_bank", "parse_file", "parse_paths", "parse_text"]


def _parse_bank(ctx: ParseContext, front: FrontMatter) -> Bank | None:
    """The bank the file describes once its front matter is read (None without an id and title)."""
    topics = []
    if front.ok:
        body_lines = [""] * front.body_start + ctx.lines[front.body_start :]
        topics = read_body("\n".join(body_lines), ctx)
    bank = None
    if front.bank_id is not None and front.title is not None:
        bank = Bank(
            id=front.bank_id,
            title=front.title,
            description=front.description,
            meta=front.meta,
            topics=topics,
            path=ctx.path,
        )
        _check_lengths(bank, front, ctx)
        for question in bank.questions:
            question.misconception_cap = front.misconception_cap
    return bank


def _check_lengths(bank: Bank, front: FrontMatter, ctx: ParseContext) -> None:
    """Ids and titles must fit the database, so an import never fails halfway."""

    def check(value: str, limit: int, line: int, what: str) -> None:
        if len(value) > limit:
            ctx.error(line, f"{what} is {len(value)} characters long: keep it to {limit}")

    check(bank.id, MAX_BANK_ID, front.bank_line, "the bank id")
    check(bank.title, MAX_TITLE, front.bank_line, "the bank title")
    for topic in bank.topics:
        check(topic.title, MAX_TITLE, topic.source_line, "the topic heading")
        check(topic.slug, MAX_TOPIC_SLUG, topic.source_line, "the topic's id (from its heading)")
        for question in topic.questions:
            check(question.id, MAX_QUESTION_ID, question.source_line, "the question id")


def _parse(
    data: object, path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[ParseResult, FrontMatter | None]:
    text, diags = decode(data, path, max_bytes)
    if text is None:
        return ParseResult(path=path, bank=None, errors=diags), None
    text, comments = strip_comments(text)
    ctx = ParseContext.for_text(text, path)
    for comment in comments:
        if comment.inline:
            ctx.warn(
                comment.line,
                "HTML comment inside a field's text: it is removed, so learners never see "
                "it; put notes for authors on lines of their own",
            )
    front = FrontMatter()
    try:
        front = read_front_matter(ctx)
        bank = _parse_bank(ctx, front)
    except Exception as exc:  # a bug here must never crash an import
        ctx.error(1, f"internal error while parsing ({type(exc).__name__}: {exc}); please report")
        bank = None
    errors = by_line(ctx.diagnostics.errors)
    return (
        ParseResult(
            path=path,
            bank=None if errors else bank,
            errors=errors,
            warnings=by_line(ctx.diagnostics.warnings),
        ),
        front,
    )


def parse_text(
    text: str | bytes, path: str = "<string>", max_bytes: int = DEFAULT_MAX_BYTES
) -> ParseResult:
    """Parse one bank's text (``str`` or UTF-8 ``bytes``). Never raises."""
    try:
        return _parse(text, str(path), max_bytes)[0]
    except Exception as exc:  # pragma: no cover - last-ditch safety net
        diag = Diagnostic(str(path), 1, f"internal error while parsing ({type(exc).__name__})")
        return ParseResult(path=str(path), bank=None, errors=[diag])


def _parse_file(
    path: str | os.PathLike[str], max_bytes: int
) -> tuple[ParseResult, FrontMatter | None]:
    data = read_bytes(path, max_bytes)
    if isinstance(data, ParseResult):
        return data, None
    try:
        return _parse(data, str(path), max_bytes)
    except Exception as exc:  # pragma: no cover - last-ditch safety net
        diag = Diagnostic(str(path), 1, f"internal error while parsing ({type(exc).__name__})")
        return ParseResult(path=str(path), bank=None, errors=[diag]), None


def parse_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> ParseResult:
    """Read a bank file as bytes and parse it; an unreadable file is an error, not a raise."""
    return _parse_file(path, max_bytes)[0]


def parse_paths(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> list[ParseResult]:
    """Parse every bank file (folders expanded); a bank id used twice is an error.

    The first file to use a bank id keeps it; every later file using it gets the error
    ``bank id 'x' is already used by OTHERFILE`` at its ``bank:`` line and no bank.
    """
    results: list[ParseResult] = []
    owners: dict[str, str] = {}
    for file in collect_bank_files(paths):
        result, front = _parse_file(file, max_bytes)
        if front is not None and front.bank_id is not None:
            owner = owners.get(front.bank_id)
            if owner is None:
                owners[front.bank_id] = result.path
            else:
                result.errors.append(
                    Diagnostic(
                        result.path,
                        front.bank_line,
                        f"bank id {front.bank_id!r} is already used by {owner}: "
                        "give this bank its own id",
                    )
                )
                result.errors = by_line(result.errors)
                result.bank = None
        results.append(result)
    return results


def load_bank(text: str | bytes, path: str = "<string>") -> Bank:
    """Parse a bank and return it; raise :class:`BankFormatError` with every error if any."""
    result = parse_text(text, path)
    if result.errors or result.bank is None:
        raise BankFormatError(result.errors or [Diagnostic(str(path), 1, "no bank was parsed")])
    return result.bank
