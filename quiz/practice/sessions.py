"""Practice sessions: N questions over one scope, topics interleaved, then a summary.

The arithmetic (progress, interleaving, the summary) is plain functions over plain
values; the rest reads and writes :class:`PracticeSession` rows. No Flask here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from quiz.models import Attempt, Bank, PracticeSession, Question, ServedQuestion, Topic
from quiz.practice.service import (
    QUESTION_VIEW_COLUMNS,
    SHOWN_COLUMNS,
    Scope,
    ShownQuestion,
    latest_unanswered_in,
    pick_next,
    practice_order,
    shown_or_none,
)
from quiz.serving import scope_equals_bound, scope_params, scope_shape

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

    @property
    def credited(self) -> float:
        return 1.0 if self.overridden else self.score

    @property
    def missed(self) -> bool:
        return self.credited < 1.0


@dataclass
class TopicLine:
    title: str
    scores: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0


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


def least_asked(
    ranked: Sequence[tuple[int, int]], so_far: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The ranked candidates asked fewest times in this session, never the one just asked
    unless it is the only one: a scope smaller than the session goes round in full
    before any question comes a third time."""
    times = Counter(question_id for question_id, _ in so_far)
    last = so_far[-1][0] if so_far else None
    pool = [c for c in ranked if c[0] != last] or list(ranked)
    fewest = min((times[c[0]] for c in pool), default=0)
    return [c for c in pool if times[c[0]] == fewest]


def clamp_size(size: int | None) -> int:
    if size is None:
        return DEFAULT_SIZE
    return max(MIN_SIZE, min(MAX_SIZE, size))


# ----------------------------------------------------------------------- persistence


@dataclass(frozen=True)
class SessionView:
    """A practice session as the question pages use it, with how many of its questions
    are answered: plain values read in one statement (no ORM object)."""

    id: int
    user_id: int
    mode: str
    bank_id: int | None
    topic_id: int | None
    size: int
    question_ids: list[int] | None
    answered: int

    @property
    def progress(self) -> Progress:
        return Progress(self.answered, self.size)


def scope_of(practice: PracticeSession | SessionView) -> Scope:
    return Scope(bank_id=practice.bank_id, topic_id=practice.topic_id, mode=practice.mode)


def own_session(session: Session, user_id: int, session_id: int) -> PracticeSession | None:
    return session.scalar(
        sa.select(PracticeSession).where(
            PracticeSession.id == session_id, PracticeSession.user_id == user_id
        )
    )


ANSWERED_COUNT = (
    sa.select(sa.func.count(Attempt.id))
    .join(ServedQuestion, ServedQuestion.id == Attempt.served_id)
    .where(ServedQuestion.session_id == PracticeSession.id)
    .correlate(PracticeSession)  # only: a statement may join served_question outside
    .scalar_subquery()
)
SESSION_VIEW_COLUMNS = (
    PracticeSession.id,
    PracticeSession.user_id,
    PracticeSession.mode,
    PracticeSession.bank_id,
    PracticeSession.topic_id,
    PracticeSession.size,
    PracticeSession.question_ids,
    ANSWERED_COUNT,
)
SESSION_VIEW = sa.select(*SESSION_VIEW_COLUMNS).where(
    PracticeSession.id == sa.bindparam("session_id")
)


def _latest_active(stmt: sa.Select, has_bank: bool, has_topic: bool) -> sa.Select:
    return (
        stmt.where(
            PracticeSession.user_id == sa.bindparam("user_id"),
            *scope_equals_bound(PracticeSession, has_bank, has_topic),
            PracticeSession.finished_at.is_(None),
        )
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        .limit(1)
    )


@cache
def _active_session(has_bank: bool, has_topic: bool) -> sa.Select:
    return _latest_active(sa.select(*SESSION_VIEW_COLUMNS), has_bank, has_topic)


@cache
def _active_session_and_pending(has_bank: bool, has_topic: bool) -> sa.Select:
    stmt = (
        sa.select(*SESSION_VIEW_COLUMNS, *SHOWN_COLUMNS, *QUESTION_VIEW_COLUMNS)
        .select_from(PracticeSession)
        .outerjoin(ServedQuestion, ServedQuestion.id == latest_unanswered_in(PracticeSession.id))
        .outerjoin(Question, Question.id == ServedQuestion.question_id)
        .outerjoin(Bank, Bank.id == Question.bank_id)
        .outerjoin(Topic, Topic.id == Question.topic_id)
    )
    return _latest_active(stmt, has_bank, has_topic)


def active_session(session: Session, user_id: int, scope: Scope) -> SessionView | None:
    """The learner's unfinished session over exactly this scope (the latest one)."""
    row = (
        session.connection()
        .execute(_active_session(*scope_shape(scope)), {"user_id": user_id, **scope_params(scope)})
        .first()
    )
    return SessionView(*row) if row is not None else None


def active_session_and_pending(
    session: Session, user_id: int, scope: Scope
) -> tuple[SessionView, ShownQuestion | None] | None:
    """:func:`active_session` with its question on screen and not answered yet (still
    as shown), None when it has none: one statement for both."""
    row = (
        session.connection()
        .execute(
            _active_session_and_pending(*scope_shape(scope)),
            {"user_id": user_id, **scope_params(scope)},
        )
        .first()
    )
    if row is None:
        return None
    columns = len(SESSION_VIEW_COLUMNS)
    return SessionView(*row[:columns]), shown_or_none(row[columns:])


def session_view(session: Session, session_id: int) -> SessionView | None:
    row = session.connection().execute(SESSION_VIEW, {"session_id": session_id}).first()
    return SessionView(*row) if row is not None else None


@cache
def _end_unfinished(has_bank: bool, has_topic: bool) -> sa.Update:
    return (
        sa.update(PracticeSession)
        .where(
            PracticeSession.user_id == sa.bindparam("b_user_id"),
            *scope_equals_bound(PracticeSession, has_bank, has_topic, prefix="b_"),
            PracticeSession.finished_at.is_(None),
        )
        .values(finished_at=sa.bindparam("now", type_=PracticeSession.finished_at.type))
    )


INSERT_SESSION = sa.insert(PracticeSession.__table__)


def start_session(
    session: Session,
    user_id: int,
    scope: Scope,
    size: int,
    now: datetime,
    question_ids: list[int] | None = None,
) -> SessionView:
    """A new session over ``scope``; an unfinished one over the same scope ends first."""
    connection = session.connection()
    connection.execute(
        _end_unfinished(*scope_shape(scope)),
        {"b_user_id": user_id, "now": now, **scope_params(scope, prefix="b_")},
    )
    values = {
        "user_id": user_id,
        "mode": scope.mode,
        "bank_id": scope.bank_id,
        "topic_id": scope.topic_id,
        "size": clamp_size(size),
        "question_ids": question_ids,
    }
    inserted = connection.execute(INSERT_SESSION, {**values, "started_at": now})
    session.commit()
    return SessionView(id=inserted.inserted_primary_key[0], **values, answered=0)


def finish_session(
    session: Session, practice: PracticeSession | SessionView, now: datetime
) -> None:
    """Mark the session finished once (a reload or a second tab changes nothing)."""
    session.execute(
        sa.update(PracticeSession)
        .where(PracticeSession.id == practice.id, PracticeSession.finished_at.is_(None))
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if isinstance(practice, PracticeSession):
        session.refresh(practice)


def _session_attempts(practice: PracticeSession) -> sa.Select:
    return (
        sa.select(Attempt)
        .join(ServedQuestion, ServedQuestion.id == Attempt.served_id)
        .where(ServedQuestion.session_id == practice.id)
    )


ANSWERED_IN_SESSION = (
    sa.select(sa.func.count(Attempt.id))
    .join(ServedQuestion, ServedQuestion.id == Attempt.served_id)
    .where(ServedQuestion.session_id == sa.bindparam("session_id"))
)


def progress_of(session: Session, practice: PracticeSession) -> Progress:
    answered = session.connection().execute(ANSWERED_IN_SESSION, {"session_id": practice.id})
    return Progress(answered.scalar() or 0, practice.size)


SERVED_SO_FAR = (
    sa.select(Attempt.question_id, Question.topic_id)
    .join(ServedQuestion, ServedQuestion.id == Attempt.served_id)
    .join(Question, Question.id == Attempt.question_id)
    .where(ServedQuestion.session_id == sa.bindparam("session_id"))
    .order_by(Attempt.created_at, Attempt.id)
)


def _served_so_far(session: Session, session_id: int) -> list[tuple[int, int]]:
    """(question id, topic id) of the session's answered questions, oldest first."""
    rows = session.connection().execute(SERVED_SO_FAR, {"session_id": session_id})
    return [(question_id, topic_id) for question_id, topic_id in rows]


LIVE_AMONG = sa.select(Question.id).where(
    Question.id.in_(sa.bindparam("question_ids", expanding=True)), ~Question.retired
)


@cache
def _ranked(has_bank: bool, has_topic: bool) -> sa.Select:
    """The scope's live questions in practice order, with their topics (none retired)."""
    return (
        practice_order(has_bank, has_topic)
        .join(Topic, Topic.id == Question.topic_id)
        .where(~Topic.retired)
    )


def next_in_session(
    session: Session, practice: PracticeSession | SessionView, now: datetime
) -> int | None:
    """The id of the session's next question, or None when it has nothing more to ask.

    A fixed list (Review missed) goes in order; practice interleaves topics over the
    scope's practice order, not repeating a question while others are left; review and
    drill follow the review queue.
    """
    scope = scope_of(practice)
    so_far = _served_so_far(session, practice.id)
    if practice.question_ids is not None:
        asked = {question_id for question_id, _ in so_far}
        live = set(
            session.connection()
            .execute(LIVE_AMONG, {"question_ids": practice.question_ids})
            .scalars()
        )
        for question_id in practice.question_ids:
            if question_id not in asked and question_id in live:
                return question_id
        return None
    if scope.mode != "practice":
        last = so_far[-1][0] if so_far else None
        return pick_next(session, practice.user_id, scope, now, last)
    rows = session.connection().execute(
        _ranked(*scope_shape(scope)), {"user_id": practice.user_id, **scope_params(scope)}
    )
    ranked = [(question_id, topic_id) for question_id, topic_id in rows]
    return interleave(least_asked(ranked, so_far), [topic_id for _, topic_id in so_far])


def session_answers(session: Session, practice: PracticeSession) -> list[SessionAnswer]:
    attempts = session.scalars(
        _session_attempts(practice)
        .options(joinedload(Attempt.question).joinedload(Question.topic))
        .order_by(Attempt.created_at, Attempt.id)
    ).all()
    return [
        SessionAnswer(
            attempt_id=a.id,
            question_id=a.question_id,
            topic=a.question.topic.title,
            headline=a.question.headline,
            score=a.score,
            verdict=a.verdict,
            time_ms=a.time_taken_ms,
            overridden=a.overridden_at is not None,
            retired=a.question.retired,
        )
        for a in attempts
    ]
