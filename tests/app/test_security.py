"""Issue 14: brute-force limits, revocable sessions, cookie flags, account identity."""

import re
import uuid
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
import redis
import sqlalchemy as sa

from quiz import create_app
from quiz.extensions import db
from quiz.models import SignIn, User
from tests.conftest import AuthActions, csrf_token_from, make_config

REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_PREFIX = (
    "quiz-test-"  # the suite's keys on the machine's shared Redis, deleted after each test
)


def wrong_logins(auth, count, username="alice"):
    return [auth.login(username, f"wrong password {i}", follow=False) for i in range(count)]


def test_sixth_wrong_password_in_a_minute_is_429_with_retry_after(client, auth):
    auth.register()
    auth.logout()
    answers = wrong_logins(auth, 6)
    assert [r.status_code for r in answers] == [200] * 5 + [429]
    refused = answers[-1]
    assert int(refused.headers["Retry-After"]) > 0
    page = refused.get_data(as_text=True)
    assert "Too many attempts" in page and "wait a minute" in page
    # even the right password waits: the limit is per account
    assert auth.login(follow=False).status_code == 429


def test_account_limit_counts_every_spelling_of_the_name(client, auth):
    auth.register()
    auth.logout()
    for name in ("alice", "ALICE", "ａｌｉｃｅ", "Alice", " alice"):
        assert auth.login(name, "wrong password", follow=False).status_code == 200
    assert auth.login("Alice", "wrong password", follow=False).status_code == 429


def test_address_limit_covers_many_accounts(app, client, auth):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    codes = [
        auth.login(f"user{i}", "wrong password", follow=False).status_code for i in range(limit + 1)
    ]
    assert codes == [200] * limit + [429]


def test_successful_logins_do_not_count(client, auth):
    auth.register()
    auth.logout()
    for _ in range(7):
        assert auth.login(follow=False).status_code == 302
        auth.logout()


def test_registration_is_limited_per_address(app, client, auth):
    per_minute = int(app.config["REGISTER_LIMIT_PER_ADDRESS"].split()[0])
    codes = []
    for i in range(per_minute + 1):
        codes.append(auth.register(f"learner{i}", follow=False).status_code)
        if codes[-1] == 302:
            auth.logout()
    assert codes == [302] * per_minute + [429]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == per_minute


def test_each_app_counts_on_its_own_in_memory(migrated_database):
    first = create_app(make_config(migrated_database))
    second = create_app(make_config(migrated_database))
    try:
        first_auth = AuthActions(first.test_client())
        assert [r.status_code for r in wrong_logins(first_auth, 6, "bob")][-1] == 429
        assert wrong_logins(AuthActions(second.test_client()), 1, "bob")[0].status_code == 200
    finally:
        for app in (first, second):
            with app.app_context():
                db.engine.dispose()


@pytest.fixture
def redis_prefix():
    """A unique prefix under this branch's, with every key it made deleted afterwards."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"the machine's Redis at {REDIS_URL} is unreachable: {exc}")
    prefix = f"{REDIS_PREFIX}test-{uuid.uuid4().hex[:8]}"
    yield prefix
    keys = list(connection.scan_iter(f"{prefix}*"))
    if keys:
        connection.delete(*keys)


def redis_app(database_url, prefix):
    return create_app(
        make_config(
            database_url,
            RATELIMIT_STORAGE_URI=REDIS_URL,
            RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
        )
    )


def test_two_apps_share_the_count_through_redis(migrated_database, redis_prefix):
    """Two app instances stand for two workers or two servers: the 6th is refused."""
    one, two = (
        redis_app(migrated_database, redis_prefix),
        redis_app(migrated_database, redis_prefix),
    )
    try:
        auth_one, auth_two = AuthActions(one.test_client()), AuthActions(two.test_client())
        codes = [
            (auth_one if i % 2 else auth_two).login("carol", "wrong", follow=False).status_code
            for i in range(6)
        ]
        assert codes == [200] * 5 + [429]
        keys = redis.Redis.from_url(REDIS_URL).keys(f"{redis_prefix}*")
        assert keys, "the counts were not stored in Redis"
    finally:
        for app in (one, two):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def test_redis_url_environment_variable_selects_redis(monkeypatch, migrated_database):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    app = create_app(make_config(migrated_database))
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL


def test_unknown_username_still_checks_a_password_hash(client, auth, monkeypatch):
    """Constant time: an unknown name costs one hash check, like a wrong password."""
    checked = []
    monkeypatch.setattr(
        "quiz.auth.routes.spend_password_check_time", lambda password: checked.append(password)
    )
    auth.login("nobody", "some password", follow=False)
    assert checked == ["some password"]


# ------------------------------------------------------------------------ passwords


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "one of the most common"),
        ("12345678", "one of the most common"),
        ("alice2024", "cannot be your username"),
        ("x" * 1025, "Use at most 1024 characters."),
    ],
)
def test_weak_passwords_are_refused_at_registration(client, auth, app, password, message):
    response = auth.register("alice2024", password)
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


# ------------------------------------------------------------------------ usernames


@pytest.mark.parametrize("lookalike", ["ａｄｍｉｎ", "ADMIN", "Admin"])
def test_lookalikes_of_an_existing_name_are_taken(client, auth, app, lookalike):
    auth.register("admin")
    auth.logout()
    assert "That username is taken" in auth.register(lookalike).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [("аdmin", "Use letters of one alphabet only"), ("admın", "looks like a plain letter")],
)
def test_confusable_names_are_refused_with_a_message(client, auth, app, name, message):
    assert message in auth.register(name).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_full_width_name_logs_into_the_account(client, auth):
    auth.register("admin")
    auth.logout()
    assert auth.login("ａｄｍｉｎ", follow=False).headers["Location"] == "/dashboard"


def test_an_account_kept_on_its_legacy_key_still_logs_in(client, auth, app):
    """The migration leaves a pre-NFKC account whose new key was taken on its old key."""
    with app.app_context():
        for name in ("admin", "ａｄｍｉｎ"):
            user = User(username=name, username_key=name.casefold())
            user.set_password("correct horse battery")
            db.session.add(user)
        db.session.commit()
    for name in ("admin", "ａｄｍｉｎ"):
        auth.login(name)
        assert f">{name}</a>" in client.get("/dashboard").get_data(as_text=True)
        auth.logout()


# ------------------------------------------------------------------------- sessions


def cookies_of(client):
    return {c.key: c.value for c in client._cookies.values()}


def copy_cookies(app, cookies):
    thief = app.test_client()
    for key, value in cookies.items():
        thief.set_cookie(key, value)
    return thief


def test_a_session_cookie_copied_before_logout_is_dead_after_it(client, auth, app):
    auth.register()
    stolen = cookies_of(client)
    assert copy_cookies(app, stolen).get("/dashboard").status_code == 200
    auth.logout()
    response = copy_cookies(app, stolen).get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_a_remember_cookie_copied_before_logout_is_dead_after_it(client, auth, app):
    auth.register()
    auth.logout()
    auth.login(remember="y")
    remember = {"remember_token": client.get_cookie("remember_token").value}
    assert copy_cookies(app, remember).get("/dashboard").status_code == 200
    auth.logout()
    assert copy_cookies(app, remember).get("/dashboard").status_code == 302


def test_logging_out_ends_this_browser_only(client, auth, app):
    auth.register()
    other = app.test_client()
    AuthActions(other).login(remember="y")
    remember = {"remember_token": other.get_cookie("remember_token").value}
    stolen = cookies_of(client)
    auth.logout()
    assert copy_cookies(app, stolen).get("/dashboard").status_code == 302
    assert other.get("/dashboard").status_code == 200  # the laptop stays logged in
    assert copy_cookies(app, remember).get("/dashboard").status_code == 200
    with app.app_context():  # only a hash of a sign-in's token is stored
        hashes = db.session.scalars(sa.select(SignIn.token_hash)).all()
    assert len(hashes) == 1 and remember["remember_token"].split("|")[0] not in hashes[0]


def test_remember_cookie_lasts_30_days_and_cookies_are_secure_outside_debug(client, auth):
    auth.register()
    auth.logout()
    response = auth.login(remember="y", follow=False)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    session = next(c for c in cookies if c.startswith("session="))
    assert "Secure" in remember and "HttpOnly" in remember
    assert "Secure" in session and "HttpOnly" in session
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", remember).group(1))
    days = (expires - datetime.now(UTC)).total_seconds() / 86400
    assert 29.9 < days <= 30


def test_secure_cookies_can_be_turned_off_for_plain_http(migrated_database):
    app = create_app(make_config(migrated_database, SESSION_COOKIE_SECURE=False))
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    with app.app_context():
        db.engine.dispose()


def test_change_password_logs_out_every_other_session(client, auth, app):
    auth.register()
    other = app.test_client()
    AuthActions(other).login()
    assert other.get("/dashboard").status_code == 200
    settings = client.get("/settings").get_data(as_text=True)
    assert "Change password" in settings and "Log out everywhere" in settings
    page = auth.change_password("correct horse battery", "a new long passphrase")
    assert "Password changed." in page.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200  # this browser carries on
    assert other.get("/dashboard").status_code == 302
    auth.logout()
    assert "Unknown username" in auth.login().get_data(as_text=True)
    assert auth.login(password="a new long passphrase", follow=False).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "message"),
    [
        ("not my password", "a new long passphrase", "That is not your current password."),
        ("correct horse battery", "password", "one of the most common"),
        ("correct horse battery", "alice", "Use at least 8 characters."),
    ],
)
def test_change_password_refusals_change_nothing(client, auth, current, new, message):
    auth.register()
    assert message in auth.change_password(current, new).get_data(as_text=True)
    auth.logout()
    assert auth.login(follow=False).status_code == 302


def test_guessing_the_current_password_is_limited_too(client, auth):
    auth.register()
    codes = [
        auth.change_password(f"guess {i}", "a new long passphrase").status_code for i in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_log_out_everywhere(client, auth, app):
    auth.register()
    other = app.test_client()
    AuthActions(other).login(remember="y")
    page = client.get("/settings").get_data(as_text=True)
    response = client.post(
        "/auth/logout-everywhere", data={"csrf_token": csrf_token_from(page)}, follow_redirects=True
    )
    assert "You are logged out on every device." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302
    assert other.get("/dashboard").status_code == 302
    assert client.post("/auth/logout-everywhere", data={}).status_code in (302, 400)


# -------------------------------------------------------------------------- headers


def test_hsts_and_permissions_policy_over_https_only_hsts_needs_https(client):
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "camera=()" in secure.headers["Permissions-Policy"]
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers


def test_proxy_fix_trusts_forwarded_proto_only_when_configured(migrated_database):
    behind_proxy = create_app(make_config(migrated_database, PROXY_FIX_HOPS=1))
    direct = create_app(make_config(migrated_database))
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    try:
        assert (
            "Strict-Transport-Security"
            in behind_proxy.test_client().get("/", headers=headers).headers
        )
        assert (
            "Strict-Transport-Security"
            not in direct.test_client().get("/", headers=headers).headers
        )
    finally:
        for app in (behind_proxy, direct):
            with app.app_context():
                db.engine.dispose()
