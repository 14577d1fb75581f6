"""SQL functions that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement):
    """Whole seconds since 1970 of a stored UTC time, on SQLite and PostgreSQL."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_seconds_sqlite(element, compiler, **kw):
    # SQLite stores 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC; %s reads it as UTC but rounds
    # to the millisecond (23:59:59.9999 would be the next day), so drop the fraction.
    value = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('%s', substr({value}, 1, 19)) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_seconds_postgresql(element, compiler, **kw):
    return f"CAST(floor(extract(epoch FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"
