"""A learner's full attempt history as table rows (for the CSV export). No Flask here."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Attempt, Bank, Question, Topic

HISTORY_HEADER = (
    "answered at (UTC)",
    "bank",
    "topic",
    "question",
    "kind",
    "prompt",
    "answer",
    "score",
    "verdict",
    "credited score",
    "mode",
    "time taken (s)",
    "self-rating",
)


def history_rows(session: Session, user_id: int) -> list[list[object]]:
    """Every attempt of one learner, oldest first, in one query."""
    rows = session.execute(
        sa.select(Attempt, Question, Topic.title, Bank.slug)
        .join(Question, Question.id == Attempt.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .join(Bank, Bank.id == Question.bank_id)
        .where(Attempt.user_id == user_id)
        .order_by(Attempt.created_at, Attempt.id)
    ).all()
    return [
        [
            attempt.created_at.isoformat(timespec="seconds"),
            bank,
            topic,
            question.key,
            question.kind,
            question.headline.lstrip("# ").strip(),
            answer_text(question.spec, attempt.answer),
            round(attempt.score, 3),
            attempt.verdict,
            # what progress counts: 1 after "I was right", the corrected checklist's score
            round(attempt.credited_score, 3),
            attempt.mode,
            "" if attempt.time_taken_ms is None else round(attempt.time_taken_ms / 1000, 1),
            attempt.self_rating,
        ]
        for attempt, question, topic, bank in rows
    ]


def answer_text(spec: dict[str, Any], answer: Any) -> str:
    """Typed text as typed; picked options by their text (file order indices otherwise)."""
    if isinstance(answer, str):
        return answer
    if not isinstance(answer, list):
        return ""
    options = spec.get("options", [])
    return " | ".join(
        options[i]["text_md"] if isinstance(i, int) and 0 <= i < len(options) else str(i)
        for i in answer
    )
