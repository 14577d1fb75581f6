"""How the learner's pages scale with history size: SQL statements and time per page.

Run: `make bench` (or .venv/bin/python bench/bench_queries.py). Builds a throwaway
SQLite database, imports the shipped banks, gives one learner N attempts (and their
cards), then times the dashboard, progress and review-queue queries. The statement
count must not grow with N; time grows only with the rows each page has to read.
"""

from __future__ import annotations

import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate
import sqlalchemy as sa

from quiz import create_app
from quiz.bank_store.importer import import_paths
from quiz.dashboard.summary import build_dashboard
from quiz.extensions import db
from quiz.models import Attempt, Card, Question, User
from quiz.practice.scope import Scope
from quiz.progress.queries import progress_report, recent_attempts
from quiz.review.queue import next_review_question

SIZES = (100, 1_000, 10_000)
REPEATS = 15
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def seed(user_id: int, attempts: int, question_ids: list[int], now: datetime = NOW) -> None:
    """Give a learner ``attempts`` attempts, one every 37 minutes back from ``now``, and a
    card per question, some due."""
    rng = random.Random(attempts)
    rows = []
    for i in range(attempts):
        rows.append(
            {
                "user_id": user_id,
                "question_id": rng.choice(question_ids),
                "mode": "practice",
                "answer": "x",
                "score": rng.choice((0.0, 0.5, 1.0)),
                "verdict": "partial",
                "detail": {},
                "created_at": now - timedelta(minutes=i * 37),
            }
        )
    db.session.execute(sa.insert(Attempt), rows)
    cards = [
        {
            "user_id": user_id,
            "question_id": qid,
            "state": 2,
            "step": None,
            "stability": rng.uniform(1, 60),
            "difficulty": rng.uniform(1, 9),
            "due": now + timedelta(hours=rng.randint(-200, 200)),
            "last_review": now - timedelta(days=rng.randint(1, 30)),
            "first_seen": now - timedelta(days=60),
            "reviews": 3,
            "last_rating": 3,
            "lapses": rng.randint(0, 5),
            "learned": True,
        }
        for qid in question_ids
    ]
    db.session.execute(sa.insert(Card), cards)
    db.session.commit()


def count_statements(fn) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    db.session.expire_all()
    sa.event.listen(db.engine, "before_cursor_execute", count)
    fn()
    sa.event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def time_once(fn) -> float:
    db.session.expire_all()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    pages = {
        "dashboard": lambda uid: build_dashboard(db.session, uid, NOW, ZoneInfo("Europe/Berlin")),
        "progress": lambda uid: (
            progress_report(db.session, uid),
            recent_attempts(db.session, uid),
        ),
        "review queue": lambda uid: next_review_question(
            db.session, uid, Scope(None, mode="review"), NOW
        ),
    }
    results: dict[str, list[tuple[int, int, float]]] = {name: [] for name in pages}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": secrets.token_hex(32),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/b.db",
            }
        )
        with app.app_context():
            flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
            import_paths(db.session, [Path(app.config["QUESTIONS_DIR"])], 1_000_000)
            question_ids = list(db.session.scalars(sa.select(Question.id)))
            users = {}
            for size in SIZES:
                user = User(username=f"u{size}", username_key=f"u{size}", password_hash="x")
                db.session.add(user)
                db.session.commit()
                seed(user.id, size, question_ids)
                users[size] = user.id
            # sizes interleaved in every round, so a busy machine slows all of them alike
            timings = {(name, size): [] for name in pages for size in SIZES}
            for _ in range(REPEATS):
                for size, uid in users.items():
                    for name, page in pages.items():
                        timings[name, size].append(time_once(lambda page=page, uid=uid: page(uid)))
            for name, page in pages.items():
                for size, uid in users.items():
                    statements = count_statements(lambda page=page, uid=uid: page(uid))
                    ms = statistics.median(timings[name, size]) * 1000
                    results[name].append((size, statements, ms))
    print(f"{'page':<14}{'attempts':>10}{'SQL statements':>16}{'median ms':>11}{'ms ratio':>10}")
    for name, rows in results.items():
        base = rows[0][2]
        for size, statements, ms in rows:
            print(f"{name:<14}{size:>10}{statements:>16}{ms:>11.1f}{ms / base:>10.2f}")


if __name__ == "__main__":
    main()
