"""Upsert parsed banks into the database: one transaction, history kept, nothing deleted."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.files import bank_claimed_elsewhere, claim_ids, hide_questions
from quiz.bank_store.import_types import (
    BankReport,
    ImportOutcome,
    PreparedPublication,
    Publication,
    QuestionChanges,
    StaleVersion,
)
from quiz.banks import Bank as BankSpec
from quiz.banks import ParseResult, collect_bank_files, parse_paths
from quiz.banks import Question as QuestionSpec
from quiz.banks.source import read_bytes
from quiz.models import Bank, BankOrigin, BankVersion, Question, Topic, utcnow
from quiz.web.rendering import render_inline, render_markdown

# Bump when rendering or storage changes, so an unchanged file is imported again once.
IMPORT_FORMAT_VERSION = "1"


def source_hash(source: str | bytes) -> str:
    digest = hashlib.sha256(IMPORT_FORMAT_VERSION.encode())
    digest.update(source.encode("utf-8") if isinstance(source, str) else source)
    return digest.hexdigest()


def file_hash(path: str | Path) -> str:
    return source_hash(Path(path).read_bytes())


# Where a question stands in its file; moving it is not an edit learners would notice.
LOCATION_FIELDS = ("source_line", "generated_from")


def question_hash(question: QuestionSpec) -> str:
    """Hash of what learners see and are graded on, not of where it stands in the file."""
    return _content_hash(spec_dict(question))


@dataclass(frozen=True)
class RenderedQuestion:
    prompt_html: str
    explanation_html: str
    options_html: list[str]


def render_question(spec: QuestionSpec) -> RenderedQuestion:
    """The HTML learners are shown for a question (stored on import, shown in previews)."""
    return RenderedQuestion(
        prompt_html=render_markdown(spec.prompt_md),
        explanation_html=render_markdown(spec.explanation_md),
        options_html=[render_inline(o.text_md) for o in spec.options],
    )


def import_paths(
    session: Session, paths: Iterable[str | Path], max_bytes: int, replace: bool = False
) -> ImportOutcome:
    """Parse every changed file, then import all of them in one transaction, or none on any error.

    A bank id held by another file that still exists is an error unless ``replace``,
    which re-points the id to the new file on purpose.
    """
    files, unchanged = split_unchanged_files(session, paths, max_bytes)
    results = claim_ids(parse_paths(files, max_bytes=max_bytes), unchanged)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    if not replace:
        for result in results:
            other = bank_claimed_elsewhere(session, result)
            if other:
                result.errors.append(other)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    try:
        # every bank is parsed, hashed and rendered before the first write: short lock
        prepared = [prepare(session, _file_publication(r)) for r in results if r.bank]
        reports = [write_prepared(session, p) for p in prepared]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportOutcome(list(unchanged.values()) + reports, results + skipped_results(unchanged))


def sync_folder(session: Session, folder: Path, max_bytes: int) -> ImportOutcome:
    """Import every good, changed file of ``folder``, one bank per transaction; skip broken ones.

    A broken file changes nothing: its bank keeps its last good version live (or stays
    absent). The folder is the source of truth, so a bank id last imported from a file
    outside it is re-pointed to the file in it.
    """
    files, unchanged = split_unchanged_files(session, [folder], max_bytes)
    results = claim_ids(parse_paths(files, max_bytes=max_bytes), unchanged)
    reports = list(unchanged.values())
    for result in results:
        if result.bank is None or result.errors:
            continue
        try:
            prepared = prepare(session, _file_publication(result))
            reports.append(write_prepared(session, prepared))
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return ImportOutcome(reports=reports, results=results + skipped_results(unchanged))


def skipped_results(unchanged: dict[str, BankReport]) -> list[ParseResult]:
    """Unchanged files were not parsed: a clean result each, so callers still count them."""
    return [ParseResult(path=r.path, bank=None) for r in unchanged.values()]


def split_unchanged_files(
    session: Session, paths: Iterable[str | Path], max_bytes: int
) -> tuple[list[Path], dict[str, BankReport]]:
    """The files to parse, and a report per bank whose file is byte-for-byte as last synced.

    Decided from the file's hash before any parsing, so re-importing an unchanged bank
    costs a read and a hash.
    """
    files = collect_bank_files(paths)
    resolved = {str(f.resolve()): f for f in files}
    banks = {
        b.source_path: b
        for b in session.scalars(sa.select(Bank).where(Bank.source_path.in_(list(resolved))))
    }
    live = dict(
        session.execute(
            sa.select(Question.bank_id, sa.func.count(Question.id))
            .where(Question.bank_id.in_([b.id for b in banks.values()]), ~Question.retired)
            .group_by(Question.bank_id)
        ).all()
    )
    unchanged: dict[str, BankReport] = {}
    for path, bank in banks.items():
        data = read_bytes(path, max_bytes)
        if bank.content_hash and isinstance(data, bytes) and source_hash(data) == bank.file_hash:
            report = BankReport(bank=bank.slug, path=path, unchanged=live.get(bank.id, 0))
            if bank.content_hash != bank.file_hash:
                report.note = "file unchanged; the live version was published in the browser"
            unchanged[bank.slug] = report
    skipped = {r.path for r in unchanged.values()}
    return [f for p, f in resolved.items() if p not in skipped], unchanged


def prepare(
    session: Session, publication: Publication, expected_version: int | None = None
) -> PreparedPublication:
    """Read the bank, hash and render every new or edited question: the slow part, no writes.

    ``expected_version`` (0 for a bank that should not exist yet) guards against a
    publish in between: :class:`StaleVersion` is raised and nothing is written.
    """
    spec, origin = publication.spec, publication.origin
    digest = source_hash(publication.source)
    bank = session.scalar(sa.select(Bank).where(Bank.slug == spec.id).with_for_update())
    if expected_version is not None and (bank.version if bank else 0) != expected_version:
        raise StaleVersion(bank, expected_version)
    report = BankReport(bank=spec.id, path=publication.path)
    prepared = PreparedPublication(publication, digest, bank, report)
    if bank is not None:
        if origin == BankOrigin.FILE and bank.source_path and bank.source_path != publication.path:
            report.note = f"moved from {bank.source_path}"
        # a file unchanged since its last sync leaves a version published in the browser live
        file_unchanged = origin == BankOrigin.FILE and bank.file_hash == digest
        if file_unchanged or bank.content_hash == digest:
            report.unchanged = len(spec.questions)
            if bank.content_hash != digest:
                report.note = "file unchanged; the live version was published in the browser"
            return prepared
    prepared.changes = plan_questions(session, bank.id if bank else None, spec)
    return prepared


def write_prepared(session: Session, prepared: PreparedPublication) -> BankReport:
    """Write a prepared publication as a new version, in the caller's (short) transaction."""
    publication, bank, report = prepared.publication, prepared.bank, prepared.report
    spec, origin = publication.spec, publication.origin
    if bank is None:
        bank = Bank(slug=spec.id, title=spec.title, source_path="", content_hash="", version=0)
        session.add(bank)
    if origin == BankOrigin.FILE:
        bank.source_path = publication.path
        bank.file_hash = prepared.digest
    if prepared.changes is None:
        return report
    bank.title = spec.title
    bank.description = spec.description
    # YAML can yield dates and other non-JSON values; keep them as their text
    bank.meta = json.loads(json.dumps(spec.meta, default=str))
    bank.content_hash = prepared.digest
    bank.imported_at = utcnow()
    bank.version += 1
    session.flush()
    write_questions(session, bank, spec, prepared.changes, report)
    if bank.retired:  # a retired bank's new content stays hidden until it is restored
        hide_questions(session, bank)
    report.version = bank.version
    session.add(
        BankVersion(
            bank_id=bank.id,
            number=bank.version,
            source=publication.source,
            content_hash=prepared.digest,
            origin=origin,
            path=publication.path,
            user_id=publication.user_id,
            restored_from=publication.restored_from,
            added=report.added,
            updated=report.updated,
            retired=report.retired,
            unchanged=report.unchanged,
        )
    )
    session.flush()
    return report


def publish(
    session: Session, publication: Publication, expected_version: int | None = None
) -> BankReport:
    """Make ``publication`` its bank's live version (a new version), in the caller's transaction.

    See :func:`prepare` for ``expected_version``.
    """
    return write_prepared(session, prepare(session, publication, expected_version))


def apply_live_version(session: Session, bank: Bank, spec: BankSpec) -> BankReport:
    """Bring a bank's questions back in line with its live version (restoring a retired bank)."""
    report = BankReport(bank=bank.slug, path=bank.source_path)
    write_questions(session, bank, spec, plan_questions(session, bank.id, spec), report)
    return report


def _file_publication(result: ParseResult) -> Publication:
    assert result.bank is not None
    path = Path(result.path).resolve()  # the same file from any directory
    source = path.read_bytes().decode("utf-8")
    return Publication(spec=result.bank, source=source, origin=BankOrigin.FILE, path=str(path))


def plan_questions(session: Session, bank_id: int | None, spec: BankSpec) -> QuestionChanges:
    """Compare the spec with the stored questions; hash and render only what changed."""
    stored = []
    if bank_id is not None:
        stored = session.execute(
            sa.select(
                Question.id,
                Question.key,
                Question.content_hash,
                Question.retired,
                Question.position,
                Question.spec,
            ).where(Question.bank_id == bank_id)
        ).all()
    changes = QuestionChanges(existing={row.key: (row.id, row.retired) for row in stored})
    rows = {row.key: row for row in stored}
    for position, question_spec in enumerate(spec.questions, 1):
        content = spec_dict(question_spec)
        digest = _content_hash(content)
        row = rows.get(question_spec.id)
        if row is not None and row.content_hash == digest and not row.retired:
            changes.unchanged += 1
            location = {name: content[name] for name in LOCATION_FIELDS}
            if row.position != position or any(
                row.spec.get(name) != value for name, value in location.items()
            ):
                changes.moved[question_spec.id] = {
                    "id": row.id,
                    "position": position,
                    "spec": {**row.spec, **location},
                }
            continue
        values = _fill_question(question_spec, content, position, digest)
        if row is None:
            changes.new[question_spec.id] = values
        else:
            changes.edited[question_spec.id] = {"id": row.id, **values}
    return changes


def write_questions(
    session: Session, bank: Bank, spec: BankSpec, changes: QuestionChanges, report: BankReport
) -> None:
    """Insert and update the planned rows in bulk, and retire what the spec no longer has."""
    topics = {t.slug: t for t in session.scalars(sa.select(Topic).where(Topic.bank_id == bank.id))}
    for topic_position, topic_spec in enumerate(spec.topics):
        topic = topics.get(topic_spec.slug)
        if topic is None:
            topic = Topic(bank_id=bank.id, slug=topic_spec.slug, title=topic_spec.title)
            session.add(topic)
            topics[topic.slug] = topic
        topic.title = topic_spec.title
        topic.position = topic_position
        topic.retired = False
    session.flush()
    live_topics = {t.slug for t in spec.topics}
    for slug, topic in topics.items():
        if slug not in live_topics:
            topic.retired = True
    topic_of = {q.id: topics[t.slug].id for t in spec.topics for q in t.questions}
    now = utcnow()
    new = [
        {**values, "bank_id": bank.id, "key": key, "topic_id": topic_of[key], "created_at": now}
        for key, values in changes.new.items()
    ]
    edited = [{**v, "topic_id": topic_of[key]} for key, v in changes.edited.items()]
    for rows in (new, edited):
        for row in rows:
            row["updated_at"] = now
    if new:
        session.execute(sa.insert(Question), new)
    if edited:
        session.execute(sa.update(Question), edited)
    if changes.moved:
        session.execute(sa.update(Question), list(changes.moved.values()))
    gone = [
        row_id
        for key, (row_id, retired) in changes.existing.items()
        if key not in topic_of and not retired
    ]
    if gone:
        session.execute(
            sa.update(Question).where(Question.id.in_(gone)).values(retired=True, updated_at=now)
        )
    report.added += len(new)
    report.updated += len(edited)
    report.unchanged += changes.unchanged
    report.retired += len(gone)


def spec_dict(question: QuestionSpec) -> dict[str, Any]:
    """``dataclasses.asdict(question)``, several times faster (the importer's hot path)."""
    return {
        "id": question.id,
        "kind": question.kind,
        "prompt_md": question.prompt_md,
        "topic_slug": question.topic_slug,
        "options": [{"text_md": o.text_md, "correct": o.correct} for o in question.options],
        "answers": list(question.answers),
        "key_points": [list(p) for p in question.key_points],
        "misconceptions": [
            {"phrasings": list(m.phrasings), "why_md": m.why_md} for m in question.misconceptions
        ],
        "misconception_cap": question.misconception_cap,
        "explanation_md": question.explanation_md,
        "tags": list(question.tags),
        "difficulty": question.difficulty,
        "source_line": question.source_line,
        "generated_from": question.generated_from,
    }


def _content_hash(content: dict[str, Any]) -> str:
    # the format version is in here too, so a rendering change re-renders every question
    shown = {name: value for name, value in content.items() if name not in LOCATION_FIELDS}
    payload = json.dumps([IMPORT_FORMAT_VERSION, shown], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def _fill_question(
    spec: QuestionSpec, content: dict[str, Any], position: int, digest: str
) -> dict[str, Any]:
    """The columns of a new or edited question: its spec, rendered HTML and hash."""
    rendered = render_question(spec)
    return {
        "kind": spec.kind,
        "position": position,
        "spec": content,
        "prompt_html": rendered.prompt_html,
        "explanation_html": rendered.explanation_html,
        "options_html": rendered.options_html,
        "content_hash": digest,
        "generated": spec.generated_from is not None,
        "retired": False,
    }
