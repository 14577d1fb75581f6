"""A bank's item analysis, loaded from the database. No Flask here.

``item_analysis`` runs two queries whatever the number of attempts: the bank's live
questions, then every attempt at them (oldest first).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.instructor.analysis import AttemptRecord, Item, ItemStats, analyse
from quiz.models import Attempt, Bank, Question, Topic

# The analysis table, as the page and the CSV show it: (header, value of an ItemStats).
# An "I was right" override count is one more entry here (and one field in AttemptRecord).
COLUMNS = (
    ("question", lambda s: s.item.key),
    ("topic", lambda s: s.item.topic),
    ("kind", lambda s: s.item.kind),
    ("line", lambda s: s.item.source_line),
    ("attempts", lambda s: s.attempts),
    ("learners", lambda s: s.learners),
    ("facility", lambda s: _rounded(s.facility)),
    ("discrimination", lambda s: _rounded(s.discrimination, none="not enough data")),
    ("median time (s)", lambda s: _seconds(s.median_time_ms)),
    ("option picks", lambda s: "; ".join(f"{c.label}: {c.count}" for c in s.picks)),
    ("key points covered", lambda s: "; ".join(f"{c.label}: {c.count}" for c in s.coverage)),
    ("flags", lambda s: "; ".join(s.flags)),
)


def item_analysis(session: Session, bank: Bank) -> list[ItemStats]:
    questions = session.execute(
        sa.select(Question, Topic.title)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Question.bank_id == bank.id, ~Question.retired)
        .order_by(Question.position)
    ).all()
    items = [_item(question, topic) for question, topic in questions]
    rows = session.execute(
        sa.select(
            Attempt.user_id,
            Attempt.question_id,
            Attempt.score,
            Attempt.time_taken_ms,
            Attempt.answer,
            Attempt.detail,
        )
        .join(Question, Question.id == Attempt.question_id)
        .where(Question.bank_id == bank.id, ~Question.retired)
        .order_by(Attempt.created_at, Attempt.id)
    ).all()
    return analyse(items, [_record(**row._mapping) for row in rows])  # columns by name


def analysis_rows(stats: list[ItemStats]) -> tuple[list[str], list[list[object]]]:
    return [h for h, _ in COLUMNS], [[value(s) for _, value in COLUMNS] for s in stats]


def _item(question: Question, topic_title: str) -> Item:
    spec = question.to_spec()
    return Item(
        question_id=question.id,
        key=question.key,
        kind=question.kind,
        headline=question.headline.lstrip("# ").strip(),
        topic=topic_title,
        source_line=spec.source_line,
        content_hash=question.content_hash,
        options=[o.text_md for o in spec.options],
        correct=[i for i, o in enumerate(spec.options) if o.correct],
        key_points=[p[0] if p else "" for p in spec.key_points],
    )


def _record(user_id, question_id, score, time_taken_ms, answer, detail) -> AttemptRecord:
    detail = detail or {}
    picked = answer if isinstance(answer, list) else []
    return AttemptRecord(
        learner_id=user_id,
        question_id=question_id,
        score=score,
        time_ms=time_taken_ms,
        content_hash=(detail.get("shown") or {}).get("content_hash", ""),
        picked=tuple(i for i in picked if isinstance(i, int)),
        covered=tuple(i for i in detail.get("covered", []) if isinstance(i, int)),
    )


def _rounded(value: float | None, none: str = "") -> float | str:
    return none if value is None else round(value, 2)


def _seconds(ms: float | None) -> float | str:
    return "" if ms is None else round(ms / 1000, 1)
