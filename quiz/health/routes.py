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
    return {"status": "ready", "migrations": sorted(current), "rate_limits": rate_limit_storage()}


def rate_limit_storage() -> str:
    """ "ok", or "degraded" while Redis is away (limits then count per process).

    Never a reason to fail readiness: a load balancer must not pull every server
    because the shared limit counts are unreachable."""
    limiter = next(iter(current_app.extensions.get("limiter", ())), None)
    if limiter is None or limiter.storage.check():
        return "ok"
    return "degraded"
