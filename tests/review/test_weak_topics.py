"""Weak topics ranked by evidence, the same on the dashboard and the progress page."""

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import User
from quiz.review.mastery import topic_masteries
from tests.conftest import answer_through_services, import_bank, numbered_topic


def two_topic_bank(tmp_path):
    """Topic "Async" has six questions, "Basics" three; each answer is its number."""

    path = tmp_path / "two.md"
    path.write_text(
        "---\nbank: two\ntitle: Two topics\n---\n\n"
        + numbered_topic("Async and performance", "async", 6)
        + numbered_topic("Basics", "basics", 3)
        + numbered_topic("Untouched", "untouched", 2),
        encoding="utf-8",
    )
    return path


def test_zero_of_six_ranks_before_one_wrong_of_one_on_both_pages(client, auth, app, tmp_path):
    import_bank(app, two_topic_bank(tmp_path))
    auth.register()
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id))
        for n in range(1, 7):
            answer_through_services(user_id, f"async-{n}", "wrong")
        answer_through_services(user_id, "basics-1", "wrong")
        ranked = topic_masteries(db.session, user_id, datetime.now(UTC))
        assert [t.topic_title for t in ranked if t.started] == ["Async and performance", "Basics"]
        assert [t.topic_title for t in ranked if not t.started] == ["Untouched"]
        assert (ranked[0].right, ranked[0].attempts) == (0, 6)
    for url in ("/dashboard", "/progress/"):
        page = client.get(url).get_data(as_text=True)
        weak = page[page.index('id="weak-topics"') :]
        rows = re.findall(r'<tr class="topic-row">\s*<th scope="row">([^<]+)<', weak)
        assert rows == ["Async and performance", "Basics"], url
        # misses come back in a minute (fsrs learning step): none due yet
        assert "0/6 right, 0 due" in weak and "0/1 right, 0 due" in weak, url
        assert "Not started: 1 topic" in weak and "Untouched" in weak, url
