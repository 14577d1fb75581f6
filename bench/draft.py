"""How long drafting a bank from an article takes, up to a 1 MB article.

Run: .venv/bin/python bench/draft.py. Builds articles of growing size from the shared
source (its sections repeated under new subject names, still misread as Windows-1254)
and from the message-brokers test article (clean UTF-8) and drafts each one, every
drafting cache cleared before each run, best of three. Columns: the encoding repair
alone; draft = the whole draft_bank call without its final validation (decode, repair,
structure, questions, Markdown), the part the 2 s goal is for; validate = the bank
parser reading the draft back (the draft is about 2.5 times the article); quiz draft =
draft + validate, what `quiz draft` and draft_bank() do by default. CPU seconds, with
the load average, because the machine may be shared.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.banks import parse_text
from quiz.drafting import (
    article,
    draft,
    draft_bank,
    encoding,
    misconceptions,
    questions,
    repair_text,
    scenarios,
)

ROOT = Path(__file__).resolve().parent.parent
# Each article with the names of what it compares: every copy renames them throughout.
SOURCES = {
    "frameworks (cp1254)": (
        Path("/work/shared/source/frameworks-comparison.md"),
        ("FastAPI", "Flask", "Django"),
    ),
    "brokers (UTF-8)": (
        ROOT / "tests" / "data" / "message-brokers-comparison.md",
        ("RabbitMQ", "Apache Kafka", "Kafka", "Redis Streams"),
    ),
}
SIZES = (100_000, 500_000, 1_000_000)
GOAL_SECONDS = 2.0
DRAFTING_MODULES = (article, draft, encoding, misconceptions, questions, scenarios)


def grown(text: str, names: tuple[str, ...], size: int) -> str:
    """The article's sections repeated up to ``size`` bytes; copy n says "Flask n" for Flask."""
    head, *sections = re.split(r"(?m)^(?=## )", text)
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names))
    parts = [head]
    total = len(head.encode())
    copy = 0
    while total < size:
        copy += 1
        for section in sections:
            renamed = pattern.sub(lambda m, c=copy: f"{m.group(0)} {c}", section)
            parts.append(renamed)
            total += len(renamed.encode())
            if total >= size:
                break
    return "".join(parts)


def clear_caches() -> None:
    """Empty every cache of the drafting modules, so each run starts cold."""
    for module in DRAFTING_MODULES:
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def best_of(runs: int, fn: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall and CPU seconds of ``runs`` calls, with the drafting caches cleared."""
    wall = cpu = float("inf")
    value = None
    for _ in range(runs):
        clear_caches()
        w, c = time.perf_counter(), time.process_time()
        value = fn()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, value


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    print(f"load average: {load()} on {os.cpu_count()} CPUs")
    header = (
        f"{'article':<20} {'bytes':>9} {'repair s':>9} {'draft wall s':>13} {'draft cpu s':>12} "
        f"{'validate s':>11} {'quiz draft s':>13} {'questions':>10} {'valid':>6} "
        f"{'draft < 2 s':>12}"
    )
    print(header)
    print("-" * len(header))
    for name, (path, names) in SOURCES.items():
        base = path.read_text(encoding="utf-8")
        for size in SIZES:
            data = grown(base, names, size).encode("utf-8")
            _w, repair_cpu, _ = best_of(3, lambda d=data: repair_text(d.decode()))
            wall, cpu, drafted = best_of(3, lambda d=data: draft_bank(d, validate=False))
            _w, validate_cpu, result = best_of(
                2, lambda m=drafted.markdown: parse_text(m, "bench.md", max_bytes=len(m) * 4)
            )
            questions = len(result.bank.questions) if result.bank else 0
            print(
                f"{name:<20} {len(data):>9,} {repair_cpu:>9.3f} {wall:>13.3f} {cpu:>12.3f} "
                f"{validate_cpu:>11.3f} {cpu + validate_cpu:>13.3f} {questions:>10,} "
                f"{'yes' if result.ok else 'NO':>6} {'yes' if cpu < GOAL_SECONDS else 'NO':>12}"
            )
    print(
        f"\nload average at the end: {load()}. CPU seconds except 'draft wall s'. "
        "quiz draft = draft + validate (validation stays on by default)."
    )


if __name__ == "__main__":
    main()
