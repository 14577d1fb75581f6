"""`flask quiz draft ARTICLE`: write a bank draft from a comparison article."""

from __future__ import annotations

import os
from pathlib import Path

import click

from quiz.drafting import MAX_ARTICLE_BYTES, DraftError, draft_bank


@click.command("draft")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--bank", "bank_id", help="The bank id (a slug); derived from the title if left out.")
@click.option("--title", help="The bank title; taken from the article if left out.")
def draft_command(
    article: Path, output: Path | None, bank_id: str | None, title: str | None
) -> None:
    """Draft a question bank from ARTICLE (Markdown). The draft goes to stdout unless -o."""
    try:
        if os.path.getsize(article) > MAX_ARTICLE_BYTES:
            raise DraftError(
                f"the article is over the {MAX_ARTICLE_BYTES:,}-byte limit: "
                "split it and draft each part"
            )
        draft = draft_bank(article.read_bytes(), bank_id=bank_id, title=title)
    except DraftError as exc:
        click.echo(f"{article}: nothing drafted: {exc}", err=True)
        raise SystemExit(1) from None
    if output is None:
        click.echo(draft.markdown, nl=False)
    else:
        output.write_text(draft.markdown, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    click.echo(draft.summary(), err=True)
    raise SystemExit(1 if draft.errors else 0)
