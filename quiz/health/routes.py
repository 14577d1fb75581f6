"""Probes for a load balancer: /healthz (the process answers), /readyz (it can serve)."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from quiz.extensions import db
from quiz.health import bp


@cache
def migration_heads(directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(directory).get_heads())


@bp.get("/healthz")
def healthz():
    return {"status": "ok"}


@bp.get("/readyz")
def readyz():
    directory = current_app.extensions["migrate"].directory
    try:
        with db.engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except sa.exc.SQLAlchemyError as exc:
        current_app.logger.warning("readyz: database unreachable: %s", exc)
        return {"status": "database unreachable"}, 503
    expected = migration_heads(directory)
    if current != expected:
        return {
            "status": "migrations not at head",
            "database": sorted(current),
            "expected": sorted(expected),
        }, 503
    return {"status": "ready", "migrations": sorted(current)}
