"""How fast a big bank goes through the pipeline, against raw markdown-it tokenizing.

Run: `make bench-import` (or .venv/bin/python bench/import_pipeline.py [QUESTIONS]).
Generates one bank of about 10,000 questions (every kind, plus comparison tables),
then times, once each on a throwaway SQLite database:

* tokenize: markdown-it-py parsing the same text (CommonMark + tables, blocks and inline);
* validate: what `quiz validate` does (parse + item-writing checks), no database;
* first import: `quiz import` into an empty database;
* re-import unchanged: the same file again (decided from its hash, before parsing).

Targets: validate and first import <= 3x tokenize; unchanged re-import <= 0.1x. Each
step is shown as wall time and as this process's CPU time, each with its ratio to
tokenize; the verdict uses the CPU ratio, which other load on the machine does not skew.
"""

from __future__ import annotations

import logging
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate
import sqlalchemy as sa
from markdown_it import MarkdownIt

from quiz import create_app
from quiz.bank_store.importer import import_paths
from quiz.banks import parse_paths
from quiz.banks.lint import lint_bank
from quiz.extensions import db
from quiz.models import Question

QUESTIONS = 10_000
PER_TOPIC = 50
TARGETS = {"validate": 3.0, "first import": 3.0, "re-import unchanged": 0.1}

TABLE = """
| Feature {n}   | Alpha {n}        | Beta {n}            | Gamma {n}      |
| ------------- | ---------------- | ------------------- | -------------- |
| Storage {n}   | Rows `{n}`       | Documents {n}       | Graphs {n}     |
| Scaling {n}   | Vertical {n}     | Horizontal {n}      | Sharded {n}    |
| Licence {n}   | MIT {n}          | Apache {n}          | GPL {n}        |
"""


def question(n: int) -> str:
    kind = n % 4
    if kind == 0:
        return (
            f"## Which option number {n} is the *right* one? {{#q{n}}}\n"
            f"- [ ] Wrong answer {n} with `code`\n- [x] Right answer {n}\n"
            f"- [ ] Another wrong answer {n}\n\n> Because {n} is **right**.\n"
        )
    if kind == 1:
        return (
            f"## Which of these hold for item {n}? {{#q{n}}}\n"
            f"- [x] First true fact {n}\n- [x] Second true fact {n}\n- [ ] A false fact {n}\n\n"
            f"> Two facts about [{n}](https://example.com/{n}) hold.\n"
        )
    if kind == 2:
        return (
            f"## What is the short name of thing {n}? {{#q{n}}}\nAnswer: name{n} | alias{n}\n\n"
            f"> It is called name{n}.\n"
        )
    return (
        f"## Why does design {n} work the way it does? {{#q{n}}}\n"
        f"```python\ndef design_{n}():\n    return {n}\n```\n\n"
        f"Key points:\n- reason one {n} | first reason {n}\n- reason two {n}\n\n"
        f"> Model answer: design {n} works because of two reasons.\n"
    )


def generate(target: int) -> str:
    """A bank of about ``target`` questions: written ones in topics, a table in every 20th topic."""
    parts = ["---\nbank: bench-big\ntitle: Benchmark bank\n---\n"]
    n = 0
    topic = 0
    while n < target:
        topic += 1
        parts.append(f"\n# Topic {topic}\n\n")
        if topic % 20 == 0:  # a table stands directly under its topic heading
            parts.append(TABLE.format(n=topic) + "\n")
        for _ in range(PER_TOPIC):
            parts.append(question(n) + "\n")
            n += 1
    return "".join(parts)


def timed(step) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run of ``step``."""
    wall, cpu = time.perf_counter(), time.process_time()
    step()
    return time.perf_counter() - wall, time.process_time() - cpu


class WriteLockTimer:
    """How long each transaction held SQLite's write lock: from its first write to its commit."""

    def __init__(self, engine: sa.Engine):
        self.started: float | None = None
        self.held: list[float] = []
        sa.event.listen(engine, "before_cursor_execute", self.statement)
        sa.event.listen(engine, "commit", self.commit)

    def statement(self, conn, cursor, statement, *args) -> None:
        if self.started is None and statement.lstrip().upper().startswith(WRITES):
            self.started = time.perf_counter()

    def commit(self, conn) -> None:
        if self.started is not None:
            self.held.append(time.perf_counter() - self.started)
            self.started = None


WRITES = ("INSERT", "UPDATE", "DELETE")


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else QUESTIONS
    text = generate(target)
    with tempfile.TemporaryDirectory() as folder:
        bank_file = Path(folder) / "bench-big.md"
        bank_file.write_text(text, encoding="utf-8")
        max_bytes = len(text.encode()) + 1
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": secrets.token_hex(32),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "BANK_MAX_BYTES": max_bytes,
            }
        )
        with app.app_context():
            flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
            logging.getLogger("alembic").setLevel(logging.WARNING)
            # raw markdown-it: CommonMark plus GFM tables, as the bank parser configures it
            tokenizer = MarkdownIt("commonmark").enable("table")
            times = {"tokenize": timed(lambda: tokenizer.parse(text))}

            def validate() -> None:
                for result in parse_paths([bank_file], max_bytes=max_bytes):
                    assert result.ok, result.errors[:3]
                    lint_bank(result.bank, result.path)

            times["validate"] = timed(validate)
            lock = WriteLockTimer(db.engine)
            outcomes = []
            for step in ("first import", "re-import unchanged"):
                times[step] = timed(
                    lambda: outcomes.append(import_paths(db.session, [bank_file], max_bytes))
                )
            first, again = outcomes
            assert first.ok and again.ok
            assert first.reports[0].added == again.reports[0].unchanged
            stored = db.session.scalar(sa.select(sa.func.count(Question.id)))
            db.engine.dispose()
    print(f"bank: {stored:,} questions, {len(text):,} characters")
    print(f"{'step':<22}{'wall s':>8}{'x tok':>7}{'CPU s':>8}{'x tok':>7}{'target':>9}  ok")
    base_wall, base_cpu = times["tokenize"]
    for step, (wall, cpu) in times.items():
        limit = TARGETS.get(step)
        ratio = cpu / base_cpu
        verdict = "" if limit is None else ("yes" if ratio <= limit else "NO")
        target_text = "" if limit is None else f"<= {limit:g}"
        print(
            f"{step:<22}{wall:>8.3f}{wall / base_wall:>7.2f}{cpu:>8.3f}{ratio:>7.2f}"
            f"{target_text:>9}  {verdict}"
        )
    print(f"longest write transaction of the first import: {max(lock.held):.3f} s wall")
    print("ok judges the CPU ratio: wall time swings with other load on a shared machine")


if __name__ == "__main__":
    main()
