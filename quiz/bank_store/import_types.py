"""What an import reads and reports: plain dataclasses shared by the importer and its callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quiz.banks import Bank as BankSpec
from quiz.banks import Diagnostic, ParseResult
from quiz.models import Bank


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


@dataclass
class PreparedPublication:
    """Everything a publish will write, worked out with reads only (no write lock taken)."""

    publication: Publication
    digest: str
    bank: Bank | None
    report: BankReport
    changes: QuestionChanges | None = None  # None: nothing to write but the file's hash


@dataclass
class QuestionChanges:
    """The question rows a publish inserts or updates, by question id in the bank."""

    existing: dict[str, tuple[int, bool]]  # key -> (row id, retired)
    new: dict[str, dict[str, Any]] = field(default_factory=dict)  # full rows, no topic yet
    edited: dict[str, dict[str, Any]] = field(default_factory=dict)
    moved: dict[str, dict[str, Any]] = field(default_factory=dict)  # position / line only
    unchanged: int = 0
