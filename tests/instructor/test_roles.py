"""The instructor role: granted from the command line, guarding every /instructor/ URL."""

import re

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User
from tests.conftest import csrf_token_from


def instructor_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/instructor/")]


def url_for_rule(rule) -> str:
    """Fill every URL argument with a plausible value: the guard must answer before lookup."""
    url = rule.rule
    for converter, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", url):
        value = "1" if converter in ("int", "id") else "every-kind"
        url = re.sub(r"<(?:\w+(?:\([^)]*\))?:)?" + name + ">", value, url)
    return url


def grant(runner, username, *extra):
    return runner.invoke(args=["quiz", "instructor", username, *extra])


def test_instructor_command_grants_and_revokes(runner, app, auth):
    auth.register("bob")
    result = grant(runner, "Bob")
    assert result.exit_code == 0, result.output
    assert "bob is now an instructor" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User.role).where(User.username == "bob")) == "instructor"
    result = grant(runner, "bob", "--revoke")
    assert "no longer" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(User.role).where(User.username == "bob")) == "learner"


def test_instructor_command_refuses_an_unknown_account(runner, app):
    result = grant(runner, "nobody")
    assert result.exit_code == 1
    assert "No account named 'nobody'" in result.output


def test_the_first_account_is_not_an_instructor(client, auth):
    auth.register("first")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Instructor</a>" not in page
    assert client.get("/instructor/banks/").status_code == 403


def test_instructors_see_the_nav_item_and_still_practise(client, auth, runner, every_kind_bank):
    auth.register("teach")
    grant(runner, "teach")
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<a href="/instructor/banks/">Instructor</a>' in page
    assert client.get("/instructor/banks/").status_code == 200
    assert client.get(f"/practice/{every_kind_bank}/").status_code == 200


def test_the_url_map_has_instructor_rules_for_get_and_post(app):
    methods = {m for rule in instructor_rules(app) for m in rule.methods}
    assert {"GET", "POST"} <= methods
    assert len(instructor_rules(app)) >= 8


@pytest.mark.parametrize("who", ["learner", "anonymous"])
def test_every_instructor_url_is_guarded(app, client, auth, who, every_kind_bank):
    if who == "learner":
        auth.register("learner")
        token = csrf_token_from(client.get("/dashboard").get_data(as_text=True))
    else:
        token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    checked = 0
    for rule in instructor_rules(app):
        url = url_for_rule(rule)
        for method in sorted({"GET", "POST"} & rule.methods):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            if who == "learner":
                assert response.status_code == 403, (method, url)
                assert "Instructors only" in response.get_data(as_text=True)
            else:
                assert response.status_code == 302, (method, url)
                assert response.headers["Location"].startswith("/auth/login"), (method, url)
            checked += 1
    assert checked >= 9
