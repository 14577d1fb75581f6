"""Every route, every parameter, odd values: never a 500 (issue 24).

Walks the app's URL map and sends each route, by each of its methods, odd values in
every URL part and in every query-string or form field the app reads: huge, negative,
non-ASCII digits, empty, NUL, words. Runs as an instructor (who may open every page),
with a bank imported, an attempt made and an interview running, so that the valid ids
in between lead into the views' real work.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections import Counter

import pytest
from werkzeug.routing import Rule

from tests.conftest import AuthActions, csrf_token_from, open_question, submit

ODD_VALUES = (
    "99999999999999999999",
    "2147483648",
    "-1",
    "0",
    "²",
    "١٢",  # Arabic-Indic digits: isdigit() says yes, the database says no
    "１",  # full-width digit
    "",
    "x" * 300,
    "\x00",
)
# Every field name a view or form reads from a query string or a form body.
PARAMETERS = (
    "bank",
    "topic",
    "size",
    "mode",
    "questions",
    "minutes",
    "banks",
    "rating",
    "choice",
    "shown",
    "goto",
    "action",
    "abandon_id",
    "after",
    "then",
    "by_default",
    "confirm",
    "base_version",
    "checked_hash",
    "filename",
    "point",
    "misconception",
    "stamp",
    "page",
    "next",
)
# They would end the session the rest of the walk needs.
SESSION_ENDERS = ("auth.logout", "auth.logout_everywhere", "auth.change_password")
BASELINE = {"mode": "practice", "size": "5", "questions": "3", "rating": "3", "then": "next"}


@pytest.fixture
def instructor(app, client, runner, every_kind_bank):
    auth = AuthActions(client)
    auth.register("odd")
    result = runner.invoke(args=["quiz", "instructor", "odd"])
    assert result.exit_code == 0, result.output
    html, _, options = open_question(client, app, "admin-panel")
    submit(client, html, follow_redirects=False, choice=options["Django"])
    return csrf_token_from(html)


def url_variants(rule: Rule) -> list[str]:
    """The rule's URL with a plausible value in each part, then odd values one part at a time."""
    plausible = {name: "1" for name in rule.arguments}
    for name in rule.arguments:
        if "slug" in name:
            plausible[name] = "every-kind"
    urls = [build(rule, plausible)]
    for name in rule.arguments:
        for odd in ODD_VALUES:
            if odd in ("", "\x00"):  # not a URL part a browser can send
                continue
            urls.append(build(rule, {**plausible, name: odd}))
    return urls


def build(rule: Rule, values: dict[str, str]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: values[m.group(1)], rule.rule)


def fields_read_by(view) -> list[str]:
    """The parameters a view may read: named in its own code or in its package's forms."""
    view = inspect.unwrap(view)
    source = inspect.getsource(view)
    package = view.__module__.rsplit(".", 1)[0]
    forms = sys.modules.get(f"{package}.forms")
    if forms is not None and "Form(" in source:
        source += inspect.getsource(forms)
    return [name for name in PARAMETERS if re.search(rf"\b{name}\b", source)]


def test_no_route_answers_500_to_odd_values(app, client, instructor):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: errors reach handlers
    failures, statuses = [], Counter()

    def send(method: str, url: str, fields: dict[str, str], label: str) -> None:
        if method == "GET":
            response = client.get(url, query_string=fields)
        else:
            response = client.post(url, data={**fields, "csrf_token": instructor})
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{method} {url} {label}: {response.status_code}")

    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint in SESSION_ENDERS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls = url_variants(rule)
            for url in urls:
                send(method, url, BASELINE, "baseline")
            for name in fields_read_by(app.view_functions[rule.endpoint]):
                for odd in ODD_VALUES:
                    send(method, urls[0], {**BASELINE, name: odd}, f"{name}={odd!r}")
    assert failures == [], "\n".join(failures)
    # the walk is only worth something if its requests reach the views' own work
    assert statuses[200] > 100 and statuses[302] > 10 and statuses[404] > 100
