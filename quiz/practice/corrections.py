"""A corrected rubric checklist: the learner says which key points they covered and which
misconceptions they asserted, and that checklist's score counts.

Like "I was right" (quiz/practice/overrides.py), which it generalises, the correction
is kept apart from ``score`` and ``verdict`` (``Attempt.corrected_checklist``,
``corrected_score``, ``corrected_at``): progress counts ``Attempt.credited_score`` (the
attempt_summary triggers move the credit) and the review schedule is replayed with
the rating the corrected score gives, unless the learner chose their own rating. The
learner may correct again; the latest correction wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from quiz.models import Attempt
from quiz.practice.rubric import Checklist, checklist_score, parse_ticks
from quiz.review.cards import rerate_attempt
from quiz.scheduling.schedule import RATING_LABELS, rating_for

DONE, UNCHANGED, STALE, MALFORMED, REFUSED, OVERRIDDEN = (
    "done",
    "unchanged",
    "stale",
    "malformed",
    "refused",
    "overridden",
)
CORRECTION_MESSAGES = {
    UNCHANGED: "Nothing to save: your checklist already says this.",
    STALE: "This checklist was changed after this page was shown (in another tab?). "
    "Nothing was saved: here it is as it stands now.",
    MALFORMED: "That checklist does not fit this question. Nothing was saved.",
    REFUSED: "Only a typed answer to an open question has a checklist to correct.",
    OVERRIDDEN: "You marked this answer as right (“I was right”): it already counts as "
    "right, so the checklist cannot change its score. Nothing was saved.",
}
# the form's fields: ticked key point indices, ticked misconception indices, its stamp
POINT_FIELD, MISCONCEPTION_FIELD, STAMP_FIELD = "covered", "asserted", "checklist_stamp"


@dataclass(frozen=True)
class Outcome:
    kind: str
    message: str

    @property
    def error(self) -> bool:
        return self.kind in (STALE, MALFORMED, REFUSED, OVERRIDDEN)


def outcome(kind: str) -> Outcome:
    return Outcome(kind, CORRECTION_MESSAGES[kind])


def correct(
    session: Session,
    attempt: Attempt,
    checklist: Checklist | None,
    points: list[str],
    misconceptions: list[str],
    stamp: str | None,
    now: datetime,
) -> Outcome:
    """Store the checklist the learner posted (``points``, ``misconceptions``: the
    ticked indices as posted; ``stamp``: which checklist their page showed) and replay
    the card; a stale, repeated or malformed form changes nothing."""
    if checklist is None:
        return outcome(REFUSED)
    if checklist.overridden:
        return outcome(OVERRIDDEN)
    covered = parse_ticks(points, len(checklist.points))
    asserted = parse_ticks(misconceptions, len(checklist.misconceptions))
    if covered is None or asserted is None or stamp is None:
        return outcome(MALFORMED)
    standing = (
        tuple(p.index for p in checklist.points if p.ticked),
        tuple(m.index for m in checklist.misconceptions if m.ticked),
    )
    if (covered, asserted) == standing:
        return outcome(UNCHANGED)  # a double submit lands here, and so does "no change"
    if stamp != checklist.stamp:
        return outcome(STALE)
    score = checklist_score(checklist, covered, asserted)
    # conditional on the correction the page showed: of two saves racing, one wins
    shown_at = Attempt.corrected_at.is_(None) if not checklist.corrected else None
    if shown_at is None:
        shown_at = Attempt.corrected_at == attempt.corrected_at
    updated = session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.overridden_at.is_(None), shown_at)
        .values(
            corrected_checklist={"covered": list(covered), "asserted": list(asserted)},
            corrected_score=score,
            corrected_at=now,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if updated != 1:
        session.rollback()
        return outcome(STALE)
    session.refresh(attempt)
    note = rerate(session, attempt)
    session.commit()
    return Outcome(
        DONE,
        f"Checklist saved: this answer now counts {percent(score)} in your progress "
        f"(the automatic score, {percent(attempt.score)}, is kept). {note}",
    )


def rerate(session: Session, attempt: Attempt) -> str:
    """Replay the card with the rating the credited score gives (after an override or
    a correction; the caller commits). An open answer keeps a rating the learner chose,
    and one not rated yet waits for it; a default rating (the learner moved on) follows
    the score, and so does every other kind. What was done, for the learner."""
    seconds = attempt.time_taken_ms / 1000 if attempt.time_taken_ms is not None else None
    kind = attempt.question.kind
    if kind != "open":
        rerate_attempt(session, attempt, rating_for(kind, attempt.credited_score, seconds))
        return ""
    if attempt.self_rating is None:
        return "Its review is rated when you rate it or move on."
    if not attempt.rated_by_default:
        label = RATING_LABELS[attempt.self_rating]
        return f"Your own rating, {label}, still schedules its next review."
    rating = rating_for(kind, attempt.credited_score, seconds)
    session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(self_rating=rating)
        .execution_options(synchronize_session=False)
    )
    rerate_attempt(session, attempt, rating)
    session.refresh(attempt)
    return f"Its next review is now scheduled as {RATING_LABELS[rating]}."


def percent(score: float) -> str:
    return f"{round(score * 100)}%"
