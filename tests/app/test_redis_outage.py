"""Redis going away degrades the rate limits to per-process counts; logins keep working.

The test starts a Redis server of its own on a free port, so that it can stop it; the
machine's Redis is never touched.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis

from quiz import create_app
from quiz.extensions import db
from tests.conftest import AuthActions, empty_all_tables, make_config

FALLBACK_WARNING = "falling back to in-memory storage"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SpareRedis:
    def __init__(self, folder):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the spare Redis did not start")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self) -> list[bytes]:
        return redis.Redis.from_url(self.url).keys("*")


@pytest.fixture
def spare_redis(tmp_path):
    server = SpareRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_limited_app(migrated_database, spare_redis):
    app = create_app(make_config(migrated_database, RATELIMIT_STORAGE_URI=spare_redis.url))
    yield app
    with app.app_context():
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


def test_with_redis_stopped_logins_work_limits_count_per_process_and_readyz_says_degraded(
    redis_limited_app, spare_redis, caplog
):
    app = redis_limited_app
    learner = AuthActions(app.test_client())
    assert learner.register("erin", follow=False).status_code == 302
    assert AuthActions(app.test_client()).login("nobody", "wrong", follow=False).status_code == 200
    assert spare_redis.keys(), "the limits did not count in Redis while it was up"
    assert app.test_client().get("/readyz").get_json()["rate_limits"] == "ok"

    spare_redis.stop()
    caplog.set_level(logging.WARNING)
    client = app.test_client()
    other = AuthActions(client)
    assert other.register("frank", follow=False).status_code == 302
    other.logout()
    assert other.login("frank", follow=False).status_code == 302
    changed = other.change_password("correct horse battery", "a new long passphrase")
    assert changed.status_code == 200 and "Password changed" in changed.get_data(as_text=True)
    assert other.logout().status_code == 200
    assert other.login("frank", "a new long passphrase", follow=False).status_code == 302
    other.logout()

    guesses = [other.login("frank", f"wrong {i}", follow=False).status_code for i in range(6)]
    assert guesses == [200] * 5 + [429]  # still limited, in this process's memory
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["rate_limits"] == "degraded"
    warnings = [r for r in caplog.records if FALLBACK_WARNING in r.getMessage()]
    assert len(warnings) == 1, [(r.name, r.getMessage()) for r in caplog.records]


def test_limits_go_back_to_redis_when_it_returns(redis_limited_app, spare_redis):
    app = redis_limited_app
    auth = AuthActions(app.test_client())
    spare_redis.stop()
    assert auth.login("grace", "wrong", follow=False).status_code == 200
    spare_redis.start()  # an empty Redis: whatever appears in it was counted after
    deadline = time.monotonic() + 20
    while not spare_redis.keys() and time.monotonic() < deadline:
        # the limiter re-checks Redis with a growing back-off (1 s, 2 s, 4 s, ...)
        auth.login(f"user{time.monotonic_ns()}", "wrong", follow=False)
        time.sleep(0.5)
    assert spare_redis.keys(), "the limits did not resume in Redis"
