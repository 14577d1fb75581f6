"""Checking, previewing and publishing banks for instructors. Plain Python: no Flask here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.importer import (
    BankReport,
    Publication,
    RenderedQuestion,
    StaleVersion,
    apply_live_version,
    hide_questions,
    publish,
    question_hash,
    render_question,
)
from quiz.banks import CHOICE_KINDS, Diagnostic, ParseResult, parse_text
from quiz.banks import Question as QuestionSpec
from quiz.banks.lint import lint_bank
from quiz.banks.publish_checks import publish_cautions
from quiz.formats import BANK_MARKDOWN, LABELS, Conversion, convert, detect_source_format
from quiz.models import Attempt, Bank, BankOrigin, BankVersion, Question, User
from quiz.scoring import Grade, grade
from quiz.scoring.model_grader import GraderSettings, grade_response

MARKDOWN_SUFFIXES = (".md", ".markdown")
CONTEXT_LINES = 2  # source lines quoted above and below an error
PASTED_NAME = "pasted.md"


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    flagged: bool


@dataclass(frozen=True)
class QuotedDiagnostic:
    """An error or warning with the source lines around it."""

    diagnostic: Diagnostic
    severity: str  # "error" or "warning"
    lines: list[SourceLine]


@dataclass(frozen=True)
class PreviewQuestion:
    number: int  # 1-based position in the bank, names the try-an-answer fields
    spec: QuestionSpec
    topic_title: str
    html: RenderedQuestion

    @property
    def generated(self) -> bool:
        return self.spec.generated_from is not None

    @property
    def numbered_options(self) -> list[tuple[int, str]]:
        """Options as the practice page's answer inputs take them (file order here)."""
        return list(enumerate(self.html.options_html, 1))


@dataclass(frozen=True)
class DiffEntry:
    key: str
    learners: int  # learners whose history this question keeps


@dataclass
class BankDiff:
    against_version: int
    added: list[DiffEntry] = field(default_factory=list)
    changed: list[DiffEntry] = field(default_factory=list)
    retired: list[DiffEntry] = field(default_factory=list)
    unchanged: list[DiffEntry] = field(default_factory=list)


@dataclass
class Preview:
    """Everything the preview page shows about one checked source."""

    filename: str
    text: str | None  # None when the upload could not be read as text
    result: ParseResult
    problems: list[str] = field(default_factory=list)  # upload-level, no line to quote
    diagnostics: list[QuotedDiagnostic] = field(default_factory=list)
    questions: list[PreviewQuestion] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    topics: list[tuple[str, int]] = field(default_factory=list)
    diff: BankDiff | None = None
    live: Bank | None = None  # the bank this would become a new version of
    cautions: list[str] = field(default_factory=list)  # Publish asks to confirm these

    @property
    def publishable(self) -> bool:
        return self.text is not None and not self.problems and self.result.ok

    @property
    def base_version(self) -> int:
        return self.live.version if self.live else 0

    @property
    def errors(self) -> list[QuotedDiagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def upload_problem(filename: str, data: bytes) -> str | None:
    """Why an uploaded file is not a bank we can read, before parsing, or None."""
    if PurePath(filename).suffix.lower() not in MARKDOWN_SUFFIXES:
        return f"{filename} is not a Markdown file: upload a .md file."
    if b"\0" in data:
        return f"{filename} is a binary file, not Markdown: upload the bank's .md text."
    return None


def check_source(
    session: Session,
    data: str | bytes,
    filename: str,
    max_bytes: int,
    target: Bank | None = None,
) -> Preview:
    """Validate a bank's source and build its preview; writes nothing.

    ``target`` is the bank a new version is uploaded to (None for a new bank).
    """
    filename = filename or PASTED_NAME
    result = parse_text(data, filename, max_bytes)
    if result.bank is not None and not result.errors:
        # the item-writing checks, as `quiz validate` prints them: warnings, never blocking
        result.warnings.extend(lint_bank(result.bank, result.path))
    text = data if isinstance(data, str) else _decoded(data)
    preview = Preview(filename=filename, text=text, result=result, live=target)
    preview.diagnostics = [_quote(d, "error", text) for d in result.errors] + [
        _quote(d, "warning", text) for d in result.warnings
    ]
    if isinstance(data, bytes):
        problem = upload_problem(filename, data)
        if problem:
            preview.problems.append(problem)
    bank = result.bank
    if bank is None:
        return preview
    holder = session.scalar(sa.select(Bank).where(Bank.slug == bank.id))
    if target is None and holder is not None:
        preview.problems.append(
            f"bank id '{bank.id}' belongs to another bank, “{holder.title}”: upload it as a "
            "new version on that bank's page, or give this bank its own id."
        )
    elif target is not None and bank.id != target.slug:
        preview.problems.append(
            f"this file is bank '{bank.id}', not '{target.slug}': a new version must keep "
            f"the bank id (bank: {target.slug})."
        )
    number = 0
    for topic in bank.topics:
        for spec in topic.questions:
            number += 1
            preview.questions.append(
                PreviewQuestion(number, spec, topic.title, render_question(spec))
            )
    if text is not None and result.ok:
        preview.cautions = publish_cautions(text, bank, live_titles(session))
    preview.kinds = Counter(q.kind for q in bank.questions)
    preview.topics = [(t.title, len(t.questions)) for t in bank.topics]
    if target is not None and not preview.problems:
        preview.diff = bank_diff(session, target, bank.questions)
    return preview


def live_titles(session: Session) -> list[tuple[str, str]]:
    """(bank id, title) of every bank learners see."""
    return [(slug, title) for slug, title in session.execute(
        sa.select(Bank.slug, Bank.title).where(~Bank.retired)
    )]  # fmt: skip


@dataclass
class ConvertedSource:
    """A file in another tool's format, converted to a bank's Markdown (nothing stored)."""

    source_name: str  # the uploaded file's name, which errors and notices refer to
    conversion: Conversion
    errors: list[QuotedDiagnostic]  # at their lines in the uploaded file

    @property
    def label(self) -> str:
        return LABELS.get(self.conversion.format or "", self.conversion.format or "")

    @property
    def markdown_name(self) -> str:
        """``<bank id>.md``: the name the preview quotes lines under and the version records."""
        bank = self.conversion.bank
        return f"{bank.id}.md" if bank is not None else PurePath(self.source_name).stem + ".md"


def source_format(choice: str, data: str | bytes, filename: str) -> str | None:
    """What a submitted source is read as: the format chosen, else detected from the file
    (None: cannot tell). Pasted text is a Markdown bank unless another format is chosen."""
    if choice != "auto":
        return choice
    if isinstance(data, str):
        return BANK_MARKDOWN
    return detect_source_format(data, filename)


def convert_source(
    data: str | bytes, filename: str, fmt: str, target: Bank | None = None
) -> ConvertedSource:
    """Convert an upload from ``fmt``; a new version of ``target`` keeps its id and title."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    conversion = convert(
        raw,
        filename,
        fmt,
        bank_id=target.slug if target else None,
        title=target.title if target else None,
    )
    text = _decoded(raw) if fmt != "apkg" and conversion.errors else None
    lines = split_lines(text) if text is not None else []
    errors = [
        _quote_lines(Diagnostic(filename, e.line, e.message), "error", lines if e.line else [])
        for e in conversion.errors
    ]
    return ConvertedSource(filename, conversion, errors)


def bank_diff(session: Session, bank: Bank, questions: list[QuestionSpec]) -> BankDiff:
    """What publishing these questions would do to the bank's live questions, in one query."""
    learners = (
        sa.select(Attempt.question_id, sa.func.count(sa.distinct(Attempt.user_id)).label("n"))
        .group_by(Attempt.question_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Question.key, Question.content_hash, Question.retired, learners.c.n)
        .outerjoin(learners, learners.c.question_id == Question.id)
        .where(Question.bank_id == bank.id)
    ).all()
    stored = {row.key: row for row in rows}
    diff = BankDiff(against_version=bank.version)
    new_keys = set()
    for spec in questions:
        new_keys.add(spec.id)
        row = stored.get(spec.id)
        entry = DiffEntry(spec.id, (row.n or 0) if row else 0)
        if row is None or row.retired:
            diff.added.append(entry)  # a retired id coming back brings its history with it
        elif row.content_hash != question_hash(spec):
            diff.changed.append(entry)
        else:
            diff.unchanged.append(entry)
    for row in rows:
        if row.key not in new_keys and not row.retired:
            diff.retired.append(DiffEntry(row.key, row.n or 0))
    return diff


def try_answer(
    spec: QuestionSpec, typed: str, picked: list[str], model: GraderSettings | None = None
) -> Grade:
    """Grade an instructor's trial answer as a learner's would be (by the ``model``
    grader too when one is configured); options are picked by their number in the file."""
    if spec.kind in CHOICE_KINDS:
        indices = [int(p) - 1 for p in picked if p.isascii() and p.isdigit() and len(p) <= 3]
        return grade(spec, indices)
    return grade_response(spec, typed, model)


def publish_checked(
    session: Session, preview: Preview, user_id: int, expected_version: int
) -> BankReport:
    """Publish a checked, publishable preview as one transaction; StaleVersion if outrun."""
    assert preview.publishable and preview.result.bank is not None and preview.text is not None
    publication = Publication(
        spec=preview.result.bank,
        source=preview.text,
        origin=BankOrigin.UPLOAD,
        path=preview.filename,
        user_id=user_id,
    )
    return _commit_publication(session, publication, expected_version)


def restore_version(session: Session, bank: Bank, number: int, user_id: int) -> BankReport:
    """Make an earlier version live again, as a new version; ValueError if it no longer parses."""
    version = session.scalar(
        sa.select(BankVersion).where(BankVersion.bank_id == bank.id, BankVersion.number == number)
    )
    if version is None:
        raise LookupError(number)
    result = parse_text(version.source, version.path or f"{bank.slug}.md")
    if result.bank is None:
        raise ValueError("; ".join(str(e) for e in result.errors))
    publication = Publication(
        spec=result.bank,
        source=version.source,
        origin=BankOrigin.RESTORE,
        path=version.path,
        user_id=user_id,
        restored_from=number,
    )
    return _commit_publication(session, publication, bank.version)


def retire_bank(session: Session, bank: Bank) -> int:
    """Hide a bank from learners; history stays, review cards stop coming due."""
    bank.retired = True
    hidden = hide_questions(session, bank)
    session.commit()
    return hidden


def restore_bank(session: Session, bank: Bank) -> BankReport:
    """Bring a retired bank back with its live version's questions."""
    live = session.scalar(
        sa.select(BankVersion).where(
            BankVersion.bank_id == bank.id, BankVersion.number == bank.version
        )
    )
    result = parse_text(live.source, live.path or f"{bank.slug}.md") if live else None
    if result is None or result.bank is None:
        raise ValueError("the live version has no stored source that parses")
    bank.retired = False
    report = apply_live_version(session, bank, result.bank)
    session.commit()
    return report


@dataclass(frozen=True)
class BankRow:
    bank: Bank
    questions: int
    learners: int
    attempts: int
    changed_at: object  # datetime of the live version (or the last import)
    changed_by: str | None


def bank_rows(session: Session, bank_id: int | None = None) -> list[BankRow]:
    """Every bank with its live question count, learners, attempts and last change: one query."""
    questions = (
        sa.select(Question.bank_id, sa.func.count(Question.id).label("n"))
        .where(~Question.retired)
        .group_by(Question.bank_id)
        .subquery()
    )
    attempts = (
        sa.select(
            Question.bank_id,
            sa.func.count(Attempt.id).label("attempts"),
            sa.func.count(sa.distinct(Attempt.user_id)).label("learners"),
        )
        .join(Attempt, Attempt.question_id == Question.id)
        .group_by(Question.bank_id)
        .subquery()
    )
    live = sa.orm.aliased(BankVersion)
    rows = session.execute(
        sa.select(
            Bank,
            questions.c.n,
            attempts.c.learners,
            attempts.c.attempts,
            live.created_at,
            User.username,
        )
        .outerjoin(questions, questions.c.bank_id == Bank.id)
        .outerjoin(attempts, attempts.c.bank_id == Bank.id)
        .outerjoin(live, (live.bank_id == Bank.id) & (live.number == Bank.version))
        .outerjoin(User, User.id == live.user_id)
        .where(sa.true() if bank_id is None else Bank.id == bank_id)
        .order_by(Bank.retired, Bank.title)
    ).all()
    return [
        BankRow(bank, n or 0, learners or 0, count or 0, changed_at or bank.imported_at, who)
        for bank, n, learners, count, changed_at, who in rows
    ]


def live_source(session: Session, bank: Bank) -> BankVersion | None:
    return session.scalar(
        sa.select(BankVersion).where(
            BankVersion.bank_id == bank.id, BankVersion.number == bank.version
        )
    )


def _commit_publication(
    session: Session, publication: Publication, expected_version: int
) -> BankReport:
    try:
        report = publish(session, publication, expected_version)
        session.commit()
    except sa.exc.IntegrityError:
        # two publishes raced past the version check: the unique version number caught it
        session.rollback()
        bank = session.scalar(sa.select(Bank).where(Bank.slug == publication.spec.id))
        raise StaleVersion(bank, expected_version) from None
    except BaseException:
        session.rollback()
        raise
    return report


def _decoded(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def split_lines(text: str) -> list[str]:
    """A source's lines numbered as the parser counts them: any newline style, nothing else."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _quote(diagnostic: Diagnostic, severity: str, text: str | None) -> QuotedDiagnostic:
    return _quote_lines(diagnostic, severity, split_lines(text or ""))


def _quote_lines(diagnostic: Diagnostic, severity: str, lines: list[str]) -> QuotedDiagnostic:
    """The diagnostic with the lines around it (none when ``lines`` is empty)."""
    if not lines:
        return QuotedDiagnostic(diagnostic, severity, [])
    first = max(1, diagnostic.line - CONTEXT_LINES)
    last = min(len(lines), diagnostic.line + CONTEXT_LINES)
    quoted = [SourceLine(n, lines[n - 1], n == diagnostic.line) for n in range(first, last + 1)]
    return QuotedDiagnostic(diagnostic, severity, quoted)


def bank_by_slug(session: Session, slug: str) -> Bank | None:
    return session.scalar(sa.select(Bank).where(Bank.slug == slug))


def bank_versions(session: Session, bank_id: int) -> list[BankVersion]:
    """A bank's published versions, newest first, with who published each."""
    return list(
        session.scalars(
            sa.select(BankVersion)
            .where(BankVersion.bank_id == bank_id)
            .options(sa.orm.joinedload(BankVersion.user))
            .order_by(BankVersion.number.desc())
        )
    )
