"""The rubric checklist of an open answer: the learner's words that matched each key point
and misconception, highlighted in the answer, and a checklist the learner may correct
("I covered this", "I said this"). The corrected checklist's score is stored apart from
the automatic one (quiz/practice/corrections.py); progress and the review schedule
count it (``Attempt.credited_score``).

Plain functions over plain values (the attempt's stored answer, grade detail and the
snapshot of what it was graded against); no Flask, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from quiz.banks.model import DEFAULT_MISCONCEPTION_CAP, Misconception
from quiz.banks.model import Question as QuestionSpec
from quiz.scoring.open_answers import KEYWORD_LIST_CAP, score_open
from quiz.web.rendering import render_markdown

INDEX = re.compile(r"[0-9]{1,4}")  # ASCII only: "²".isdigit() is True
UNCORRECTED = "grader"  # the stamp of a checklist nobody corrected yet


# ------------------------------------------------------------------ highlighting


@dataclass(frozen=True)
class Segment:
    """A run of the answer's text, with the key points and misconceptions (indices)
    whose matched words it is part of; both empty for plain text."""

    text: str
    points: tuple[int, ...] = ()
    misconceptions: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.points or self.misconceptions)


def _normalised(text: str) -> tuple[str, list[int] | None]:
    """``text`` NFKC-normalised (as the grader read it), with, per normalised character,
    the index of the original character it came from; None when that cannot be mapped
    (a normalisation joining characters), then the normalised text is shown."""
    whole = unicodedata.normalize("NFKC", text)
    if whole == text:
        return text, list(range(len(text)))
    pieces = [unicodedata.normalize("NFKC", ch) for ch in text]
    if "".join(pieces) != whole:
        return whole, None
    return whole, [i for i, piece in enumerate(pieces) for _ in piece]


def _occurrences(text: str, span: str) -> list[tuple[int, int]]:
    """Where ``span`` occurs in ``text`` as whole words (every occurrence; the grade
    keeps the words, not their places). A span found only inside words: its first
    occurrence."""
    if not span:
        return []
    found, inside = [], []
    start = text.find(span)
    while start != -1:
        end = start + len(span)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        (inside if before.isalnum() or after.isalnum() else found).append((start, end))
        start = text.find(span, start + 1)
    return found or inside[:1]


def highlight(
    answer: str,
    point_words: Sequence[Sequence[str]],
    misconception_words: Sequence[Sequence[str]],
) -> list[Segment]:
    """The answer cut into segments, each marked with the key points and misconceptions
    whose matched words (exact substrings of the NFKC-normalised answer, as the grade
    keeps them) cover it. Overlapping matches share a segment. The original text is
    returned where the normalisation maps back to it character by character."""
    text, origin = _normalised(answer)
    ranges: list[tuple[int, int, str, int]] = []
    for kind, groups in (("p", point_words), ("m", misconception_words)):
        for index, words in enumerate(groups):
            for span in words if isinstance(words, (list, tuple)) else ():
                if isinstance(span, str):
                    ranges.extend((a, b, kind, index) for a, b in _occurrences(text, span))
    shown = answer if origin is not None else text
    if origin is not None:  # onto the original characters ("ＡＳＧＩ" shows as typed)
        ranges = [(origin[a], origin[b - 1] + 1, kind, i) for a, b, kind, i in ranges]
    cuts = sorted({0, len(shown), *(a for a, *_ in ranges), *(b for _, b, *_ in ranges)})
    segments: list[Segment] = []
    for a, b in pairwise(cuts):
        covering = [(kind, i) for start, end, kind, i in ranges if start <= a and b <= end]
        points = tuple(sorted({i for kind, i in covering if kind == "p"}))
        wrong = tuple(sorted({i for kind, i in covering if kind == "m"}))
        last = segments[-1] if segments else None
        if last is not None and (last.points, last.misconceptions) == (points, wrong):
            segments[-1] = Segment(last.text + shown[a:b], points, wrong)
        else:
            segments.append(Segment(shown[a:b], points, wrong))
    return segments


# --------------------------------------------------------------------- checklist


@dataclass(frozen=True)
class PointItem:
    """One key point on the checklist."""

    index: int
    tag: str  # its number in the answer's highlights: "1"
    phrasings: tuple[str, ...]  # the first one names it
    words: tuple[str, ...]  # the learner's words that matched it
    graded: bool  # the grader said it was covered
    ticked: bool  # covered on the checklist as it stands (corrected, or the grader's)
    # the grader read the answer as stating it the opposite way round: that caps the
    # score like a misconception until the learner ticks it as covered
    contradicted: bool = False


@dataclass(frozen=True)
class MisconceptionItem:
    """One misconception on the checklist, with why it is wrong."""

    index: int
    tag: str  # "M1"
    phrasings: tuple[str, ...]
    why_html: str  # rendered and sanitised like explanations
    words: tuple[str, ...]
    graded: bool  # the grader said the answer asserts it
    ticked: bool


@dataclass(frozen=True)
class Checklist:
    """An open answer's rubric check as its result pages show it."""

    attempt_id: int
    segments: list[Segment]
    points: list[PointItem]
    misconceptions: list[MisconceptionItem]
    score: float  # the automatic score, kept
    corrected_score: float | None  # the latest corrected checklist's, if any
    stamp: str  # which checklist the page shows: a form built on another is stale
    keyword_list: bool  # the grader capped a bare list of keywords (the cap stays)
    cap: float  # the score's cap when a misconception is asserted
    overridden: bool  # "I was right" already counts it as right

    @property
    def corrected(self) -> bool:
        return self.corrected_score is not None

    @property
    def contradicted(self) -> bool:
        """The grader read a key point as stated the opposite way round."""
        return any(p.contradicted for p in self.points)

    @property
    def keyword_list_cap(self) -> float:
        """The score's cap for a bare list of keywords (the grader's)."""
        return KEYWORD_LIST_CAP

    def mark_tags(self, segment: Segment) -> str:
        """The short tags of a highlighted segment: "1", "2, M1"."""
        return ", ".join(self._tags(segment))

    def mark_label(self, segment: Segment) -> str:
        """The same in words, for screen readers: "key point 2, misconception M1"."""
        named = [f"key point {t}" for t in self._tags(segment) if not t.startswith("M")]
        named += [f"misconception {t}" for t in self._tags(segment) if t.startswith("M")]
        return ", ".join(named)

    def _tags(self, segment: Segment) -> list[str]:
        return [self.points[i].tag for i in segment.points if i < len(self.points)] + [
            self.misconceptions[i].tag
            for i in segment.misconceptions
            if i < len(self.misconceptions)
        ]

    @property
    def differs(self) -> bool:
        """The checklist as it stands differs from what the grader decided."""
        return any(p.ticked != p.graded for p in self.points) or any(
            m.ticked != m.graded for m in self.misconceptions
        )


def stamp_of(corrected_at: datetime | None) -> str:
    """The stamp of a checklist: the grader's, or the time of its latest correction."""
    return UNCORRECTED if corrected_at is None else corrected_at.isoformat()


def _ints(values: Any) -> list[int]:
    if not isinstance(values, list):
        return []
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _lists(values: Any) -> list[Any]:
    return list(values) if isinstance(values, list) else []


def _strings(values: Any) -> tuple[str, ...]:
    if not isinstance(values, (list, tuple)):
        return ()
    return tuple(v for v in values if isinstance(v, str))


def shown_misconceptions(shown: dict[str, Any], detail: dict[str, Any]) -> list[dict[str, Any]]:
    """The misconceptions an answer was graded against, from its snapshot. An older
    snapshot without them still has those the grader found asserted, unnamed."""
    listed = shown.get("misconceptions")
    if isinstance(listed, list):
        return [m for m in listed if isinstance(m, dict)]
    asserted = _ints(detail.get("misconceptions"))
    return [{"phrasings": [], "why_md": ""} for _ in range(max(asserted, default=-1) + 1)]


def build_checklist(
    attempt_id: int,
    answer: str,
    score: float,
    detail: dict[str, Any],
    shown: dict[str, Any],
    correction: dict[str, Any] | None,
    corrected_score: float | None,
    corrected_at: datetime | None,
    overridden: bool,
) -> Checklist:
    """The checklist of one open answer (``shown``: the snapshot it was graded against)."""
    key_points = [_strings(p) for p in shown.get("key_points", [])]
    misconceptions = shown_misconceptions(shown, detail)
    point_words = _lists(detail.get("key_point_words"))[: len(key_points)]
    wrong_words = _lists(detail.get("misconception_words"))[: len(misconceptions)]
    graded_points = set(_ints(detail.get("covered")))
    graded_wrong = set(_ints(detail.get("misconceptions")))
    contradicted = set(_ints(detail.get("contradicted")))
    if correction is not None and corrected_score is not None:
        ticked_points = set(_ints(correction.get("covered")))
        ticked_wrong = set(_ints(correction.get("asserted")))
    else:
        ticked_points, ticked_wrong = graded_points, graded_wrong

    def words(groups: list[Any], index: int) -> tuple[str, ...]:
        return _strings(groups[index]) if index < len(groups) else ()

    return Checklist(
        attempt_id=attempt_id,
        segments=highlight(answer, point_words, wrong_words),
        points=[
            PointItem(
                index=i,
                tag=str(i + 1),
                phrasings=phrasings or (f"Key point {i + 1}",),
                words=words(point_words, i),
                graded=i in graded_points,
                ticked=i in ticked_points,
                contradicted=i in contradicted,
            )
            for i, phrasings in enumerate(key_points)
        ],
        misconceptions=[
            MisconceptionItem(
                index=i,
                tag=f"M{i + 1}",
                phrasings=_strings(m.get("phrasings"))
                or ("a misconception since reworded in the bank",),
                why_html=render_markdown(m.get("why_md") or ""),
                words=words(wrong_words, i),
                graded=i in graded_wrong,
                ticked=i in ticked_wrong,
            )
            for i, m in enumerate(misconceptions)
        ],
        score=score,
        corrected_score=corrected_score,
        stamp=stamp_of(corrected_at),
        keyword_list=bool(detail.get("keyword_list")),
        cap=_cap(shown),
        overridden=overridden,
    )


def _cap(shown: dict[str, Any]) -> float:
    cap = shown.get("misconception_cap")
    return float(cap) if isinstance(cap, (int, float)) else DEFAULT_MISCONCEPTION_CAP


def checklist_score(checklist: Checklist, covered: Sequence[int], asserted: Sequence[int]) -> float:
    """The score of a corrected checklist, by the rule that scores open answers
    (``score_open``): proportional to the key points covered, capped when a
    misconception is asserted or a point the grader read as stated the opposite way
    round is left unticked, and still capped when the grader found a bare list of
    keywords (that is not on the checklist, so ticking cannot lift it)."""
    spec = QuestionSpec(
        id="",
        kind="open",
        prompt_md="",
        topic_slug="",
        key_points=[list(p.phrasings) for p in checklist.points],
        misconceptions=[Misconception(m.phrasings) for m in checklist.misconceptions],
        misconception_cap=checklist.cap,
    )
    contradicted = tuple(p.index for p in checklist.points if p.contradicted)
    return score_open(
        spec,
        tuple(covered),
        tuple(asserted),
        keyword_list=checklist.keyword_list,
        contradicted=contradicted,
    )


def parse_ticks(values: Sequence[str], count: int) -> tuple[int, ...] | None:
    """The indices a checklist form ticked, sorted; None when any is not an index below
    ``count`` or comes twice (no page of this app sends that)."""
    indices = []
    for raw in values:
        if not INDEX.fullmatch(raw) or int(raw) >= count:
            return None
        indices.append(int(raw))
    if len(set(indices)) != len(indices):
        return None
    return tuple(sorted(indices))
