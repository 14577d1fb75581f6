"""Practice sessions: N questions over one scope, topics interleaved, then a summary.

This module reads and writes :class:`PracticeSession` rows; the arithmetic (sizes,
progress, interleaving, the summary) is in :mod:`quiz.practice.session_rules`. No
Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from quiz.database import FieldColumns
from quiz.models import Attempt, Bank, PracticeSession, Question, ServedQuestion, Topic
from quiz.practice.scope import in_scope_bound, scope_equals_bound, scope_params, scope_shape
from quiz.practice.serving import (
    QUESTION_VIEW_COLUMNS,
    SHOWN_COLUMNS,
    QuestionView,
    Scope,
    ShownQuestion,
    latest_unanswered_in,
    pick_next,
    question_view,
    questions_in_practice_order,
    serve,
    shown_or_none,
)
from quiz.practice.session_rules import (
    DEFAULT_SIZE,
    Asked,
    Progress,
    SessionAnswer,
    credited_score,
    first_other,
    interleave,
    not_to_repeat,
    session_size,
    shortened_note,
    still_to_ask,
)

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
    plan: list[list[int]] | None = None  # practice: [question id, topic id], best first

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
SESSION_VIEW_COLUMNS = FieldColumns(
    SessionView,
    prefix="s_",  # beside its question on screen's columns
    id=PracticeSession.id,
    user_id=PracticeSession.user_id,
    mode=PracticeSession.mode,
    bank_id=PracticeSession.bank_id,
    topic_id=PracticeSession.topic_id,
    size=PracticeSession.size,
    question_ids=PracticeSession.question_ids,
    answered=ANSWERED_COUNT,
    plan=PracticeSession.plan,
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
    return SESSION_VIEW_COLUMNS.read(row) if row is not None else None


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
    return SESSION_VIEW_COLUMNS.read(row), shown_or_none(row)


def session_view(session: Session, session_id: int) -> SessionView | None:
    row = session.connection().execute(SESSION_VIEW, {"session_id": session_id}).first()
    return SESSION_VIEW_COLUMNS.read(row) if row is not None else None


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


@cache
def _live_count(has_bank: bool, has_topic: bool) -> sa.Select:
    """How many live questions a scope of this shape has (as a session draws them)."""
    return (
        sa.select(sa.func.count(Question.id))
        .join(Topic, Topic.id == Question.topic_id)
        .where(*in_scope_bound(has_bank, has_topic), ~Topic.retired)
    )


def scope_named(
    session: Session, bank_id: int | None, topic_id: int | None, mode: str
) -> Scope | None:
    """The scope of this bank and topic in ``mode``, or None when either does not exist
    (or the topic is retired or not the bank's), or the mode needs one that is missing."""
    bank = session.get(Bank, bank_id) if bank_id is not None else None
    if bank_id is not None and bank is None:
        return None
    if topic_id is not None:
        topic = session.get(Topic, topic_id)
        if topic is None or bank is None or topic.bank_id != bank.id or topic.retired:
            return None
    if (mode == "practice" and bank is None) or (mode == "drill" and topic_id is None):
        return None
    return Scope(bank_id, topic_id, mode)


def scope_title(session: Session, scope: Scope) -> str:
    """The heading of a session's pages, such as "Drill: Bank › Topic"."""
    parts = {"practice": "Practice", "review": "Review", "drill": "Drill"}[scope.mode]
    names = [session.get(Bank, scope.bank_id).title] if scope.bank_id else ["every bank"]
    if scope.topic_id:
        names.append(session.get(Topic, scope.topic_id).title)
    return f"{parts}: {' › '.join(names)}"


def scope_place(scope: Scope) -> str:
    """What a session's scope is called in what it says ("6 questions in this topic")."""
    if scope.topic_id is not None:
        return "topic"
    return "bank" if scope.bank_id is not None else "review queue"


def start_session(
    session: Session,
    user_id: int,
    scope: Scope,
    size: int | None,
    now: datetime,
    question_ids: list[int] | None = None,
    plan: list[tuple[int, int]] | None = None,
) -> SessionView:
    """A new session over ``scope``; an unfinished one over the same scope ends first.

    A fixed list (Review missed) is as long as the list; otherwise no longer than the
    scope's live questions (:func:`~quiz.practice.session_rules.session_size`).
    A practice session keeps its ``plan``, the scope's practice order as it starts
    (computed here unless given), and draws its questions from it.
    """
    connection = session.connection()
    if question_ids is not None:
        size = len(question_ids)
    else:
        available = connection.execute(_live_count(*scope_shape(scope)), scope_params(scope))
        size = session_size(size, available.scalar_one())
    if scope.mode == "practice" and question_ids is None and plan is None:
        plan = questions_in_practice_order(session, user_id, scope, live_topics_only=True)
    connection.execute(
        _end_unfinished(*scope_shape(scope)),
        {"b_user_id": user_id, "now": now, **scope_params(scope, prefix="b_")},
    )
    values = {
        "user_id": user_id,
        "mode": scope.mode,
        "bank_id": scope.bank_id,
        "topic_id": scope.topic_id,
        "size": size,
        "question_ids": question_ids,
        "plan": [list(pair) for pair in plan] if plan is not None else None,
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
    sa.select(
        Attempt.question_id,
        Question.topic_id,
        Attempt.score,
        Attempt.overridden_at.is_not(None),
        Attempt.corrected_score,
    )
    .join(ServedQuestion, ServedQuestion.id == Attempt.served_id)
    .join(Question, Question.id == Attempt.question_id)
    .where(ServedQuestion.session_id == sa.bindparam("session_id"))
    .order_by(Attempt.created_at, Attempt.id)
)


def _served_so_far(session: Session, session_id: int) -> list[Asked]:
    """The session's answered questions, oldest first, each with whether it was missed."""
    rows = session.connection().execute(SERVED_SO_FAR, {"session_id": session_id})
    return [
        Asked(question_id, topic_id, credited_score(score, overridden, corrected) < 1.0)
        for question_id, topic_id, score, overridden, corrected in rows
    ]


LIVE_AMONG = sa.select(Question.id).where(
    Question.id.in_(sa.bindparam("question_ids", expanding=True)), ~Question.retired
)


def next_in_session(
    session: Session, practice: PracticeSession | SessionView, now: datetime, replan: bool = False
) -> int | None:
    """The id of the session's next question, or None when it has nothing more to ask.

    A fixed list (Review missed) goes in order; practice interleaves topics over the
    practice order the session planned as it started (the scope's order now when it has
    none, or with ``replan``: a planned question was retired since); review and drill
    follow the review queue. None of them asks again a question the session has asked,
    unless it was missed.
    """
    scope = scope_of(practice)
    so_far = _served_so_far(session, practice.id)
    if practice.question_ids is not None:
        asked = {asked.question_id for asked in so_far}
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
        last = so_far[-1].question_id if so_far else None
        return pick_next(
            session, practice.user_id, scope, now, after=last, skip_ids=not_to_repeat(so_far)
        )
    if practice.plan is not None and not replan:
        # the order of the questions not yet asked cannot have changed since the session
        # planned it, except by answers elsewhere: reading it again cost 0.4 ms a question
        ranked = [(question_id, topic_id) for question_id, topic_id in practice.plan]
    else:
        ranked = questions_in_practice_order(
            session, practice.user_id, scope, live_topics_only=True
        )
    return interleave(still_to_ask(ranked, so_far), [asked.topic_id for asked in so_far])


@dataclass(frozen=True)
class SessionPlace:
    """Where a learner's latest session was, so a page can take them back there."""

    mode: str
    bank_slug: str | None
    bank_title: str | None
    topic_slug: str | None
    topic_title: str | None
    size: int
    answered: int
    finished: bool


SESSION_PLACE_COLUMNS = FieldColumns(
    SessionPlace,
    mode=PracticeSession.mode,
    bank_slug=Bank.slug,
    bank_title=Bank.title,
    topic_slug=Topic.slug,
    topic_title=Topic.title,
    size=PracticeSession.size,
    answered=ANSWERED_COUNT,
    finished=PracticeSession.finished_at.is_not(None),
)
LATEST_SESSION_PLACE = (
    sa.select(*SESSION_PLACE_COLUMNS)
    .select_from(PracticeSession)
    .outerjoin(Bank, Bank.id == PracticeSession.bank_id)
    .outerjoin(Topic, (Topic.id == PracticeSession.topic_id) & ~Topic.retired)
    .where(
        PracticeSession.user_id == sa.bindparam("user_id"),
        # a bank gone or a topic retired since is no place to go back to
        (PracticeSession.bank_id.is_(None) | ~Bank.retired),
        (PracticeSession.topic_id.is_(None) | Topic.id.is_not(None)),
    )
    .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
    .limit(1)
)


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
            corrected=a.corrected_score,
        )
        for a in attempts
    ]


@dataclass(frozen=True)
class OnScreen:
    """What a scope's question page shows: a question of its session (``question``),
    or None when the session has just ended and its summary comes next."""

    practice: SessionView
    question: ShownQuestion | None
    notice: str | None = None  # a session just started shorter than the default says so


def next_on_screen(
    session: Session, user_id: int, scope: Scope, now: datetime, after: int | None = None
) -> OnScreen | None:
    """The question on screen in this scope's session, or the session's next one served,
    with the session (and how much of it is answered).

    Without a session in progress, one of the default size starts (None when the scope
    has nothing to ask). A session with nothing left is finished (``question`` None).
    ``after``: the question just answered, not asked again at once when avoidable.
    """
    active = active_session_and_pending(session, user_id, scope)
    notice = None
    if active is None:
        plan = None
        if scope.mode == "practice":
            plan = questions_in_practice_order(session, user_id, scope, live_topics_only=True)
            question_id = first_other(plan, after)
        else:
            question_id = pick_next(session, user_id, scope, now, after=after)
        if question_id is None:
            return None
        practice = start_session(session, user_id, scope, DEFAULT_SIZE, now, plan=plan)
        notice = shortened_note(DEFAULT_SIZE, practice.size, scope_place(scope))
        view = question_view(session, question_id)
    else:
        practice, served = active
        if served is not None:
            return OnScreen(practice, served)
        view = _next_view(session, practice, now)
        if view is None:
            finish_session(session, practice, now)
            return OnScreen(practice, None)
    served = serve(session, user_id, view, scope, now, session_id=practice.id)
    return OnScreen(practice, served, notice)


def _next_view(session: Session, practice: SessionView, now: datetime) -> QuestionView | None:
    """The session's next question to serve, None when it has nothing more to ask; a
    planned question retired since the session started makes it plan again."""
    if practice.progress.done:
        return None
    question_id = next_in_session(session, practice, now)
    view = question_view(session, question_id) if question_id is not None else None
    if view is not None and view.retired:
        question_id = next_in_session(session, practice, now, replan=True)
        view = question_view(session, question_id) if question_id is not None else None
    return view
