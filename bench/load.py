"""Load benchmark with a fault: N simulated learners against `make serve`, one worker
killed with SIGKILL half-way through.

    .venv/bin/python bench/load.py --database sqlite
    .venv/bin/python bench/load.py --database postgresql+psycopg://postgres@127.0.0.1:5432/<db-with-test-in-its-name>

Each learner registers, logs out and in, answers --questions practice questions (every
kind in the shipped banks: single, multiple, short, open), rates its open answers, then
runs a short interview (answer, finish, rate on the report). Between requests a learner
thinks for --think seconds (uniform 0.5x-1.5x). An answer POST that loses its
connection (the killed worker) is sent again with the same token, as a browser retry
would: the app records one attempt per served question.

Only 127.0.0.1, bounded by --learners and --max-seconds. Prints requests/s,
p50/p95/p99 per route kind, errors by status, and the acknowledged answers against
the rows stored (they must be equal, with no duplicates). The PostgreSQL database's
schema is dropped and rebuilt, so its name must contain "test".
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import sqlalchemy as sa

PROJECT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
ANSWER_ACTION_RE = re.compile(r'action="(/practice/answer/[^"]+)"')
CHOICE_RE = re.compile(r'name="choice" value="(\d+)"')
BANK_RE = re.compile(r'name="banks"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="banks"')
ATTEMPT_RE = re.compile(r"/practice/attempt/(\d+)$")
INTERVIEW_Q_RE = re.compile(r"/interview/(\d+)/q/(\d+)$")
PRACTICE_LINK_RE = re.compile(r'href="(/practice/[^/"]+/)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.acknowledged: dict[str, int] = {}  # answer token -> attempt id
        self.retries = 0
        # (finished at, kind, seconds): split afterwards into the arrival phase (while
        # learners still register and log in: password hashing) and the steady one
        self.timeline: list[tuple[float, str, float]] = []
        self.last_login_at = 0.0

    def record(self, kind: str, seconds: float, status: str) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[(kind, status)] += 1
            self.timeline.append((time.monotonic(), kind, seconds))

    def logged_in(self) -> None:
        with self.lock:
            self.last_login_at = max(self.last_login_at, time.monotonic())


class Learner:
    def __init__(self, base: str, name: str, stats: Stats, think: float, deadline: float):
        self.base, self.name, self.stats = base, name, stats
        self.think, self.deadline = think, deadline
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, kind: str, path: str, data: dict | list | None = None):
        """(status, location, body); status 0 when the connection failed."""
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                status, text = response.status, response.read().decode()
                location = response.headers.get("Location", "")
            # (a 302 arrives as an HTTPError: redirects are not followed)
        except urllib.error.HTTPError as error:
            try:
                status, text = error.code, error.read().decode(errors="replace")
            except (http.client.HTTPException, OSError) as lost:  # worker killed mid-reply
                self.stats.record(kind, time.perf_counter() - started, type(lost).__name__)
                return 0, "", ""
            location = error.headers.get("Location", "")
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            self.stats.record(kind, time.perf_counter() - started, type(error).__name__)
            return 0, "", ""
        self.stats.record(kind, time.perf_counter() - started, str(status))
        return status, urllib.parse.urlsplit(location).path, text

    def pause(self) -> None:
        time.sleep(self.think * random.uniform(0.5, 1.5))

    def page(self, kind: str, path: str) -> str:
        for _ in range(3):  # a page lost to the killed worker is simply loaded again
            status, _, text = self.request(kind, path)
            if status == 200:
                return text
        raise RuntimeError("a page did not load in 3 tries")

    def run(self, questions: int, interview_questions: int) -> None:
        password = f"bench pass {secrets.token_hex(4)}"
        form = {"username": self.name, "password": password, "confirm": password}
        page = self.page("page", "/auth/register")
        self.request("register", "/auth/register", {**form, "csrf_token": csrf(page)})
        page = self.page("page", "/")
        self.request("logout", "/auth/logout", {"csrf_token": csrf(page)})
        page = self.page("page", "/auth/login")
        status, _, _ = self.request(
            "login", "/auth/login", {**form, "csrf_token": csrf(page), "remember": "y"}
        )
        if status != 302:
            raise RuntimeError(f"login answered {status or 'no response'}")
        self.stats.logged_in()
        banks = PRACTICE_LINK_RE.findall(self.page("page", "/")) or ["/practice/"]
        for number in range(questions):
            if time.monotonic() > self.deadline:
                return
            self.pause()
            self.answer_one(banks[number % len(banks)])
        if time.monotonic() < self.deadline:
            self.interview(interview_questions)

    def answer_one(self, bank_path: str) -> None:
        html = self.page("page", bank_path)
        action = ANSWER_ACTION_RE.search(html)
        if action is None:
            return
        choices = CHOICE_RE.findall(html)
        data: dict | list
        if choices:
            data = {"choice": random.choice(choices), "csrf_token": csrf(html)}
            kind = "choice"
        else:
            data = {"answer": "a request context and blueprints", "csrf_token": csrf(html)}
            kind = "open" if "<textarea" in html else "short"
        self.pause()
        for attempt in range(4):
            status, location, _ = self.request("answer", action.group(1), data)
            if status == 302 and (match := ATTEMPT_RE.search(location)):
                with self.stats.lock:
                    self.stats.acknowledged[action.group(1)] = int(match.group(1))
                break
            if status != 0:
                return
            with self.stats.lock:
                self.stats.retries += 1
            time.sleep(0.2 * (attempt + 1))
        else:
            return
        if kind == "open":
            feedback = self.page("page", location)
            self.request("rate", location + "/rate", {"rating": "3", "csrf_token": csrf(feedback)})

    def interview(self, count: int) -> None:
        start = self.page("page", "/interview/")
        banks = [a or b for a, b in BANK_RE.findall(start)]
        data = {"csrf_token": csrf(start), "banks": banks, "questions": str(count), "minutes": ""}
        status, location, _ = self.request("interview", "/interview/", data)
        match = INTERVIEW_Q_RE.search(location)
        if status != 302 or match is None:
            return
        interview_id = match.group(1)
        for position in range(1, count + 1):
            self.pause()
            path = f"/interview/{interview_id}/q/{position}"
            html = self.page("page", path)
            answer = {"csrf_token": csrf(html), "action": "next"}
            shown = re.search(r'name="shown" value="([^"]*)"', html)
            answer["shown"] = shown.group(1) if shown else ""
            choices = CHOICE_RE.findall(html)
            if choices:
                answer["choice"] = choices[0]
            else:
                answer["answer"] = "a request context"
            self.request("interview", path, answer)
        page = self.page("page", f"/interview/{interview_id}/finish")
        self.request(
            "interview",
            f"/interview/{interview_id}/finish",
            {"csrf_token": csrf(page), "confirm": "1"},
        )
        report = self.page("page", f"/interview/{interview_id}/report")
        for rate_path in sorted(set(re.findall(r'action="(/interview/\d+/rate/\d+)"', report))):
            self.request("rate", rate_path, {"rating": "3", "csrf_token": csrf(report)})


def csrf(html: str) -> str:
    match = CSRF_RE.search(html)
    return match.group(1) if match else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def gunicorn_workers(root: int) -> list[int]:
    """The worker processes under our `make serve` (make -> gunicorn master -> workers)."""
    pending, tree = [root], []
    while pending:
        kids = children(pending.pop())
        tree.extend(kids)
        pending.extend(kids)
    gunicorns = {p for p in tree if "gunicorn" in Path(f"/proc/{p}/cmdline").read_text()}
    return sorted(p for p in gunicorns if parent(p) in gunicorns)


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


def reset_database(url: str) -> str:
    if url == "sqlite":
        path = Path(tempfile.mkdtemp(prefix="quiz-load-")) / "load.sqlite"
        return f"sqlite:///{path}"
    name = sa.make_url(url).database or ""
    if "test" not in name:
        sys.exit(f"refusing to wipe database {name!r}: its name must contain 'test'")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def wait_ready(base: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    sys.exit("the server did not become ready")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def stored_attempts(url: str, prefix: str) -> tuple[list[int], int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        ids = conn.execute(
            sa.text(
                'SELECT attempt.id FROM attempt JOIN "user" ON "user".id = attempt.user_id '
                "WHERE \"user\".username LIKE :p AND attempt.mode = 'practice'"
            ),
            {"p": prefix + "%"},
        ).scalars()
        ids = list(ids)
        duplicates = conn.execute(
            sa.text(
                "SELECT count(*) FROM (SELECT served_id FROM attempt WHERE served_id IS NOT NULL "
                "GROUP BY served_id HAVING count(*) > 1) AS d"
            )
        ).scalar_one()
    engine.dispose()
    return ids, duplicates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--questions", type=int, default=8)
    parser.add_argument("--interview-questions", type=int, default=5)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between actions")
    parser.add_argument(
        "--ramp", type=float, default=30.0, help="seconds over which learners arrive"
    )
    parser.add_argument("--workers", type=int, default=None, help="default: gunicorn.conf.py")
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--no-kill", action="store_true")
    args = parser.parse_args()
    args.learners = min(args.learners, 500)

    url = reset_database(args.database)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "BIND": f"127.0.0.1:{port}",
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        # plain HTTP on 127.0.0.1, and every learner comes from that one address
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "FLASK_REMEMBER_COOKIE_SECURE": "false",
        "FLASK_LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
        "FLASK_REGISTER_LIMIT_PER_ADDRESS": "100000 per minute",
    }
    env.pop("REDIS_URL", None)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    log = open(tempfile.mktemp(prefix="quiz-load-", suffix=".log"), "w")  # noqa: SIM115
    server = subprocess.Popen(
        ["make", "-s", "serve"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(base)
        workers = gunicorn_workers(server.pid)
        stats = Stats()
        prefix = f"load{secrets.token_hex(3)}"
        load_before = os.getloadavg()
        started = time.monotonic()
        deadline = started + args.max_seconds
        learners = [
            Learner(base, f"{prefix}{i:03d}", stats, args.think, deadline)
            for i in range(args.learners)
        ]
        threads = [
            threading.Thread(target=run_safely, args=(learner, args, stats), daemon=True)
            for learner in learners
        ]
        for thread in threads:
            thread.start()
            time.sleep(args.ramp / args.learners)  # a class arriving, not one burst
        killed = None
        if not args.no_kill:
            target = args.learners * args.questions // 2
            while time.monotonic() < deadline and len(stats.acknowledged) < target:
                time.sleep(0.1)
            current = gunicorn_workers(server.pid)
            if current:
                killed = current[0]
                os.kill(killed, signal.SIGKILL)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 35)
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        stored, duplicates = stored_attempts(url, prefix)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()

    report(args, url, stats, elapsed, workers, killed, stored, duplicates, load_before, load_after)


def run_safely(learner: Learner, args, stats: Stats) -> None:
    try:
        learner.run(args.questions, args.interview_questions)
    except RuntimeError as error:
        stats.record("learner", 0.0, f"gave up ({error})")


def report(args, url, stats, elapsed, workers, killed, stored, duplicates, before, after):
    database = sa.make_url(url).get_backend_name()
    total = sum(len(v) for kind, v in stats.times.items() if kind != "learner")
    print(
        f"\n## bench/load.py on {database}: {args.learners} learners arriving over "
        f"{args.ramp:.0f} s, think {args.think} s, "
        f"{len(workers)} gunicorn workers, worker killed: {killed or 'none'}"
    )
    print(
        f"load average (1 min) before {before[0]:.2f}, after {after[0]:.2f}; "
        f"{os.cpu_count()} cores; load generator on the same machine"
    )
    print(f"{total} requests in {elapsed:.1f} s = {total / elapsed:.1f} requests/s")
    arrival = [(kind, s) for at, kind, s in stats.timeline if at <= stats.last_login_at]
    steady = [(at, kind, s) for at, kind, s in stats.timeline if at > stats.last_login_at]
    print_phase("arrival phase (learners registering and logging in)", arrival)
    print_phase("steady phase (everyone logged in, practising)", [(k, s) for _, k, s in steady])
    steady_answers = sum(1 for _, kind, _ in steady if kind == "answer")
    if steady and steady_answers:
        span = steady[-1][0] - steady[0][0]
        every = args.learners * span / steady_answers if span else 0.0
        print(f"steady phase: {span:.0f} s, one answer per learner every {every:.1f} s")
    errors = {k: v for k, v in stats.statuses.items() if k[1] not in ("200", "302")}
    listed = ", ".join(f"{kind} {status}: {n}" for (kind, status), n in sorted(errors.items()))
    print(f"\nerrors by status: {listed or 'none'}")
    acknowledged = set(stats.acknowledged.values())
    print(f"answer POSTs re-sent after a lost connection: {stats.retries}")
    print(
        f"acknowledged answers: {len(stats.acknowledged)} (distinct attempt ids "
        f"{len(acknowledged)}); stored practice attempts: {len(stored)}; "
        f"duplicated served questions: {duplicates}"
    )
    same = acknowledged == set(stored) and len(stored) == len(set(stored))
    print(
        "acknowledged == stored: "
        + (
            "yes"
            if same
            else f"NO (acked not stored {len(acknowledged - set(stored))}, "
            f"stored not acked {len(set(stored) - acknowledged)})"
        )
    )
    answers = [s for at, kind, s in stats.timeline if kind == "answer" and at > stats.last_login_at]
    if answers:
        p95 = percentile(answers, 0.95) * 1000
        print(
            f"steady-phase answer POST p95 {p95:.0f} ms (target 150 ms): "
            + ("met" if p95 <= 150 else "NOT met")
        )


def print_phase(title: str, records: list[tuple[str, float]]) -> None:
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, seconds in records:
        if kind != "learner":
            by_kind[kind].append(seconds)
    print(f"\n{title}: {sum(map(len, by_kind.values()))} requests")
    print(f"{'route kind':<12}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for kind in sorted(by_kind):
        values = by_kind[kind]
        print(
            f"{kind:<12}{len(values):>7}{percentile(values, 0.5) * 1000:>9.0f}"
            f"{percentile(values, 0.95) * 1000:>9.0f}{percentile(values, 0.99) * 1000:>9.0f}"
        )


if __name__ == "__main__":
    main()
