"""What every step of parsing one file shares.

:class:`ParseContext` holds the file's path and source lines (the text the block ranges
index into), the :class:`~quiz.banks.diagnostics.Diagnostics` being collected and the
question ids claimed so far, with the one rule about them: a question id is used once
per bank, whether an author wrote it, it was derived from a heading or a comparison
table generated it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostics


@dataclass
class ParseContext:
    path: str
    lines: list[str]
    diagnostics: Diagnostics
    question_ids: dict[str, int] = field(default_factory=dict)  # id -> line first used

    @classmethod
    def for_text(cls, text: str, path: str) -> ParseContext:
        return cls(path, text.split("\n"), Diagnostics(path))

    def error(self, line: int, message: str) -> None:
        self.diagnostics.error(line, message)

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.warn(line, message)

    @property
    def error_count(self) -> int:
        return len(self.diagnostics.errors)

    def claim_id(self, qid: str, line: int, fix: str) -> bool:
        """Take ``qid`` for the question at ``line``; a second use is an error."""
        if qid in self.question_ids:
            self.error(
                line,
                f"duplicate question id {qid!r} (first used at line {self.question_ids[qid]}): "
                f"{fix}",
            )
            return False
        self.question_ids[qid] = line
        return True
