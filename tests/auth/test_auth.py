import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User
from tests.conftest import csrf_token_from


def test_register_logs_in_and_hashes_with_scrypt(client, auth, app):
    response = auth.register("alice", "correct horse battery")
    assert response.status_code == 200
    assert "Welcome, alice" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username_key == "alice"))
        assert user.password_hash.startswith("scrypt:")
        assert user.check_password("correct horse battery")


def test_register_form_has_the_expected_labels(client):
    page = client.get("/auth/register").get_data(as_text=True)
    for text in ("Username", "Password", "Confirm password", 'value="Register"'):
        assert text in page


def test_short_password_is_refused_with_a_message(client, auth, app):
    response = auth.register("bob", "short")
    assert "Use at least 8 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_long_password_is_not_truncated(client, auth):
    password = "x" * 200
    auth.register("carol", password)
    auth.logout()
    assert "Unknown username" in auth.login("carol", "x" * 199).get_data(as_text=True)
    assert "Log out" in auth.login("carol", password).get_data(as_text=True)


def test_taken_username_gets_a_clear_message_case_insensitively(client, auth, app):
    auth.register("alice")
    auth.logout()
    response = auth.register("Alice")
    assert "That username is taken" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_mismatched_confirmation_is_refused(client):
    page = client.get("/auth/register").get_data(as_text=True)
    response = client.post(
        "/auth/register",
        data={
            "username": "dave",
            "password": "abcdefgh1",
            "confirm": "abcdefgh2",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert "The passwords do not match." in response.get_data(as_text=True)


def test_login_wrong_password_and_right_password(client, auth):
    auth.register()
    auth.logout()
    assert "Unknown username or wrong password." in auth.login(password="nope nope").get_data(
        as_text=True
    )
    assert "Log out" in auth.login().get_data(as_text=True)


def test_remember_me_sets_a_remember_cookie(client, auth):
    auth.register()
    auth.logout()
    auth.login(remember="y", follow=False)
    assert client.get_cookie("remember_token") is not None


def test_logout_is_post_only_and_needs_csrf(client, auth):
    auth.register()
    assert client.get("/auth/logout").status_code == 405
    refused = client.post("/auth/logout", data={})
    assert refused.status_code == 400
    assert "Log out" in client.get("/").get_data(as_text=True)  # still logged in
    response = auth.logout()
    assert "You are logged out." in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, app):
    response = client.post(
        "/auth/register",
        data={"username": "mallory", "password": "abcdefgh", "confirm": "abcdefgh"},
    )
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_next_is_followed_only_when_local(client, auth):
    auth.register()
    auth.logout()
    for bad in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        page = client.get(f"/auth/login?next={bad}")
        response = client.post(
            f"/auth/login?next={bad}",
            data={
                "username": "alice",
                "password": "correct horse battery",
                "csrf_token": csrf_token_from(page.get_data(as_text=True)),
            },
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/dashboard", bad
        auth.logout()
    page = client.get("/auth/login?next=/progress/")
    response = client.post(
        "/auth/login?next=/progress/",
        data={
            "username": "alice",
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )
    assert response.headers["Location"] == "/progress/"


def test_pages_needing_login_redirect_to_login_with_next(client):
    response = client.get("/progress/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_username_longer_than_64_once_casefolded_is_refused(client, auth, app):
    response = auth.register("ﬃ" * 30)  # 30 characters, 90 once casefolded
    assert "Use 3 to 64 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
