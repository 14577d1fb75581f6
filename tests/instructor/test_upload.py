"""Upload with a validation preview: check, try an answer, publish; bad input changes nothing."""

import io
import re
from html import unescape

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import Bank, BankVersion, Question
from tests.conftest import answered_by_a_learner, count_rows
from tests.instructor.helpers import NEW, SOURCE, check, post, try_an_answer

BROKEN = SOURCE.replace("- [x] Django\n", "- [ ] Django\n", 1)  # no right option: lines 10-12


def test_the_upload_page_has_a_file_input_a_textarea_and_check_bank(instructor):
    html = instructor.get(NEW).get_data(as_text=True)
    assert 'type="file"' in html and 'accept=".md,.markdown,text/markdown,.gift,' in html
    assert "<textarea" in html and 'value="Check bank"' in html
    assert 'value="Publish"' not in html  # nothing to publish before a check


def test_errors_are_quoted_with_their_lines_and_cannot_be_published(instructor, app):
    response = check(instructor, BROKEN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "pasted.md:10: " in unescape(html)
    assert re.search(r'<span class="flagged">\s+10 │ - \[ \] FastAPI</span>', unescape(html))
    assert "  12 │ - [ ] Django" in unescape(html)  # context around it
    assert 'value="Publish"' not in html
    assert "- [ ] Django" in unescape(html.split("<textarea", 1)[1])  # kept to be fixed
    assert count_rows(app, Bank) == 0


def test_a_valid_bank_previews_every_question_then_publishes(instructor, app, client, auth):
    html = unescape(check(instructor, SOURCE).get_data(as_text=True))
    assert "14 questions" in html and "9 single" in html and "3 short" in html and "1 open" in html
    assert html.count('class="preview-question"') == 14
    assert html.count("<mark>generated</mark>") == 10
    assert "Which framework ships an auto-generated admin panel?" in html
    assert 'value="Publish"' in html and count_rows(app, Bank) == 0  # nothing stored by a check
    response = post(instructor, NEW, html, source=SOURCE, publish="Publish")
    assert response.status_code == 302
    assert response.headers["Location"] == "/instructor/banks/every-kind/"
    page = instructor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published version 1 of every-kind: 14 added" in page
    with app.app_context():
        [version] = db.session.scalars(sa.select(BankVersion)).all()
        assert (version.origin, version.source, version.user.username) == (
            "upload",
            SOURCE,
            "teach",
        )
    auth.logout()
    auth.register("learner")
    assert client.get("/practice/every-kind/").status_code == 200


def test_publish_refuses_text_edited_after_the_check(instructor, app):
    html = check(instructor, SOURCE).get_data(as_text=True)
    edited = SOURCE.replace("Every kind", "Every kind, edited")
    response = post(instructor, NEW, html, source=edited, publish="Publish")
    assert "changed since it was checked" in response.get_data(as_text=True)
    assert count_rows(app, Bank) == 0


def test_a_preview_made_against_an_older_version_is_refused(instructor, every_kind_bank, app):
    url = "/instructor/banks/every-kind/upload"
    edited = SOURCE.replace("Django's admin is built in.", "It ships with Django.")
    html = unescape(check(instructor, edited, url).get_data(as_text=True))
    assert "Changes against live version 1" in html
    assert re.search(r"Changed</th>\s*<td>1: <code>admin-panel</code>", html)
    # someone else publishes version 2 in between
    other = check(instructor, SOURCE.replace("Every kind", "Every kind 2"), url)
    post(
        instructor,
        url,
        other.get_data(as_text=True),
        source=SOURCE.replace("Every kind", "Every kind 2"),
        publish="Publish",
    )
    response = post(instructor, url, html, source=edited, publish="Publish")
    text = response.get_data(as_text=True)
    assert "Not published: someone published version 2" in text
    assert "checked against version 1" in text
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.version)) == 2
        assert db.session.scalar(sa.select(sa.func.count(BankVersion.id))) == 2


def test_diff_counts_learners_histories_kept(instructor, app, every_kind_bank):
    answered_by_a_learner(app, "admin-panel")
    edited = SOURCE.replace("Django's admin is built in.", "Built in.")
    html = unescape(
        check(instructor, edited, "/instructor/banks/every-kind/upload").get_data(as_text=True)
    )
    assert re.search(r"Changed</th>\s*<td>1: <code>admin-panel</code></td>\s*<td>1</td>", html)
    assert re.search(r"Unchanged</th>\s*<td>13</td>\s*<td>0</td>", html)


def test_try_an_answer_scores_it_and_shows_key_points(instructor, app):
    response = try_an_answer(
        instructor, "fastapi-concurrency", "It is ASGI based and uses async/await."
    )
    text = unescape(response.get_data(as_text=True))
    assert "(67%)" in text  # 2 of 3 key points
    assert "ASGI — covered" in text and "non-blocking — missed" in text
    html = unescape(check(instructor, SOURCE).get_data(as_text=True))
    choice = post(instructor, NEW, html, source=SOURCE, **{"try": "1", "try-choice-1": "3"})
    assert 'Right</strong> <span class="muted">(100%)' in choice.get_data(as_text=True)
    assert count_rows(app, Bank) == 0


def test_uploaded_file_is_checked_like_pasted_text(instructor):
    page = instructor.get(NEW).get_data(as_text=True)
    response = post(
        instructor, NEW, page, file=(io.BytesIO(SOURCE.encode()), "mine.md"), check="Check bank"
    )
    html = unescape(response.get_data(as_text=True))
    assert "14 questions" in html and 'value="mine.md"' in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("latin1.md", "---\nbank: cafe\ntitle: Café\n---\n".encode("latin-1"), "not valid UTF-8"),
        ("empty.md", b"", "the file is empty"),
        ("big.md", b"x" * 1_000_001, "over the limit of 1,000,000 bytes"),
        ("notes.txt", SOURCE.encode(), "is not a Markdown file"),
        ("image.md", b"\x89PNG\r\n\x1a\n\0\0\0", "binary file, not Markdown"),
    ],
)
def test_bad_uploads_get_a_clear_message_and_change_nothing(instructor, name, data, message, app):
    page = instructor.get(NEW).get_data(as_text=True)
    response = post(instructor, NEW, page, file=(io.BytesIO(data), name), check="Check bank")
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert 'value="Publish"' not in html
    forced = post(instructor, NEW, html, file=(io.BytesIO(data), name), publish="Publish")
    assert forced.status_code == 200 and count_rows(app, Bank) == 0


def test_an_upload_over_the_request_limit_is_explained(instructor):
    page = instructor.get(NEW).get_data(as_text=True)
    data = b"x" * 23_000_000
    response = post(instructor, NEW, page, file=(io.BytesIO(data), "huge.md"), check="Check bank")
    assert response.status_code == 413
    message = "over the size limit of 20,000,000 bytes for a file to convert (1,000,000 bytes"
    assert message in response.get_data(as_text=True)


def test_a_bank_id_of_another_bank_is_refused(instructor, every_kind_bank, app):
    response = check(instructor, SOURCE.replace("Every kind", "Impostor"))
    html = unescape(response.get_data(as_text=True))
    assert "bank id 'every-kind' belongs to another bank, “Every kind”" in html
    assert 'value="Publish"' not in html
    other = SOURCE.replace("bank: every-kind", "bank: someone-else")
    html = unescape(
        check(instructor, other, "/instructor/banks/every-kind/upload").get_data(as_text=True)
    )
    assert "this file is bank 'someone-else', not 'every-kind'" in html
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.title)) == "Every kind"


def test_uploaded_markdown_is_sanitised(instructor, app):
    hostile = SOURCE.replace(
        "## Which gateway interface is Flask built on? {#flask-gateway}",
        "## Which gateway <script>alert(1)</script> [x](javascript:alert(2)) {#flask-gateway}",
    )
    html = check(instructor, hostile).get_data(as_text=True)
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html
    post(instructor, NEW, html, source=hostile, publish="Publish")
    with app.app_context():
        prompt = db.session.scalar(
            sa.select(Question.prompt_html).where(Question.key == "flask-gateway")
        )
    assert "<script" not in prompt and 'href="javascript' not in prompt


def test_every_instructor_form_needs_its_csrf_token(instructor, every_kind_bank, app):
    for url in (
        NEW,
        "/instructor/banks/every-kind/upload",
        "/instructor/banks/every-kind/retire",
        "/instructor/banks/every-kind/restore",
        "/instructor/banks/every-kind/versions/1/restore",
    ):
        response = instructor.post(url, data={"source": SOURCE, "publish": "Publish"})
        assert response.status_code == 400, url
        assert "Form expired" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Bank.version)) == 1
        assert not db.session.scalar(sa.select(Bank.retired))


def test_the_preview_shows_item_writing_warnings_and_still_publishes(instructor, app):
    giveaway = (
        "---\nbank: lint-demo\ntitle: Lint demo\n---\n# Basics\n"
        "## Which one is the framework? {#giveaway}\n"
        "- [x] Django, the batteries-included Python web framework\n"
        "- [ ] Rails\n- [ ] Gin\n> Django is a Python framework.\n"
    )
    response = check(instructor, giveaway)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    # the linter's finding, with its file and line, as `quiz validate` prints it
    assert re.search(r"pasted\.md:6: giveaway: .*longest", html), html
    assert 'value="Publish"' in html  # a warning never blocks publishing
    assert count_rows(app, Bank) == 0  # checking stores nothing
