"""The interview start form: every bank ticked at first, then the last interview's banks;
the time limit described as it is (issue 20, item 4)."""

import re

import sqlalchemy as sa

from quiz.bank_store.importer import import_paths
from quiz.extensions import db
from quiz.models import Bank, Interview
from tests.conftest import csrf_token_from

TICKED_RE = re.compile(r'<input(?=[^>]*name="banks")(?=[^>]*value="(\d+)")([^>]*)>')


def ticked(page):
    return {int(value) for value, rest in TICKED_RE.findall(page) if "checked" in rest}


def second_bank(app, tmp_path):
    body = "".join(
        f"## What is {n} written as a number? {{#n{n}}}\nAnswer: {n}\n\n> It is {n}.\n\n"
        for n in range(1, 6)
    )
    path = tmp_path / "numbers.md"
    path.write_text(f"---\nbank: numbers\ntitle: Numbers\n---\n\n# Numbers\n\n{body}", "utf-8")
    with app.app_context():
        assert import_paths(db.session, [path], max_bytes=1_000_000).ok
        return dict(db.session.execute(sa.select(Bank.slug, Bank.id)).all())


def test_start_form_ticks_every_bank_first_then_the_last_ones(
    client, auth, app, every_kind_bank, tmp_path
):
    banks = second_bank(app, tmp_path)
    auth.register()
    page = client.get("/interview/").get_data(as_text=True)
    assert ticked(page) == set(banks.values())  # first use: every bank, Start just works
    help_text = re.sub(r"\s+", " ", page[page.index('id="time-limit-help"') :])
    assert "There is always a time limit" in help_text
    assert "90 seconds per question (10 questions: 15 minutes)" in help_text
    assert "Time limit in minutes (optional)" not in page
    response = client.post(
        "/interview/",
        data={
            "csrf_token": csrf_token_from(page),
            "banks": [banks["numbers"]],
            "questions": "5",
            "minutes": "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        [interview] = db.session.scalars(sa.select(Interview)).all()
        assert interview.bank_ids == [banks["numbers"]]
        assert interview.time_limit_seconds == 5 * 90  # the limit the page describes
    page = client.get("/interview/").get_data(as_text=True)
    assert ticked(page) == {banks["numbers"]}  # remembered
