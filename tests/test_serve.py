"""The production server: two gunicorn workers share the login limit through Redis."""

import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
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
        "FLASK_LOGIN_LIMIT_PER_ADDRESS": "100 per minute",
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


def test_sixth_wrong_password_is_refused_across_two_gunicorn_workers(two_workers):
    base, log_path = two_workers
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
    )
    form = {"username": "", "password": "correct horse battery"}
    for attempt in range(5):  # until the six attempts landed on both workers
        name = f"dana{attempt}"
        form["username"] = name
        assert (
            post_form(opener, base + "/auth/register", {**form, "confirm": form["password"]}) == 302
        )
        # a fresh cookie jar: the attacker is not the logged-in learner
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        before = len(log_path.read_text().splitlines())
        codes = [
            post_form(opener, base + "/auth/login", {"username": name, "password": f"wrong {i}"})
            for i in range(6)
        ]
        time.sleep(0.5)  # let the access log lines arrive
        lines = log_path.read_text().splitlines()[before:]
        pids = re.findall(r'"POST /auth/login HTTP/1.1" \d+ .* pid=<(\d+)>', "\n".join(lines))
        assert codes == [200] * 5 + [429], codes
        if len(set(pids)) == 2:
            break
    assert len(set(pids)) == 2, "every login went to one worker; the sharing was not shown"
