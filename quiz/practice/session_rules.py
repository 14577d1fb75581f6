"""Practice sessions' arithmetic: sizes, progress, topics interleaved, the summary.

Plain functions over plain values (no database, no Flask); :mod:`quiz.practice.sessions`
applies them to stored sessions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

DEFAULT_SIZE = 10
SIZE_CHOICES = (5, 10, 20, 30)
MIN_SIZE, MAX_SIZE = 1, 50
MODES = ("practice", "review", "drill")


# ------------------------------------------------------------------------ arithmetic


@dataclass(frozen=True)
class Progress:
    answered: int
    size: int

    @property
    def done(self) -> bool:
        return self.answered >= self.size

    @property
    def position(self) -> int:
        """The 1-based number of the question on screen ("Question 3 of 10")."""
        return min(self.answered + 1, self.size)

    @property
    def percent(self) -> int:
        return round(100 * min(self.answered, self.size) / self.size) if self.size else 100


# a scope's live question with the learner's attempt summary of it: id, topic id,
# position, the latest attempt (None: never attempted) as the database compares it (its
# stored text on SQLite: parsing 150 datetimes cost more than the sort), mean score
ScopeQuestion = tuple[int, int, int, Any, float | None]


def practice_order(questions: Iterable[ScopeQuestion]) -> list[tuple[int, int]]:
    """A scope's questions ((id, topic id)): unseen first, then the weakest (lowest mean
    score) and least recently attempted seen ones.

    Unseen questions take turns across topics (each topic's first by position, then each
    one's second, ...), so a topic made of one big table does not come as dozens in a
    row. Sorted here rather than in SQL: a window function and two sorts cost the
    database 0.35 ms of every practice question served at 150 questions.
    """
    keyed = []
    topic, turn = None, 0
    for question_id, topic_id, position, last_at, mean_score in sorted(
        questions, key=itemgetter(1, 2)
    ):
        turn = turn + 1 if topic_id == topic else 1  # the question's turn in its topic
        topic = topic_id
        if last_at is None:
            key: tuple = (False, 0.0, turn, position)
        else:
            mean = 0.0 if mean_score is None else mean_score
            key = (True, mean, last_at, turn, position)
        keyed.append((key, question_id, topic_id))
    keyed.sort(key=itemgetter(0))
    return [(question_id, topic_id) for _, question_id, topic_id in keyed]


def first_other(ordered: Sequence[tuple[int, int]], exclude_id: int | None) -> int | None:
    """The first question of ``ordered`` ((id, topic id)) other than ``exclude_id``, the
    one just answered, unless it is the only one."""
    for question_id, _ in ordered:
        if question_id != exclude_id:
            return question_id
    return ordered[0][0] if ordered else None


def interleave(candidates: Sequence[tuple[int, int]], recent_topics: Sequence[int]) -> int | None:
    """Pick from ``candidates`` ((question id, topic id), best first) so topics take turns.

    The best candidate of the topic shown least recently wins: a topic never shown in
    the session first, otherwise the one whose last question is furthest back in
    ``recent_topics`` (oldest first). One big topic (a generated summary table) gets
    its turn like the others instead of a long run.
    """
    if not candidates:
        return None
    last_seen = {topic: i for i, topic in enumerate(recent_topics)}
    best: dict[int, tuple[int, int]] = {}  # topic -> (rank, question id)
    for rank, (question_id, topic_id) in enumerate(candidates):
        best.setdefault(topic_id, (rank, question_id))
    topic = min(best, key=lambda t: (last_seen.get(t, -1), best[t][0]))
    return best[topic][1]


def credited_score(score: float, overridden: bool, corrected: float | None) -> float:
    """As ``Attempt.credited_score``: overridden 1, else corrected, else the score."""
    if overridden:
        return 1.0
    return corrected if corrected is not None else score


@dataclass(frozen=True)
class SessionAnswer:
    """One answer of a session, as the summary needs it."""

    attempt_id: int
    question_id: int
    topic: str
    headline: str
    score: float
    verdict: str
    time_ms: int | None
    overridden: bool = False
    retired: bool = False
    corrected: float | None = None  # the corrected checklist's score, if corrected

    @property
    def credited(self) -> float:
        return credited_score(self.score, self.overridden, self.corrected)

    @property
    def missed(self) -> bool:
        return self.credited < 1.0


class ScoreTally:
    """A report line's scores: how many, and their mean (0 when there are none)."""

    scores: list[float]

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


@dataclass
class TopicLine(ScoreTally):
    title: str
    scores: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Summary:
    answered: int
    score: float
    right: int
    topics: list[TopicLine]
    time_ms: int
    missed: list[SessionAnswer]


def summarise(answers: Sequence[SessionAnswer]) -> Summary:
    """Score (mean credited score), per topic in first-seen order, time, missed questions."""
    topics: dict[str, TopicLine] = {}
    for answer in answers:
        topics.setdefault(answer.topic, TopicLine(answer.topic)).scores.append(answer.credited)
    scores = [a.credited for a in answers]
    missed: dict[int, SessionAnswer] = {}
    for answer in answers:  # a question missed twice is listed once
        if answer.missed:
            missed.setdefault(answer.question_id, answer)
    return Summary(
        answered=len(answers),
        score=sum(scores) / len(scores) if scores else 0.0,
        right=sum(1 for s in scores if s >= 1.0),
        topics=list(topics.values()),
        time_ms=sum(a.time_ms or 0 for a in answers),
        missed=list(missed.values()),
    )


@dataclass(frozen=True)
class Asked:
    """A question answered in a session, as choosing the next one needs it."""

    question_id: int
    topic_id: int
    missed: bool  # its credited score is below 1


def still_to_ask(
    ranked: Sequence[tuple[int, int]], so_far: Sequence[Asked]
) -> list[tuple[int, int]]:
    """The ranked candidates a session may still ask: those it has not asked yet, else
    those missed the last time it asked them (a question answered right never comes
    twice), never the one just asked unless it is the only one left."""
    missed_last = {asked.question_id: asked.missed for asked in so_far}
    unasked = [c for c in ranked if c[0] not in missed_last]
    if unasked:
        return unasked
    missed = [c for c in ranked if missed_last.get(c[0])]
    last = so_far[-1].question_id if so_far else None
    return [c for c in missed if c[0] != last] or missed


def not_to_repeat(so_far: Sequence[Asked]) -> set[int]:
    """The questions a session has asked and must not ask again: right the last time."""
    missed_last = {asked.question_id: asked.missed for asked in so_far}
    return {question_id for question_id, missed in missed_last.items() if not missed}


def session_size(requested: int | None, available: int) -> int:
    """A session's length: the one asked for (clamped), but no more than the questions
    its scope has, so a short topic gives a short session rather than repeats."""
    return max(MIN_SIZE, min(clamp_size(requested), available))


def shortened_note(requested: int | None, size: int, where: str) -> str | None:
    """What a session shorter than asked for says ("6 questions in this topic"), or None."""
    if size >= clamp_size(requested):
        return None
    return f"{size} question{'' if size == 1 else 's'} in this {where}, so this session has {size}."


def clamp_size(size: int | None) -> int:
    if size is None:
        return DEFAULT_SIZE
    return max(MIN_SIZE, min(MAX_SIZE, size))
