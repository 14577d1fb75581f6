"""Where a hot page's time goes: cProfile over repeated requests, plus SQL statements.

Run: .venv/bin/python bench/profile_pages.py [page-name] [requests]. Seeds the same
throwaway database as bench/pages.py, logs a learner in with the test client, and
prints the SQL statements of one request and the top functions by cumulative and own
time over ``requests`` requests of each page.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa
from pages import PASSWORD, SECRET_KEY, seed

from quiz import create_app
from quiz.extensions import db

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def logged_in_pages(url: str) -> tuple:
    """Seed ``url`` as bench/pages.py does and log a learner in with the test client.

    Returns the app and {page name: (function making that page's requests, requests
    it makes)}; the cycle is a GET of a practice question and the POST of its answer.
    """
    data = seed(url, 1)
    app = create_app({"SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    username, interview = data["users"][0]
    client.post(
        "/auth/login",
        data={
            "csrf_token": CSRF_RE.search(page).group(1),
            "username": username,
            "password": PASSWORD,
        },
    )
    bank = data["bank"]

    def cycle():
        response = client.get(f"/practice/{bank}/")
        if response.status_code == 302:  # a session of 10 ended: the next GET starts one
            response = client.get(f"/practice/{bank}/")
        html = response.get_data(as_text=True)
        action = re.search(r'action="(/practice/answer/[^"]+)"', html).group(1)
        response = client.post(
            action,
            data={"csrf_token": CSRF_RE.search(html).group(1), "choice": "1", "answer": "x"},
        )
        assert response.status_code == 302, response.status_code

    return app, {
        "dashboard": (lambda: client.get("/dashboard"), 1),
        "progress": (lambda: client.get("/progress/"), 1),
        "practice": (lambda: client.get(f"/practice/{bank}/"), 1),
        "cycle": (cycle, 2),
        "review": (lambda: client.get("/review/"), 1),
        "interview": (lambda: client.get(f"/interview/{interview}/q/1"), 1),
        "interview start": (lambda: client.get("/interview/"), 1),
    }


def main() -> None:
    only = sys.argv[1] if len(sys.argv) > 1 else None
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    with tempfile.TemporaryDirectory() as tmp:
        app, pages = logged_in_pages(f"sqlite:///{tmp}/p.sqlite")
        for name, (request, _) in pages.items():
            if only and name != only:
                continue
            request()  # warm up
            statements: list[str] = []

            def record(conn, cursor, statement, *args, statements=statements):
                statements.append(" ".join(statement.split())[:110])

            with app.app_context():
                sa.event.listen(db.engine, "before_cursor_execute", record)
                request()
                sa.event.remove(db.engine, "before_cursor_execute", record)
            print(f"\n===== {name}: {len(statements)} SQL statements")
            for statement in statements:
                print("   ", statement)
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(repeats):
                request()
            profile.disable()
            stats = pstats.Stats(profile)
            print(f"total {stats.total_tt / repeats * 1000:.2f} ms per request")
            stats.sort_stats("cumulative").print_stats(30)
            stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
