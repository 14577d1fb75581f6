"""In-process time per request of the hot pages against the floor, for quick iteration.

Run: .venv/bin/python bench/page_times.py [requests]. The same seeded database as
bench/pages.py, driven with Flask's test client (no server, no profiler); the ratio
floor/page approximates what `make bench-pages` measures under gunicorn, which stays
the number that counts.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import FLOOR_APP, FLOOR_PAGE, TARGET
from profile_pages import logged_in_pages


def per_request_ms(request, repeats: int) -> float:
    for _ in range(20):
        request()
    start = time.perf_counter()
    for _ in range(repeats):
        request()
    return (time.perf_counter() - start) / repeats * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory(prefix="page-times-") as tmp:
        os.environ["FLOOR_DB"] = f"{tmp}/floor.sqlite"
        sys.path.insert(0, str(FLOOR_APP.parent))
        import floor_app

        floor_client = floor_app.app.test_client()
        floor_ms = per_request_ms(lambda: floor_client.get(FLOOR_PAGE), repeats * 3)
        _, pages = logged_in_pages(f"sqlite:///{tmp}/app.sqlite")
        print(f"{'page':<14}{'ms/request':>12}{'floor/page':>12}")
        print(f"{'floor':<14}{floor_ms:>12.2f}{1:>12.2f}")
        for name, (request, requests_each) in pages.items():
            ms = per_request_ms(request, repeats) / requests_each
            verdict = "" if floor_ms / ms >= TARGET else "  below"
            print(f"{name:<14}{ms:>12.2f}{floor_ms / ms:>12.2f}{verdict}")


if __name__ == "__main__":
    main()
