"""Which file owns a bank, and what happens to a bank whose file is gone."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.bank_store.import_types import BankReport
from quiz.banks import Diagnostic, ParseResult
from quiz.models import Bank, Question, Topic, utcnow


def claim_ids(results: list[ParseResult], unchanged: dict[str, BankReport]) -> list[ParseResult]:
    """A changed file may not take the bank id of an unchanged file it was not parsed with."""
    for result in results:
        owner = unchanged.get(result.bank.id) if result.bank else None
        if owner is not None:
            result.errors.append(
                Diagnostic(
                    result.path,
                    1,
                    f"bank id {result.bank.id!r} is already used by {owner.path}: "
                    "give this bank its own id",
                )
            )
            result.bank = None
    return results


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


def bank_claimed_elsewhere(session: Session, result: ParseResult) -> Diagnostic | None:
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
