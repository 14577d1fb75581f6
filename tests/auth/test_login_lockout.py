"""Failed logins are limited per account and address, per address and per account, so
that one guessing client cannot lock the account's owner out."""

from quiz import create_app
from quiz.extensions import db
from tests.conftest import AuthActions, empty_all_tables, make_config


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return AuthActions(client)


def test_the_owner_gets_in_from_another_client_while_one_client_guesses(app, auth):
    auth.register("hana")
    auth.logout()
    guesser = client_at(app, "203.0.113.7")
    codes = [guesser.login("hana", f"wrong {i}", follow=False).status_code for i in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert guesser.login("hana", follow=False).status_code == 429  # this client waits
    owner = client_at(app, "198.51.100.20")
    assert owner.login("hana", follow=False).status_code == 302


def test_many_addresses_guessing_one_account_reach_the_account_limit(migrated_database):
    app = create_app(make_config(migrated_database, LOGIN_LIMIT_PER_ACCOUNT="8 per hour"))
    try:
        client_at(app, "192.0.2.1").register("ivan")
        guessers = [client_at(app, f"192.0.2.{n}") for n in range(10, 14)]
        codes = [g.login("ivan", "wrong", follow=False).status_code for g in guessers * 2]
        assert codes == [200] * 8  # each client stays under its own limit of 5
        fresh = client_at(app, "192.0.2.99")
        assert fresh.login("ivan", "wrong", follow=False).status_code == 429
    finally:
        with app.app_context():
            db.session.remove()
            empty_all_tables()
            db.engine.dispose()
