"""Errors and warnings found while parsing one bank file.

A :class:`~quiz.banks.model.Diagnostic` is one ``FILE:LINE: message``. This module owns
how they are gathered: :class:`Diagnostics` collects a file's errors (any error keeps the
bank from importing) and warnings (reported, never blocking), clamps line numbers to the
first line, and :func:`by_line` orders them for the report. Parsing goes on after the
first error, so a file reports all of its problems at once. :func:`plural` words counts
in messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Diagnostic


class Diagnostics:
    """The errors and warnings of one file, in the order they were found."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def error(self, line: int, message: str) -> None:
        self.errors.append(Diagnostic(self.path, max(1, line), message))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(self.path, max(1, line), message))


def by_line(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file order (stable: those on one line keep the order found)."""
    return sorted(diags, key=lambda d: d.line)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
