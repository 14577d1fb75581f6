"""Issue 19 item 4 on the upload page: the preview warns, and Publish asks to confirm, when
the source has TODOs, its title is another live bank's, or two prompts are equal."""

from __future__ import annotations

from html import unescape

import pytest

from quiz.models import Bank
from tests.conftest import count_rows
from tests.instructor.helpers import NEW, SOURCE, check, post, textarea

CONFIRM = "Publish anyway: I have read the warnings above"


def cautions_of(html: str) -> str:
    return unescape(html.split('id="publish-cautions"', 1)[1].split("</section>", 1)[0])


def test_a_bank_without_cautions_publishes_at_once(instructor, app):
    html = check(instructor, SOURCE).get_data(as_text=True)
    assert 'id="publish-cautions"' not in html and CONFIRM not in html
    published = post(instructor, NEW, html, source=SOURCE, publish="Publish")
    assert published.status_code == 302 and count_rows(app, Bank) == 1


@pytest.mark.parametrize(
    ("edit", "warning"),
    [
        (
            lambda s: s.replace("# Basics\n", "# Basics\n\n<!-- TODO: say why -->\n", 1),
            "The source still has 1 TODO (line 9)",
        ),
        (
            lambda s: s.replace("bank: every-kind", "bank: every-kind-copy", 1),
            "The title “Every kind” is already the title of the live bank 'every-kind'",
        ),
        (
            lambda s: s.replace(
                "## Which gateway interface is Flask built on? {#flask-gateway}",
                "## Which framework ships an auto-generated admin panel? {#flask-gateway}",
                1,
            ),
            "Two questions have the same prompt “Which framework ships an auto-generated admin",
        ),
    ],
)
def test_publish_asks_to_confirm_each_caution(instructor, app, every_kind_bank, edit, warning):
    source = edit(SOURCE).replace("bank: every-kind\n", "bank: every-kind-2\n", 1)
    if "TODO" in warning or "same prompt" in warning:
        source = source.replace("title: Every kind", "title: Every kind, again", 1)
    html = check(instructor, source).get_data(as_text=True)
    assert warning in cautions_of(html) and CONFIRM in html
    assert 'value="Publish"' in html  # offered, but with the box to tick

    refused = post(instructor, NEW, html, source=textarea(html), publish="Publish")
    text = unescape(refused.get_data(as_text=True))
    assert refused.status_code == 200 and count_rows(app, Bank) == 1
    assert "Not published: read the warnings under “Before you publish”" in text

    confirmed = post(
        instructor, NEW, html, source=textarea(html), publish="Publish", confirm_publish="y"
    )
    assert confirmed.status_code == 302 and count_rows(app, Bank) == 2


def test_a_tick_from_an_earlier_check_does_not_carry_over(instructor, app):
    source = SOURCE.replace("# Basics\n", "# Basics\n\n<!-- TODO: say why -->\n", 1)
    html = check(instructor, source, confirm_publish="y").get_data(as_text=True)
    assert 'name="confirm_publish" type="checkbox" value="y">' in html  # rendered unticked
