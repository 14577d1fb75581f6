"""What the result pages show beyond the score: options marked in place.

Plain functions over plain values; no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkedOption:
    """One option of a choice question as the learner saw it, marked after answering."""

    html: str
    picked: bool
    correct: bool

    @property
    def mark(self) -> str:
        """right-pick, wrong-pick, missed (a right one not picked) or plain."""
        if self.picked:
            return "right-pick" if self.correct else "wrong-pick"
        return "missed" if self.correct else "plain"


def mark_options(
    options_html: list[str], shown_order: list[int], picked: list[int], correct: list[int]
) -> list[MarkedOption]:
    """Every option in the order shown, each marked picked and/or correct.

    ``shown_order`` lists option indices (file order) as shown; an order that does not
    fit the options (an old attempt, a later edit) falls back to file order.
    """
    indices = list(range(len(options_html)))
    if sorted(shown_order) != indices:
        shown_order = indices
    chosen, right = set(picked), set(correct)
    return [MarkedOption(options_html[i], i in chosen, i in right) for i in shown_order]
