"""`flask quiz convert` and `export`: banks in and out of other tools' formats."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import with_appcontext

from quiz.extensions import db
from quiz.formats import FORMATS, MAX_SOURCE_BYTES, convert
from quiz.instructor.exports import EXPORT_FORMATS, DeckImageError, export_bank
from quiz.instructor.service import bank_by_slug


@click.command("convert")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from", "fmt", type=click.Choice(FORMATS), help="The file's format; detected if left out."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--bank", "bank_id", help="The bank id (a slug); from the title if left out.")
@click.option("--title", help="The bank title; from the file (or its name) if left out.")
def convert_command(
    file: Path, fmt: str | None, output: Path | None, bank_id: str | None, title: str | None
) -> None:
    """Convert FILE (GIFT, Moodle XML, Aiken, quizdown, Anki) into a Markdown bank.

    The bank goes to stdout unless -o. Notices (questions not converted, or converted
    with a caveat) and errors are printed as FILE:LINE: message; on any error nothing is
    written and the exit status is 1.
    """
    if os.path.getsize(file) > MAX_SOURCE_BYTES:
        click.echo(
            f"{file}: the file is over the limit of {MAX_SOURCE_BYTES:,} bytes: nothing converted",
            err=True,
        )
        raise SystemExit(1)
    result = convert(file.read_bytes(), file.name, fmt, bank_id=bank_id, title=title)
    for notice in result.notices:
        click.echo(f"{_place(file, notice.line)}: notice: {notice.message}", err=True)
    for error in result.errors:
        click.echo(f"{_place(file, error.line)}: {error.message}", err=True)
    if result.errors:
        click.echo(f"{len(result.errors)} error(s): nothing written.", err=True)
        raise SystemExit(1)
    if output is None:
        click.echo(result.markdown, nl=False)
    else:
        output.write_text(result.markdown, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    click.echo(f"{file} ({result.format}): {result.summary}", err=True)


@click.command("export")
@with_appcontext
@click.argument("bank_id", metavar="BANK")
@click.option("--to", "fmt", type=click.Choice(list(EXPORT_FORMATS)), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
def export_command(bank_id: str, fmt: str, output: Path | None) -> None:
    """Write the live questions of the bank BANK (its id) as GIFT, Moodle XML or an Anki deck.

    Text formats go to stdout unless -o; an Anki deck is written to BANK.apkg unless -o.
    """
    bank = bank_by_slug(db.session, bank_id)
    if bank is None:
        click.echo(f"no bank with the id {bank_id!r}: see /instructor/banks/", err=True)
        raise SystemExit(1)
    try:
        exported = export_bank(db.session, bank, fmt)
    except DeckImageError as exc:
        click.echo(f"{bank_id}: not exported: {exc}", err=True)
        raise SystemExit(1) from None
    if output is None and fmt != "anki":
        click.echo(exported.data.decode("utf-8"), nl=False)
        return
    target = output or Path(exported.filename)
    target.write_bytes(exported.data)
    click.echo(f"wrote {target}", err=True)


def _place(file: Path, line: int) -> str:
    return f"{file}:{line}" if line else str(file)
