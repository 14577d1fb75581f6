"""attempt_summary (kept by database triggers) always equals a recount of the attempts,
however they were stored, and the practice order follows it."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Attempt, AttemptSummary, Question, User, utcnow
from quiz.practice.scope import Scope
from quiz.practice.serving import next_question, questions_in_practice_order
from tests.conftest import add_attempt

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def recount() -> set[tuple]:
    rows = db.session.execute(
        sa.select(
            Attempt.user_id,
            Attempt.question_id,
            sa.func.count(),
            sa.func.sum(Attempt.score),
            sa.func.max(Attempt.created_at),
            sa.func.count(Attempt.overridden_at),
            # Attempt.credited_score: overridden 1, else the corrected score, else the score
            sa.func.sum(
                sa.case(
                    (Attempt.overridden_at.is_not(None), 1.0),
                    else_=sa.func.coalesce(Attempt.corrected_score, Attempt.score),
                )
            ),
        ).group_by(Attempt.user_id, Attempt.question_id)
    )
    return {(u, q, n, round(s, 9), at, o, round(c, 9)) for u, q, n, s, at, o, c in rows}


def credited_by_python() -> dict[tuple[int, int], float]:
    """The same credit summed from ``Attempt.credited_score`` (the model's property)."""
    sums: dict[tuple[int, int], float] = {}
    for a in db.session.scalars(sa.select(Attempt)):
        key = (a.user_id, a.question_id)
        sums[key] = round(sums.get(key, 0.0) + a.credited_score, 9)
    return sums


def kept() -> set[tuple]:
    rows = db.session.execute(
        sa.select(
            AttemptSummary.user_id,
            AttemptSummary.question_id,
            AttemptSummary.attempts,
            AttemptSummary.score_sum,
            AttemptSummary.last_at,
            AttemptSummary.overrides,
            AttemptSummary.credited_sum,
        )
    )
    return {(u, q, n, round(s, 9), at, o, round(c, 9)) for u, q, n, s, at, o, c in rows}


def test_summary_follows_inserts_of_every_kind_and_deletes(app, client, auth, every_kind_bank):
    auth.register()
    # through the app: a practice answer stored with a Core insert
    page = client.get(f"/practice/{every_kind_bank}/").get_data(as_text=True)
    assert "Submit answer" in page
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        questions = list(db.session.scalars(sa.select(Question.id).order_by(Question.id)))
        # ORM inserts, out of time order and for several questions
        for question_id, minutes, score in (
            (questions[0], 5, 1.0),
            (questions[0], 1, 0.25),
            (questions[1], 3, 0.0),
        ):
            add_attempt(user_id, question_id, score, T0 + timedelta(minutes=minutes))
        assert kept() == recount()
        assert (user_id, questions[0], 2, 1.25, T0 + timedelta(minutes=5), 0, 1.25) in kept()
        # an "I was right" override counts once, however often the column is written
        first = db.session.scalar(sa.select(Attempt).where(Attempt.question_id == questions[1]))
        for _ in range(2):
            db.session.execute(
                sa.update(Attempt)
                .where(Attempt.id == first.id)
                .values(overridden_at=sa.func.coalesce(Attempt.overridden_at, T0))
            )
            db.session.commit()
        assert (user_id, questions[1], 1, 0.0, T0 + timedelta(minutes=3), 1, 1.0) in kept()
        assert kept() == recount()
        # a corrected checklist moves the credit to its score, each time it is saved
        # again; an overridden attempt stays at 1 whatever its checklist says
        corrected = db.session.scalar(
            sa.select(Attempt).where(Attempt.question_id == questions[0], Attempt.score == 1.0)
        )
        for minutes, score in ((10, 0.5), (11, 0.0), (12, 0.0), (13, 1.0 / 3)):
            db.session.execute(
                sa.update(Attempt)
                .where(Attempt.id.in_([corrected.id, first.id]))
                .values(corrected_score=score, corrected_at=T0 + timedelta(minutes=minutes))
            )
            db.session.commit()
            assert kept() == recount()
        assert corrections() == {questions[0]: 4, questions[1]: 4}
        summary = db.session.get(AttemptSummary, (user_id, questions[0]))
        assert round(summary.credited_sum, 9) == round(0.25 + 1.0 / 3, 9)
        assert summary.score_sum == 1.25  # the automatic scores stay apart
        assert db.session.get(AttemptSummary, (user_id, questions[1])).credited_sum == 1.0
        assert {k: round(v.credited_sum, 9) for k, v in summaries().items()} == (
            credited_by_python()
        )
        # a Core bulk insert
        db.session.execute(
            sa.insert(Attempt),
            [
                {
                    "user_id": user_id,
                    "question_id": questions[2],
                    "answer": "a",
                    "score": 0.5,
                    "verdict": "partial",
                    "detail": {},
                    "mode": "practice",
                    "created_at": utcnow(),
                },
                {
                    "user_id": user_id,
                    "question_id": questions[2],
                    "answer": "b",
                    "score": 1.0,
                    "verdict": "right",
                    "detail": {},
                    "mode": "practice",
                    "created_at": utcnow(),
                },
            ],
        )
        db.session.commit()
        assert kept() == recount()
        # a delete recounts that learner's question; the last one removes its summary
        latest = db.session.scalar(
            sa.select(Attempt)
            .where(Attempt.question_id == questions[0])
            .order_by(Attempt.created_at.desc())
            .limit(1)
        )
        db.session.delete(latest)
        db.session.commit()
        assert (user_id, questions[0], 1, 0.25, T0 + timedelta(minutes=1), 0, 0.25) in kept()
        assert corrections()[questions[0]] == 0  # recounted: the corrected one is gone
        db.session.execute(sa.delete(Attempt).where(Attempt.question_id == questions[1]))
        db.session.commit()
        assert kept() == recount()
        assert all(q != questions[1] for _, q, *_ in kept())


def corrections() -> dict[int, int]:
    return {s.question_id: s.corrections for s in summaries().values()}


def summaries() -> dict[tuple[int, int], AttemptSummary]:
    db.session.expire_all()
    return {(s.user_id, s.question_id): s for s in db.session.scalars(sa.select(AttemptSummary))}


def test_practice_order_reads_the_summary(app, client, auth, every_kind_bank):
    auth.register()
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        questions = list(db.session.scalars(sa.select(Question.id).order_by(Question.position)))
        scope = Scope(bank_id=db.session.scalar(sa.select(Question.bank_id).limit(1)))
        # every question seen; the one with the lowest mean score comes first
        for question_id in questions:
            add_attempt(user_id, question_id, 0.2 if question_id == questions[3] else 1.0, T0)
        assert next_question(db.session, user_id, scope) == questions[3]
        # a second, perfect attempt lifts its mean to 0.6: still the weakest
        add_attempt(user_id, questions[3], 1.0, T0 + timedelta(minutes=1))
        assert next_question(db.session, user_id, scope) == questions[3]
        # among equal means, the least recently attempted comes first
        assert next_question(db.session, user_id, scope, exclude_id=questions[3]) == questions[0]
        add_attempt(user_id, questions[0], 1.0, T0 + timedelta(minutes=5))
        order = [q for q, _ in questions_in_practice_order(db.session, user_id, scope)]
        assert order[0] == questions[3] and order[-1] == questions[0]
        assert next_question(db.session, user_id, scope, exclude_id=questions[3]) == order[1]
