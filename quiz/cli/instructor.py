"""`flask quiz instructor USERNAME [--revoke]`: grant or take back the instructor role."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from quiz.extensions import db
from quiz.models import User


@click.command("instructor")
@click.argument("username")
@click.option("--revoke", is_flag=True, help="Take the instructor role back.")
@with_appcontext
def instructor_command(username: str, revoke: bool) -> None:
    """Grant USERNAME the instructor role (or take it back with --revoke)."""
    user = db.session.scalar(sa.select(User).where(User.username_key == username.casefold()))
    if user is None:
        click.echo(f"No account named {username!r}.", err=True)
        raise SystemExit(1)
    user.role = "learner" if revoke else "instructor"
    db.session.commit()
    click.echo(f"{user.username} is {'no longer' if revoke else 'now'} an instructor.")
