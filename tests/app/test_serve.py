"""The production server: two gunicorn workers share the login limit through Redis."""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis

from tests.conftest import CSRF_RE, PROJECT_DIR

REDIS_URL = "redis://127.0.0.1:6379/0"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(opener, url, data):
    page = opener.open(url, timeout=20).read().decode()
    body = {**data, "csrf_token": CSRF_RE.search(page).group(1)}
    try:
        with opener.open(url, urllib.parse.urlencode(body).encode(), timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def two_workers(tmp_path):
    prefix = f"quiz-test-serve-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}",
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "REDIS_URL": REDIS_URL,
        "FLASK_RATELIMIT_STORAGE_OPTIONS": f'{{"key_prefix": "{prefix}"}}',
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        # this test is about the per-account count; let the retries below not hit the
        # per-address one
        "FLASK_LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
        "FLASK_REGISTER_LIMIT_PER_ADDRESS": "1000 per minute",
    }
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run(
        [BIN / "flask", "--app", "app", "db", "upgrade"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    log_path = tmp_path / "access.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [BIN / "gunicorn", "--config", "gunicorn.conf.py", "app:app"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(base + "/readyz", timeout=2).status == 200:
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not become ready: " + log_path.read_text()[-2000:])
        yield base, log_path
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        connection = redis.Redis.from_url(REDIS_URL)
        keys = list(connection.scan_iter(f"{prefix}*"))
        if keys:
            connection.delete(*keys)


def new_opener():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )


def wrong_logins_at_once(base: str, name: str, count: int) -> list[int]:
    """``count`` wrong-password logins sent together, so that both sync workers (each
    busy with one request at a time) take some of them."""
    pages = [
        (opener, opener.open(base + "/auth/login", timeout=20).read().decode())
        for opener in (new_opener() for _ in range(count))
    ]
    start = threading.Barrier(count)
    codes: list[int] = []

    def send(opener, page, i):
        body = {"username": name, "password": f"wrong {i}", "csrf_token": CSRF_RE.search(page)[1]}
        start.wait()
        try:
            with opener.open(
                base + "/auth/login", urllib.parse.urlencode(body).encode(), timeout=20
            ) as r:
                codes.append(r.status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)

    threads = [threading.Thread(target=send, args=(*p, i)) for i, p in enumerate(pages)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return codes


def test_sixth_wrong_password_is_refused_across_two_gunicorn_workers(two_workers):
    base, log_path = two_workers
    form = {"username": "", "password": "correct horse battery"}
    # Which worker takes a connection is the kernel's choice: four attempts are sent at
    # once so both workers take some; a fresh account is tried if one still took all.
    for attempt in range(10):
        name = form["username"] = f"dana{attempt}"
        register = {**form, "confirm": form["password"]}
        assert post_form(new_opener(), base + "/auth/register", register) == 302
        before = len(log_path.read_text().splitlines())
        # under the limit of 5, so no two of these race for the last allowed attempt
        codes = wrong_logins_at_once(base, name, 4)
        attacker = new_opener()  # not the learner's session: a fresh cookie jar
        for i in (5, 6):
            codes.append(
                post_form(
                    attacker, base + "/auth/login", {"username": name, "password": f"wrong {i}"}
                )
            )
        time.sleep(0.5)  # let the access log lines arrive
        lines = log_path.read_text().splitlines()[before:]
        pids = re.findall(r'"POST /auth/login HTTP/1.1" \d+ .* pid=<(\d+)>', "\n".join(lines))
        # the fifth is still allowed, the sixth refused: the two workers share one count
        assert codes == [200] * 5 + [429], codes
        if len(set(pids)) == 2:
            break
    assert len(set(pids)) == 2, "every login went to one worker; the sharing was not shown"
