"""What the result pages show beyond the score: options marked in place.

Plain functions over plain values; no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.scoring.choices import multiple_select_score


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


@dataclass(frozen=True)
class MultipleSelectScore:
    """How a multiple-select answer's score is made, for the result page to explain:
    each right pick earns its share of the right options, each wrong pick costs its
    share of the wrong ones, and the score never goes below 0."""

    right: int
    right_total: int
    wrong: int
    wrong_total: int

    @property
    def earned(self) -> float:
        return self.right / self.right_total if self.right_total else 0.0

    @property
    def penalty(self) -> float:
        return self.wrong / self.wrong_total if self.wrong_total else 0.0

    @property
    def score(self) -> float:
        return multiple_select_score(self.right, self.right_total, self.wrong, self.wrong_total)


def multiple_select_breakdown(options: list[MarkedOption]) -> MultipleSelectScore:
    """The counts behind a multiple-select score, from the options as marked."""
    return MultipleSelectScore(
        right=sum(1 for o in options if o.picked and o.correct),
        right_total=sum(1 for o in options if o.correct),
        wrong=sum(1 for o in options if o.picked and not o.correct),
        wrong_total=sum(1 for o in options if not o.correct),
    )
