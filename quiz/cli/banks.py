"""`flask quiz init`, `import` and `validate`: the database and the question banks."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from quiz.bank_store.files import retire_banks_without_files
from quiz.bank_store.importer import import_paths, sync_folder
from quiz.banks import KINDS, ParseResult, parse_paths
from quiz.banks.lint import lint_bank
from quiz.extensions import db


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Apply the database migrations and import the questions/ folder."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database schema is up to date.")
    folder = Path(current_app.config["QUESTIONS_DIR"])
    # A broken file must not keep the app from starting: report it, import the rest.
    outcome = sync_folder(db.session, folder, max_bytes=current_app.config["BANK_MAX_BYTES"])
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in outcome.errors:
        click.echo(str(error), err=True)
    for report in outcome.reports:
        click.echo(str(report))
    if not outcome.results:
        click.echo("No bank files found.")
    for report in retire_banks_without_files(db.session, folder):
        click.echo(f"{report} (its file is gone)")
    broken = [r.path for r in outcome.results if r.errors]
    if broken:
        click.echo(
            f"warning: {len(broken)} file(s) with errors were not imported: "
            f"{', '.join(broken)}. Their banks keep their last good version live "
            "(`quiz validate` shows the errors again).",
            err=True,
        )


@click.command("import")
@with_appcontext
@click.option(
    "--replace", is_flag=True, help="Re-point a bank id held by another file to this file."
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def import_command(paths: tuple[Path, ...], replace: bool) -> None:
    """Import bank files or folders of them (all or nothing)."""
    _import(list(paths), replace)


def _import(paths: list[Path], replace: bool) -> None:
    outcome = import_paths(
        db.session, paths, max_bytes=current_app.config["BANK_MAX_BYTES"], replace=replace
    )
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not outcome.ok:
        for error in outcome.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(outcome.errors)} error(s): nothing was imported.", err=True)
        raise SystemExit(1)
    if not outcome.reports:
        click.echo("No bank files found.")
    for report in outcome.reports:
        click.echo(str(report))


@click.command("validate")
@with_appcontext
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--strict", is_flag=True, help="Treat warnings (item-writing checks too) as errors.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def validate_command(paths: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Check bank files without touching the database. Exit 1 on any error."""
    results = parse_paths(paths, max_bytes=current_app.config["BANK_MAX_BYTES"])
    for result in results:
        if result.bank is not None:
            result.warnings.extend(lint_bank(result.bank, result.path))
    ok = not any(r.errors or (strict and r.warnings) for r in results)
    if as_json:
        click.echo(json.dumps({"ok": ok, "files": [_file_summary(r) for r in results]}, indent=2))
    else:
        for result in results:
            for diagnostic in result.errors:
                click.echo(f"{diagnostic}", err=True)
            for diagnostic in result.warnings:
                click.echo(f"{diagnostic} (warning)", err=True)
            summary = _file_summary(result)
            status = "ok" if result.ok else f"{len(result.errors)} error(s)"
            click.echo(
                f"{result.path}: {status}, {summary['questions']} questions "
                f"({summary['generated']} generated)"
            )
    raise SystemExit(0 if ok else 1)


def _file_summary(result: ParseResult) -> dict[str, object]:
    questions = result.bank.questions if result.bank else []
    kinds = Counter(q.kind for q in questions)
    return {
        "path": result.path,
        "bank": result.bank.id if result.bank else None,
        "title": result.bank.title if result.bank else None,
        "questions": len(questions),
        "generated": sum(1 for q in questions if q.generated_from),
        "kinds": {kind: kinds.get(kind, 0) for kind in KINDS},
        "errors": [{"line": d.line, "message": d.message} for d in result.errors],
        "warnings": [{"line": d.line, "message": d.message} for d in result.warnings],
    }
