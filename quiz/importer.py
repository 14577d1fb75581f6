"""Upsert parsed banks into the database: one transaction, history kept, nothing deleted."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.banks import Bank as BankSpec
from quiz.banks import Diagnostic, ParseResult, parse_paths
from quiz.banks import Question as QuestionSpec
from quiz.models import Bank, BankOrigin, BankVersion, Question, Topic, utcnow
from quiz.rendering import render_inline, render_markdown

# Bump when rendering or storage changes, so an unchanged file is imported again once.
IMPORT_FORMAT_VERSION = "1"


@dataclass
class BankReport:
    bank: str
    path: str
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    version: int | None = None  # the version this created, None when nothing changed
    note: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.bank} ({self.path}): {self.added} added, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged"
        )
        return f"{text} ({self.note})" if self.note else text


@dataclass
class ImportOutcome:
    reports: list[BankReport]
    results: list[ParseResult]

    @property
    def errors(self) -> list[Diagnostic]:
        return [e for r in self.results for e in r.errors]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [w for r in self.results for w in r.warnings]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Publication:
    """A parsed bank and the exact source it came from, about to become a bank's live version."""

    spec: BankSpec
    source: str
    origin: str  # BankOrigin.*
    path: str = ""  # the file synced, or the uploaded file's name
    user_id: int | None = None
    restored_from: int | None = None


class StaleVersion(Exception):
    """The bank's live version moved on since the caller looked (someone published in between)."""

    def __init__(self, bank: Bank | None, expected: int):
        self.bank = bank
        self.expected = expected
        super().__init__(f"expected live version {expected}, found {bank.version if bank else 0}")


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
    content = dataclasses.asdict(question)
    for name in LOCATION_FIELDS:
        content.pop(name)
    # the format version is in here too, so a rendering change re-renders every question
    payload = json.dumps([IMPORT_FORMAT_VERSION, content], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


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
    """Parse every file, then import all of them in one transaction, or none on any error.

    A bank id held by another file that still exists is an error unless ``replace``,
    which re-points the id to the new file on purpose.
    """
    results = parse_paths(paths, max_bytes=max_bytes)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    if not replace:
        for result in results:
            other = _bank_claimed_elsewhere(session, result)
            if other:
                result.errors.append(other)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    try:
        reports = [publish(session, _file_publication(r)) for r in results if r.bank]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportOutcome(reports=reports, results=results)


def sync_folder(session: Session, folder: Path, max_bytes: int) -> ImportOutcome:
    """Import every good file of ``folder``, one bank per transaction; skip broken ones.

    A broken file changes nothing: its bank keeps its last good version live (or stays
    absent). The folder is the source of truth, so a bank id last imported from a file
    outside it is re-pointed to the file in it.
    """
    results = parse_paths([folder], max_bytes=max_bytes)
    reports = []
    for result in results:
        if result.bank is None or result.errors:
            continue
        try:
            reports.append(publish(session, _file_publication(result)))
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return ImportOutcome(reports=reports, results=results)


def retire_banks_without_files(session: Session, folder: Path) -> list[BankReport]:
    """Retire (never delete) the questions of banks whose file in ``folder`` is gone.

    Only banks whose live version is that file's: a bank published in the browser since
    stays live.
    """
    folder = folder.resolve()
    reports = []
    for bank in session.scalars(sa.select(Bank).where(Bank.source_path != "").order_by(Bank.slug)):
        path = Path(bank.source_path)
        if not path.is_relative_to(folder) or path.exists():
            continue
        if bank.file_hash and bank.file_hash != bank.content_hash:
            continue
        retired = hide_questions(session, bank)
        # should the file come back, it is imported again in full
        bank.content_hash = bank.file_hash = ""
        if retired:
            reports.append(BankReport(bank=bank.slug, path=bank.source_path, retired=retired))
    session.commit()
    return reports


def hide_questions(session: Session, bank: Bank) -> int:
    """Retire every live question and topic of a bank; returns how many questions."""
    retired = session.execute(
        sa.update(Question)
        .where(Question.bank_id == bank.id, ~Question.retired)
        .values(retired=True, updated_at=utcnow())
    ).rowcount
    session.execute(sa.update(Topic).where(Topic.bank_id == bank.id).values(retired=True))
    return retired


def publish(
    session: Session, publication: Publication, expected_version: int | None = None
) -> BankReport:
    """Make ``publication`` its bank's live version (a new version), in the caller's transaction.

    ``expected_version`` (0 for a bank that should not exist yet) guards against a
    publish in between: :class:`StaleVersion` is raised and nothing is written.
    """
    spec, origin = publication.spec, publication.origin
    digest = source_hash(publication.source)
    bank = session.scalar(sa.select(Bank).where(Bank.slug == spec.id).with_for_update())
    if expected_version is not None and (bank.version if bank else 0) != expected_version:
        raise StaleVersion(bank, expected_version)
    report = BankReport(bank=spec.id, path=publication.path)
    if bank is None:
        bank = Bank(slug=spec.id, title=spec.title, source_path="", content_hash="", version=0)
        session.add(bank)
    elif origin == BankOrigin.FILE and bank.source_path and bank.source_path != publication.path:
        report.note = f"moved from {bank.source_path}"
    # a file unchanged since its last sync leaves a version published in the browser live
    file_unchanged = origin == BankOrigin.FILE and bank.file_hash == digest
    if origin == BankOrigin.FILE:
        bank.source_path = publication.path
        bank.file_hash = digest
    if file_unchanged or bank.content_hash == digest:
        report.unchanged = len(spec.questions)
        if bank.content_hash != digest:
            report.note = "file unchanged; the live version was published in the browser"
        return report
    bank.title = spec.title
    bank.description = spec.description
    # YAML can yield dates and other non-JSON values; keep them as their text
    bank.meta = json.loads(json.dumps(spec.meta, default=str))
    bank.content_hash = digest
    bank.imported_at = utcnow()
    bank.version += 1
    session.flush()
    _apply_questions(session, bank, spec, report)
    if bank.retired:  # a retired bank's new content stays hidden until it is restored
        hide_questions(session, bank)
    report.version = bank.version
    session.add(
        BankVersion(
            bank_id=bank.id,
            number=bank.version,
            source=publication.source,
            content_hash=digest,
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


def apply_live_version(session: Session, bank: Bank, spec: BankSpec) -> BankReport:
    """Bring a bank's questions back in line with its live version (restoring a retired bank)."""
    report = BankReport(bank=bank.slug, path=bank.source_path)
    _apply_questions(session, bank, spec, report)
    return report


def _file_publication(result: ParseResult) -> Publication:
    assert result.bank is not None
    path = Path(result.path).resolve()  # the same file from any directory
    source = path.read_bytes().decode("utf-8")
    return Publication(spec=result.bank, source=source, origin=BankOrigin.FILE, path=str(path))


def _bank_claimed_elsewhere(session: Session, result: ParseResult) -> Diagnostic | None:
    """A bank id stays with its file while that file exists, unless re-pointed on purpose."""
    assert result.bank is not None
    existing = session.scalar(sa.select(Bank).where(Bank.slug == result.bank.id))
    if existing is None or not existing.source_path:
        return None
    old, new = Path(existing.source_path), Path(result.path)
    if old.resolve() == new.resolve() or not old.exists():
        return None
    return Diagnostic(
        result.path,
        1,
        f"bank id '{result.bank.id}' is already used by {existing.source_path}; "
        "give this bank another id, or re-point the id with `quiz import --replace`",
    )


def _apply_questions(session: Session, bank: Bank, spec: BankSpec, report: BankReport) -> None:
    topics = {t.slug: t for t in session.scalars(sa.select(Topic).where(Topic.bank_id == bank.id))}
    questions = {
        q.key: q for q in session.scalars(sa.select(Question).where(Question.bank_id == bank.id))
    }
    seen_topics: set[str] = set()
    seen_questions: set[str] = set()
    position = 0
    for topic_position, topic_spec in enumerate(spec.topics):
        topic = topics.get(topic_spec.slug)
        if topic is None:
            topic = Topic(bank_id=bank.id, slug=topic_spec.slug, title=topic_spec.title)
            session.add(topic)
            session.flush()
            topics[topic.slug] = topic
        topic.title = topic_spec.title
        topic.position = topic_position
        topic.retired = False
        seen_topics.add(topic.slug)
        for question_spec in topic_spec.questions:
            position += 1
            seen_questions.add(question_spec.id)
            digest = question_hash(question_spec)
            question = questions.get(question_spec.id)
            if question is None:
                question = Question(bank_id=bank.id, key=question_spec.id, created_at=utcnow())
                session.add(question)
                report.added += 1
            elif question.content_hash == digest and not question.retired:
                report.unchanged += 1
                _refresh_location(question, question_spec, position)
                continue
            else:
                report.updated += 1
            _fill_question(question, question_spec, topic, position, digest)

    for key, question in questions.items():
        if key not in seen_questions and not question.retired:
            question.retired = True
            question.updated_at = utcnow()
            report.retired += 1
    for slug, topic in topics.items():
        if slug not in seen_topics:
            topic.retired = True


def _refresh_location(question: Question, spec: QuestionSpec, position: int) -> None:
    """Keep line numbers and order current without counting a move as an update."""
    if question.position != position:
        question.position = position
    location = {name: getattr(spec, name) for name in LOCATION_FIELDS}
    if any(question.spec.get(name) != value for name, value in location.items()):
        question.spec = {**question.spec, **location}


def _fill_question(
    question: Question, spec: QuestionSpec, topic: Topic, position: int, digest: str
) -> None:
    question.topic_id = topic.id
    question.kind = spec.kind
    question.position = position
    question.spec = dataclasses.asdict(spec)
    rendered = render_question(spec)
    question.prompt_html = rendered.prompt_html
    question.explanation_html = rendered.explanation_html
    question.options_html = rendered.options_html
    question.content_hash = digest
    question.generated = spec.generated_from is not None
    question.retired = False
    question.updated_at = utcnow()
