"""How long the Draft from article page takes, by article size.

Run: .venv/bin/python bench/draft_page.py. Grows the two test articles as bench/draft.py
does, then for each size times, best of three: drafting (draft_bank without validation,
as the page calls it), the upload page's check of the draft (parse + preview of every
question) and the whole POST /instructor/banks/draft through a test client (CSRF token
read from the form, a throwaway SQLite database). Articles whose draft is over the bank
limit are refused before the check (status 422); the row says so. Wall seconds, with
the load average, because the machine may be shared.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import flask_migrate  # noqa: E402
from draft import SOURCES, grown  # noqa: E402

from quiz import create_app  # noqa: E402
from quiz.drafting import draft_bank  # noqa: E402
from quiz.extensions import db  # noqa: E402
from quiz.instructor.service import check_source  # noqa: E402

SIZES = (20_000, 100_000, 300_000, 600_000)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "bench password 123"


def best(run, times: int = 3) -> tuple[float, object]:
    results = []
    for _ in range(times):
        start = time.perf_counter()
        value = run()
        results.append((time.perf_counter() - start, value))
    return min(results, key=lambda r: r[0])


def post_form(client, path: str, **data):
    token = CSRF_RE.search(client.get(path).get_data(as_text=True)).group(1)
    return client.post(path, data={"csrf_token": token, **data}, content_type="multipart/form-data")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SECRET_KEY": "bench-" + os.urandom(16).hex(),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                "QUESTIONS_DIR": str(ROOT / "questions"),
            }
        )
        with app.app_context():
            flask_migrate.upgrade(directory=app.extensions["migrate"].directory)
        client = app.test_client()
        post_form(client, "/auth/register", username="teach", password=PASSWORD, confirm=PASSWORD)
        assert app.test_cli_runner().invoke(args=["quiz", "instructor", "teach"]).exit_code == 0
        limit = app.config["BANK_MAX_BYTES"]
        print(f"load average {os.getloadavg()[0]:.1f}; bank limit {limit:,} bytes")
        print(f"{'article':<20} {'bytes':>9} {'draft':>9} {'draft s':>8} {'check s':>8} "
              f"{'request s':>9} {'status':>6} {'questions':>9}")  # fmt: skip
        for label, (path, names) in SOURCES.items():
            if not path.exists():
                print(f"{label:<20} skipped: {path} is absent")
                continue
            text = path.read_bytes().decode("utf-8")
            for size in SIZES:
                article = grown(text, names, size).encode("utf-8")
                drafting, drafted = best(
                    lambda a=article: draft_bank(a, max_bytes=limit * 4, validate=False)
                )
                markdown = drafted.markdown
                fits = len(markdown.encode("utf-8")) <= limit
                checking = "-"
                if fits:
                    with app.app_context():
                        seconds, _ = best(
                            lambda m=markdown: check_source(db.session, m, "b.md", limit)
                        )
                        checking = f"{seconds:.2f}"
                requesting, response = best(
                    lambda a=article: post_form(
                        client, "/instructor/banks/draft",
                        submit="Draft bank", file=(io.BytesIO(a), "article.md"),
                    )
                )  # fmt: skip
                shown = response.get_data(as_text=True).count('class="preview-question"')
                print(f"{label:<20} {len(article):>9,} {len(markdown.encode()):>9,} "
                      f"{drafting:>8.2f} {checking:>8} {requesting:>9.2f} "
                      f"{response.status_code:>6} {shown:>9}")  # fmt: skip


if __name__ == "__main__":
    main()
