"""What drafting gives: :class:`Draft`, the bank Markdown and what the instructor should
know about it (plain Python, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Draft:
    """What drafting gives: the bank Markdown and what the instructor should know."""

    markdown: str
    repairs: int  # mojibake sequences repaired
    lost: int  # damaged characters that could not be recovered and were removed
    notes: list[str] = field(default_factory=list)  # the TODOs, also in the Markdown
    questions_by_kind: dict[str, int] = field(default_factory=dict)  # as the parser reads it
    generated: int = 0  # questions the parser generates from the kept tables
    misconceptions: int = 0  # proposed from the comparison tables, for the open questions
    drilled: dict[str, int] = field(default_factory=dict)  # sections, tables, rows, items
    errors: list[str] = field(default_factory=list)  # validation errors (none expected)
    validated: bool = True  # False when drafted with validate=False: no counts, no errors

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in self.questions_by_kind.items() if n)
        total = sum(self.questions_by_kind.values())
        lines = [
            f"encoding: {self.repairs} repair(s) made"
            + (f", {self.lost} damaged character(s) removed" if self.lost else ""),
            f"questions: {total} ({kinds or 'none'}); {self.generated} generated from tables",
            "drilled: " + ", ".join(f"{n} {what}" for what, n in self.drilled.items()),
            f"misconceptions: {self.misconceptions} proposed from the comparison tables",
            "validation: "
            + (
                "not run"
                if not self.validated
                else "ok"
                if not self.errors
                else f"{len(self.errors)} error(s)"
            ),
        ]
        lines += [f"error: {e}" for e in self.errors]
        lines.append(f"needs a human: {len(self.notes)} TODO(s)")
        lines += [f"  TODO: {note}" for note in self.notes]
        return "\n".join(lines)
