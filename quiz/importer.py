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
from quiz.models import Bank, Question, Topic, utcnow
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

    def __str__(self) -> str:
        return (
            f"{self.bank} ({self.path}): {self.added} added, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged"
        )


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


def file_hash(path: str | Path) -> str:
    digest = hashlib.sha256(IMPORT_FORMAT_VERSION.encode())
    digest.update(Path(path).read_bytes())
    return digest.hexdigest()


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


def import_paths(session: Session, paths: Iterable[str | Path], max_bytes: int) -> ImportOutcome:
    """Parse every file, then import all of them in one transaction, or none on any error."""
    results = parse_paths(paths, max_bytes=max_bytes)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    for result in results:
        other = _bank_claimed_elsewhere(session, result)
        if other:
            result.errors.append(other)
    if any(r.errors for r in results):
        return ImportOutcome(reports=[], results=results)
    try:
        reports = [_import_bank(session, r.bank, r.path) for r in results if r.bank]
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return ImportOutcome(reports=reports, results=results)


def retire_banks_without_files(session: Session, folder: Path) -> list[BankReport]:
    """Retire (never delete) the questions of banks whose file in ``folder`` is gone."""
    folder = folder.resolve()
    reports = []
    for bank in session.scalars(sa.select(Bank).order_by(Bank.slug)):
        path = Path(bank.source_path)
        if not path.is_relative_to(folder) or path.exists():
            continue
        retired = session.execute(
            sa.update(Question)
            .where(Question.bank_id == bank.id, ~Question.retired)
            .values(retired=True, updated_at=utcnow())
        ).rowcount
        session.execute(sa.update(Topic).where(Topic.bank_id == bank.id).values(retired=True))
        bank.content_hash = ""  # should the file come back, it is imported again in full
        if retired:
            reports.append(BankReport(bank=bank.slug, path=bank.source_path, retired=retired))
    session.commit()
    return reports


def _bank_claimed_elsewhere(session: Session, result: ParseResult) -> Diagnostic | None:
    """A bank id stays with its file; a rename is fine once the old file is gone."""
    assert result.bank is not None
    existing = session.scalar(sa.select(Bank).where(Bank.slug == result.bank.id))
    if existing is None:
        return None
    old, new = Path(existing.source_path), Path(result.path)
    if old.resolve() == new.resolve() or not old.exists():
        return None
    return Diagnostic(
        result.path,
        1,
        f"bank id '{result.bank.id}' is already used by {existing.source_path}; "
        "give this bank another id",
    )


def _import_bank(session: Session, spec: BankSpec, path: str) -> BankReport:
    report = BankReport(bank=spec.id, path=path)
    content_hash = file_hash(path)
    bank = session.scalar(sa.select(Bank).where(Bank.slug == spec.id))
    if bank is not None and bank.content_hash == content_hash:
        report.unchanged = len(spec.questions)
        return report
    if bank is None:
        bank = Bank(slug=spec.id, title=spec.title, source_path=path, content_hash="")
        session.add(bank)
    bank.title = spec.title
    bank.description = spec.description
    # YAML can yield dates and other non-JSON values; keep them as their text
    bank.meta = json.loads(json.dumps(spec.meta, default=str))
    bank.source_path = str(Path(path).resolve())  # the same file from any directory
    bank.content_hash = content_hash
    bank.imported_at = utcnow()
    session.flush()

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
    return report


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
    question.prompt_html = render_markdown(spec.prompt_md)
    question.explanation_html = render_markdown(spec.explanation_md)
    question.options_html = [render_inline(o.text_md) for o in spec.options]
    question.content_hash = digest
    question.generated = spec.generated_from is not None
    question.retired = False
    question.updated_at = utcnow()
