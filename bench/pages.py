"""Requests/s of the hot pages as a ratio to the bare-Flask floor, served the same way.

Run: `make bench-pages` (or .venv/bin/python bench/pages.py [seconds-per-run]).
Starts the app and the floor (`bench/floor_app.py`, page `/q/17`) under the
same gunicorn settings on random free ports of 127.0.0.1, seeds a throwaway SQLite
database (the shipped banks, one learner per load thread with a year of attempts, due
cards and an interview in progress), logs each learner in through the real login form,
then measures every hot page with wrk. Floor and page runs are interleaved, repeated
for ROUNDS rounds, and the table shows the median ratio page/floor per page.

The question-then-answer cycle is GET a practice question then POST its answer (CSRF
token and the served question's one-time token read from the page), counted as two
requests; each wrk thread drives one connection as its own learner, so no two threads
answer the same served question.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FLOOR_APP = ROOT / "bench" / "floor_app.py"  # the team's shared floor, copied unchanged
FLOOR_PAGE = "/q/17"
GUNICORN_WORKERS = 2
THREADS = 2  # wrk threads = connections = learners (the cycle needs one connection each)
ROUNDS = 3
SECONDS = 3
ATTEMPTS = 1_000  # history of each learner: one attempt every 37 minutes, ~26 days
PASSWORD = "bench password 123"
SECRET_KEY = "bench-" + os.urandom(24).hex()  # the app refuses a key under 32 characters
TARGET = 1.0  # issue 23: every hot page at least as fast as the floor
# One browser: the login and wrk's requests send the same User-Agent. Flask-Login's
# session protection ties a session to it, and a different one (urllib's at login, none
# from wrk) marks the session not fresh on every request, re-signing its cookie each time.
USER_AGENT = "bench/pages.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    app: str, port: int, cwd: Path, env: dict[str, str], config: Path
) -> subprocess.Popen:
    """``config`` is the same empty file for both servers: without it gunicorn reads the
    project's gunicorn.conf.py (access log, more workers) for the app and not the floor."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", str(config), "-w", str(GUNICORN_WORKERS)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", app]
    return subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, start_new_session=True)


def wait_until_up(server: subprocess.Popen, port: int, path: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server for port {port} exited ({server.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def seed(database_url: str, learners: int) -> dict:
    """The shipped banks, ``learners`` learners with history, due cards and an interview each."""
    import sqlalchemy as sa
    from bench_queries import seed as seed_history
    from flask_migrate import upgrade

    from quiz import create_app
    from quiz.bank_store.importer import import_paths
    from quiz.extensions import db
    from quiz.interview.service import start_interview
    from quiz.models import Bank, Question, User

    app = create_app({"SECRET_KEY": SECRET_KEY, "SQLALCHEMY_DATABASE_URI": database_url})
    now = datetime.now(UTC)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        outcome = import_paths(db.session, [Path(app.config["QUESTIONS_DIR"])], 1_000_000)
        assert outcome.ok, outcome.errors
        bank = db.session.scalars(sa.select(Bank).order_by(Bank.id)).first()
        question_ids = list(db.session.scalars(sa.select(Question.id).where(~Question.retired)))
        users = []
        for n in range(learners):
            user = User(username=f"bench{n}", username_key=f"bench{n}", timezone="Europe/Berlin")
            user.set_password(PASSWORD)
            db.session.add(user)
            db.session.commit()
            seed_history(user.id, ATTEMPTS, question_ids, now)
            started = start_interview(db.session, user.id, [bank.id], 10, None, now)
            users.append((user.username, started.interview.id))
        return {"bank": bank.slug, "users": users}


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(port: int, username: str) -> str:
    """Log in through the real form; return the Cookie header the server set."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/auth/login").read().decode()
    match = CSRF_RE.search(page)
    if not match:
        raise SystemExit("the login page has no CSRF token")
    form = {"csrf_token": match.group(1), "username": username, "password": PASSWORD}
    response = opener.open(f"{base}/auth/login", urllib.parse.urlencode(form).encode())
    if "/auth/login" in response.geturl():
        raise SystemExit(f"logging in {username} failed")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Each thread is one learner (cookie and interview) on one connection.
LUA_COMMON = """
local cookies = {%(cookies)s}
local agent = %(agent)s
local interviews = {%(interviews)s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("n", counter)
  table.insert(threads, thread)
end
threads = {}
"""

LUA_GET = """
function request()
  local path = %(path)s
  path = path:gsub("{interview}", interviews[n])
  return wrk.format("GET", path, {["Cookie"] = cookies[n], ["User-Agent"] = agent})
end
"""

# GET the practice question, then POST its answer with the tokens read from that page.
LUA_CYCLE = """
local pending = nil
answered = 0
sessions = 0
unexpected = 0
function request()
  if pending then
    local body = "csrf_token=" .. pending.csrf .. "&choice=1&answer=x"
    local path = pending.action
    pending = nil
    return wrk.format("POST", path, {
      ["Cookie"] = cookies[n],
      ["User-Agent"] = agent,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
  return wrk.format("GET", %(path)s, {["Cookie"] = cookies[n], ["User-Agent"] = agent})
end
function response(status, headers, body)
  if status == 200 then
    local action = body:match('action="(/practice/answer/[^"]+)"')
    local csrf = body:match('name="csrf_token"[^>]*value="([^"]+)"')
    if action and csrf then
      pending = {action = action, csrf = csrf}
    else
      unexpected = unexpected + 1
    end
  elseif status == 302 and (headers["Location"] or ""):match("/practice/attempt/") then
    answered = answered + 1
  elseif status == 302 and (headers["Location"] or ""):match("/practice/session/") then
    -- a session of 10 is over: the GET ended it, the next GET starts another
    sessions = sessions + 1
  else
    unexpected = unexpected + 1
  end
end
function done(summary, latency, requests)
  local a, s, u = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("answered")
    s = s + t:get("sessions")
    u = u + t:get("unexpected")
  end
  io.write(string.format("answered: %%d\\nsessions ended: %%d\\nunexpected: %%d\\n", a, s, u))
end
"""


def lua_script(path: str, cycle: bool, cookies: list[str], interviews: list[int]) -> str:
    common = LUA_COMMON % {
        "cookies": ", ".join(lua_string(c) for c in cookies),
        "interviews": ", ".join(lua_string(str(i)) for i in interviews),
        "agent": lua_string(USER_AGENT),
    }
    return common + (LUA_CYCLE if cycle else LUA_GET) % {"path": lua_string(path)}


def wrk(port: int, script: Path, seconds: int) -> tuple[float, str]:
    command = [
        "wrk", f"-t{THREADS}", f"-c{THREADS}", f"-d{seconds}s", "-s", str(script),
        f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s*([0-9.]+)", output)
    if not match:
        raise SystemExit(f"no Requests/sec in wrk output:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", output)
    if errors:
        raise SystemExit(f"wrk saw failed requests:\n{output}")
    return float(match.group(1)), output


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else SECONDS
    if not FLOOR_APP.is_file():
        raise SystemExit(f"The floor app is absent: expected {FLOOR_APP}. Nothing was measured.")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        tmpdir = Path(tmp)
        database_url = f"sqlite:///{tmpdir / 'app.sqlite'}"
        data = seed(database_url, THREADS)
        app_port, floor_port = free_port(), free_port()
        app_env = {
            "DATABASE_URL": database_url,
            "FLASK_SECRET_KEY": SECRET_KEY,
            # plain HTTP on 127.0.0.1: Secure cookies would never be sent back
            "FLASK_SESSION_COOKIE_SECURE": "false",
            "FLASK_REMEMBER_COOKIE_SECURE": "false",
        }
        floor_env = {**os.environ, "FLOOR_DB": str(tmpdir / "floor.sqlite")}
        # the floor fills its table on import: once here, not racing in two workers
        subprocess.run(
            [sys.executable, "-c", "import floor_app"],
            cwd=FLOOR_APP.parent,
            env=floor_env,
            check=True,
        )
        config = tmpdir / "gunicorn.bench.conf.py"
        config.write_text("# gunicorn defaults: the same settings for the app and the floor\n")
        servers = [
            start_gunicorn("app:app", app_port, ROOT, app_env, config),
            start_gunicorn("floor_app:app", floor_port, FLOOR_APP.parent, floor_env, config),
        ]
        try:
            wait_until_up(servers[0], app_port, "/auth/login")
            wait_until_up(servers[1], floor_port, FLOOR_PAGE)
            cookies = [log_in(app_port, username) for username, _ in data["users"]]
            interviews = [interview for _, interview in data["users"]]
            bank = data["bank"]
            pages = {
                "dashboard": ("/dashboard", False),
                "progress": ("/progress/", False),
                "practice question": (f"/practice/{bank}/", False),
                "question+answer": (f"/practice/{bank}/", True),
                "review queue": ("/review/", False),
                "interview question": ("/interview/{interview}/q/1", False),
                "interview start": ("/interview/", False),
            }
            floor_script = tmpdir / "floor.lua"
            floor_script.write_text(lua_script(FLOOR_PAGE, False, cookies, interviews))
            scripts = {}
            for name, (path, cycle) in pages.items():
                scripts[name] = tmpdir / f"{len(scripts)}.lua"
                scripts[name].write_text(lua_script(path, cycle, cookies, interviews))
            # warm both servers (imports, templates, caches) before measuring
            wrk(floor_port, floor_script, 1)
            for script in scripts.values():
                wrk(app_port, script, 1)
            ratios: dict[str, list[float]] = {name: [] for name in pages}
            rates: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
            for round_no in range(1, ROUNDS + 1):
                for name in pages:
                    floor_rate, _ = wrk(floor_port, floor_script, seconds)
                    page_rate, output = wrk(app_port, scripts[name], seconds)
                    if pages[name][1]:
                        unexpected = int(re.search(r"unexpected: (\d+)", output).group(1))
                        if unexpected:
                            raise SystemExit(f"the answer cycle went wrong:\n{output}")
                    ratios[name].append(page_rate / floor_rate)
                    rates[name].append((floor_rate, page_rate))
                print(f"round {round_no}/{ROUNDS} done", file=sys.stderr)
        finally:
            for server in servers:
                stop(server)
    print(
        f"gunicorn -w {GUNICORN_WORKERS}, wrk -t{THREADS} -c{THREADS} -d{seconds}s, "
        f"{ROUNDS} rounds interleaved, {ATTEMPTS} attempts per learner; "
        f"floor = {FLOOR_PAGE} of {FLOOR_APP.name}"
    )
    print(f"{'page':<20}{'floor req/s':>12}{'page req/s':>12}{'ratios':>22}{'median':>8}  ok")
    for name in pages:
        floor_median = statistics.median(f for f, _ in rates[name])
        page_median = statistics.median(p for _, p in rates[name])
        median = statistics.median(ratios[name])
        each = " ".join(f"{r:.2f}" for r in ratios[name])
        verdict = "yes" if median >= TARGET else "NO"
        rates_text = f"{floor_median:>12.0f}{page_median:>12.0f}"
        print(f"{name:<20}{rates_text}{each:>22}{median:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
