"""A fact of a comparison table asked without options, for recall.

Plain Python, no Flask. Used by ``tables`` for the fact of a row that cannot be offered
with options of its own: in a row of three things and three different values, one
"which framework …?" question and one "what does it have?" question take the only two
option sets the row has (the things, the values), and a third question with either set
would let answering one answer the other. That fact is asked to be typed instead: a
short answer for a value of a few words or a list (any one item answers), an open
question for a longer value, its key point the value and its misconceptions the other
things' values said of this thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Misconception, QuestionKind

# A value of at most this many words is typed as a short answer ("WSGI", "Steep").
TYPED_SHORT_WORDS = 3


@dataclass(frozen=True)
class Recall:
    """A typed question: its kind and what its kind needs."""

    kind: QuestionKind
    prompt: str
    answers: list[str] = field(default_factory=list)
    key_points: list[list[str]] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)


def parts_of(value: str) -> list[str]:
    """A value's claims: the items of a list ("Prototypes, small apps, microservices"),
    else the value itself."""
    parts = [p.strip(" .;") for p in re.split(r",\s*|\s+and\s+(?=\S+$)", value)]
    return [p for p in parts if p] or [value]


def recall(
    thing: str, attr: str, value: str, prompt: str, others: list[tuple[str, str]], is_list: bool
) -> Recall:
    """Ask that ``thing``'s ``attr`` (the row's name, lower case) is ``value``, without
    options. ``others`` are the other things of the row with their values (each phrased
    without its own name); ``is_list`` says whether ``value`` is a list of short items."""
    if is_list:
        # Any one item answers; an open question would read a list as keyword stuffing.
        return Recall("short", f"{prompt} Name one.", answers=[value, *parts_of(value)])
    if len(value.split()) <= TYPED_SHORT_WORDS:
        return Recall("short", prompt, answers=[value])
    misconceptions = [
        # Tied to the thing's name: giving it another thing's value is the mistake,
        # never comparing ("unlike Flask, which is slower under high I/O concurrency").
        Misconception(
            (f"{thing} {other}",),
            f"In the comparison, {thing}'s {attr} is “{value}”; “{other}” is {owner}'s.",
        )
        for owner, other in others
    ]
    return Recall("open", prompt, key_points=[[value]], misconceptions=misconceptions)
