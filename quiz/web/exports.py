"""CSV that spreadsheets open safely. Plain Python, no Flask.

A cell starting with ``=``, ``+``, ``-`` or ``@`` would run as a formula in Excel,
LibreOffice or Google Sheets (CSV injection), so text gets a leading ``'`` (numbers
are written as numbers); the csv module
does the quoting of commas, quotes and newlines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):  # a number, even negative, is never a formula
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 style: \r\n line ends, minimal quoting
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
