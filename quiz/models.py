"""Database models (SQLAlchemy 2 typed mappings)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.auth.identity import hash_password, password_matches
from quiz.banks.model import (
    MAX_BANK_ID,
    MAX_QUESTION_ID,
    MAX_TITLE,
    MAX_TOPIC_SLUG,
    Misconception,
    Option,
)
from quiz.banks.model import Question as QuestionSpec
from quiz.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64))
    # casefolded username: "Alice" and "alice" are one account
    username_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "learner" or "instructor"; instructors also practise as learners
    role: Mapped[str] = mapped_column(sa.String(16), default="learner", server_default="learner")
    # the learner's next interview (a day in their time zone) and the banks it covers
    # (None: every bank); the review queue and the dashboard plan for it until that day
    interview_date: Mapped[date | None] = mapped_column(sa.Date)
    interview_bank_ids: Mapped[list[int] | None] = mapped_column(sa.JSON)
    # fsrs desired_retention: the recall probability reviews are scheduled to keep
    desired_retention: Mapped[float] = mapped_column(default=0.9, server_default="0.9")

    @property
    def is_instructor(self) -> bool:
        return self.role == "instructor"

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return password_matches(self.password_hash, password)


class SignIn(db.Model):
    """One browser's sign-in. Its session and remember cookies carry a random token; only
    the token's SHA-256 is kept. Logging out deletes the row (those cookies stop working
    everywhere they were copied); "Log out everywhere" and a password change delete
    every row of the account (quiz/auth/account.py)."""

    __tablename__ = "sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Bank(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(MAX_BANK_ID), unique=True)
    title: Mapped[str] = mapped_column(sa.String(MAX_TITLE))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # the file in questions/ last synced into this bank ("" for a bank uploaded in the browser)
    source_path: Mapped[str] = mapped_column(sa.String(500))
    content_hash: Mapped[str] = mapped_column(sa.String(64))  # of the live version's source
    # of source_path's content when last synced: an upload does not make the file "changed"
    file_hash: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    version: Mapped[int] = mapped_column(default=0, server_default="0")  # the live version
    # hidden from learners; its questions are retired so their review cards stop coming due
    retired: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    topics: Mapped[list[Topic]] = relationship(
        back_populates="bank", order_by="Topic.position", cascade="all, delete-orphan"
    )


class BankOrigin:
    FILE = "file"  # synced from a file (quiz init / quiz import)
    UPLOAD = "upload"  # published in the browser
    RESTORE = "restore"  # an earlier version made live again
    ALL = (FILE, UPLOAD, RESTORE)


class BankVersion(db.Model):
    """One published source of a bank: the exact Markdown, who published it and what changed."""

    __table_args__ = (sa.UniqueConstraint("bank_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(sa.ForeignKey("bank.id"), index=True)
    number: Mapped[int]
    source: Mapped[str] = mapped_column(sa.Text)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    origin: Mapped[str] = mapped_column(sa.String(16))
    path: Mapped[str] = mapped_column(sa.String(500), default="")  # file or uploaded name
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    restored_from: Mapped[int | None]  # version number, for origin "restore"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    retired: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)

    user: Mapped[User | None] = relationship()


class Topic(db.Model):
    __table_args__ = (sa.UniqueConstraint("bank_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(sa.ForeignKey("bank.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(MAX_TOPIC_SLUG))
    title: Mapped[str] = mapped_column(sa.String(MAX_TITLE))
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    bank: Mapped[Bank] = relationship(back_populates="topics")


def headline_of(prompt_md: str) -> str:
    """A prompt's first line (its heading)."""
    return prompt_md.split("\n", 1)[0]


class Question(db.Model):
    """A question as last imported. Never deleted: a question gone from its file is retired."""

    __table_args__ = (
        sa.UniqueConstraint("bank_id", "key"),
        # a scope's questions in practice order, read from the index alone
        sa.Index("ix_question_scope", "bank_id", "retired", "topic_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(sa.ForeignKey("bank.id"), index=True)
    topic_id: Mapped[int] = mapped_column(sa.ForeignKey("topic.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(MAX_QUESTION_ID))  # the question id in its bank
    kind: Mapped[str] = mapped_column(sa.String(16))
    position: Mapped[int] = mapped_column(default=0)
    spec: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # the parsed dataclass, as a dict
    prompt_html: Mapped[str] = mapped_column(sa.Text)
    explanation_html: Mapped[str] = mapped_column(sa.Text, default="")
    options_html: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    generated: Mapped[bool] = mapped_column(default=False)
    retired: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    bank: Mapped[Bank] = relationship()
    topic: Mapped[Topic] = relationship()

    @property
    def headline(self) -> str:
        """The prompt's first line (its heading), for lists of questions."""
        return headline_of(self.spec["prompt_md"])

    @classmethod
    def prompt_md_column(cls) -> sa.ColumnElement[str]:
        """The prompt's Markdown read in SQL: a list needs not decode each question's spec."""
        return cls.spec["prompt_md"].as_string()

    def to_spec(self) -> QuestionSpec:
        return question_spec(self.spec)


def question_spec(spec: dict[str, Any]) -> QuestionSpec:
    """A stored ``Question.spec`` as the parsed dataclass the graders take."""
    data = dict(spec)
    data["options"] = [Option(**o) for o in data.get("options", [])]
    data["misconceptions"] = [
        Misconception(tuple(m["phrasings"]), m.get("why_md", ""))
        for m in data.get("misconceptions", [])
    ]
    return QuestionSpec(**data)


class ServedQuestion(db.Model):
    """A question shown to a learner, with its one-time token and the option order shown.

    The attempt made through it is unique, so a double submit or replayed form can only
    ever record one attempt and is answered with that attempt's result.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id"))
    content_hash: Mapped[str] = mapped_column(sa.String(64))  # question as shown
    option_order: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    mode: Mapped[str] = mapped_column(sa.String(16), default="practice")
    bank_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bank.id"))
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id"))
    served_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # the practice session it was served in (None: a question opened on its own)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("practice_session.id"), index=True)

    question: Mapped[Question] = relationship()


class Attempt(db.Model):
    __table_args__ = (
        # the dashboard counts a learner's attempts per day by time range: index-only reads
        sa.Index("ix_attempt_user_time_score", "user_id", "created_at", "score"),
        # per question of one learner (practice order, progress): read from the index too
        sa.Index(
            "ix_attempt_user_question",
            "user_id",
            "question_id",
            "created_at",
            "score",
            "overridden_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id"), index=True)
    served_id: Mapped[int | None] = mapped_column(sa.ForeignKey("served_question.id"), unique=True)
    mode: Mapped[str] = mapped_column(sa.String(16), default="practice")
    answer: Mapped[Any] = mapped_column(sa.JSON)
    score: Mapped[float]
    verdict: Mapped[str] = mapped_column(sa.String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    self_rating: Mapped[int | None]
    time_taken_ms: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # "I was right": the learner overrode a wrong verdict. Kept apart from score/verdict,
    # which stay what the grader said, so item analysis can compare the two.
    overridden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # An open answer's rubric checklist as the learner corrected it (the latest one):
    # {"covered": [key point indices], "asserted": [misconception indices]}, the score
    # it gives and when it was saved. Also apart from score/verdict (quiz/practice/rubric.py).
    corrected_checklist: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    corrected_score: Mapped[float | None]
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the self-rating was the page's default (the learner moved on without rating), so a
    # corrected score re-rates it; a rating the learner chose stays
    rated_by_default: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    question: Mapped[Question] = relationship()
    served: Mapped[ServedQuestion | None] = relationship()

    @property
    def credited_score(self) -> float:
        """The score progress counts: 1 when the learner overrode the verdict, else the
        score of their corrected checklist if they corrected it, else the automatic one.
        The attempt_summary triggers compute the same (``CREDITED`` in the migrations)."""
        if self.overridden_at is not None:
            return 1.0
        return self.corrected_score if self.corrected_score is not None else self.score


class AttemptSummary(db.Model):
    """One learner's attempts at one question: how many, their score sum, the latest,
    how many were overridden or corrected and the score progress credits them.

    Kept by database triggers on ``attempt`` (migrations 5d1e0a7c3b92, then the rubric
    checklist's), so every attempt
    counts however it was stored. The practice order reads it instead of grouping the
    learner's whole history on every question served.
    """

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id"), primary_key=True)
    attempts: Mapped[int]
    score_sum: Mapped[float]
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())
    overrides: Mapped[int]  # "I was right" overrides among them
    # the scores progress counts (Attempt.credited_score): 1 for an overridden attempt,
    # the corrected checklist's score for a corrected one
    credited_sum: Mapped[float]
    # checklist corrections saved (each save counts), so page stamps see every one
    corrections: Mapped[int] = mapped_column(default=0, server_default="0")


class PracticeSession(db.Model):
    """N questions over one scope (bank, topic, review queue or drill), then a summary.

    ``question_ids`` fixes the questions (a "Review missed" session); None draws them
    from the scope as it goes.
    """

    __table_args__ = (
        # a learner's unfinished sessions, latest first, however many they have finished
        sa.Index("ix_practice_session_active", "user_id", "finished_at", "started_at"),
        sa.Index("ix_practice_session_latest", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    mode: Mapped[str] = mapped_column(sa.String(16), default="practice")
    bank_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bank.id"))
    topic_id: Mapped[int | None] = mapped_column(sa.ForeignKey("topic.id"))
    size: Mapped[int]
    question_ids: Mapped[list[int] | None] = mapped_column(sa.JSON)
    # practice: the scope's questions ([id, topic id]) in practice order when it started
    plan: Mapped[list[list[int]] | None] = mapped_column(sa.JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Card(db.Model):
    """The review schedule of one question for one learner (fsrs state)."""

    __table_args__ = (sa.UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id"), index=True)
    state: Mapped[int]
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviews: Mapped[int] = mapped_column(default=0)
    last_rating: Mapped[int | None]
    # Again ratings after the question was first learned; 4 or more makes a leech
    lapses: Mapped[int] = mapped_column(default=0)
    learned: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship()


class ReviewLog(db.Model):
    """One fsrs review per attempt, kept so the schedule can be replayed with new parameters."""

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("card.id"), index=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempt.id"), unique=True)
    rating: Mapped[int]
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int | None]


class InterviewState:
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"  # finished by the learner
    EXPIRED = "expired"  # finished by the deadline, with what was saved
    ABANDONED = "abandoned"  # given up to start another one
    ALL = (IN_PROGRESS, FINISHED, EXPIRED, ABANDONED)


class Interview(db.Model):
    __table_args__ = (
        sa.CheckConstraint(sa.text("state IN " + str(InterviewState.ALL)), name="state"),
        # at most one interview in progress per learner, enforced by the database
        sa.Index(
            "uq_interview_active_user",
            "user_id",
            unique=True,
            sqlite_where=sa.text("state = 'in_progress'"),
            postgresql_where=sa.text("state = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(16), default=InterviewState.IN_PROGRESS)
    bank_ids: Mapped[list[int]] = mapped_column(sa.JSON)
    time_limit_seconds: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[float | None]
    current_position: Mapped[int] = mapped_column(default=1)

    items: Mapped[list[InterviewItem]] = relationship(
        back_populates="interview", order_by="InterviewItem.position"
    )


class InterviewItem(db.Model):
    __table_args__ = (
        sa.UniqueConstraint("interview_id", "position"),
        sa.UniqueConstraint("interview_id", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(sa.ForeignKey("interview.id"), index=True)
    position: Mapped[int]  # 1-based
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("question.id"))
    content_hash: Mapped[str] = mapped_column(sa.String(64))  # question as drawn
    option_order: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    answer: Mapped[Any | None] = mapped_column(sa.JSON)  # saved answer, changeable until finish
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    time_spent_ms: Mapped[int] = mapped_column(default=0)
    # typed but not saved yet (autosaved by the page); graded when newer than ``saved_at``
    draft: Mapped[Any | None] = mapped_column(sa.JSON)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempt_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attempt.id"), unique=True)

    interview: Mapped[Interview] = relationship(back_populates="items")
    question: Mapped[Question] = relationship()
    attempt: Mapped[Attempt | None] = relationship()
