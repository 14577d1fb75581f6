"""Uploaded file names: NUL and control characters removed, long names keep their
extension, and the bank publishes (PostgreSQL refused a NUL at Publish)."""

import io
from html import unescape

import pytest

from quiz.instructor.routes import MAX_FILENAME, clean_filename
from tests.instructor.helpers import NEW, SOURCE, post


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("bank\x00.md", "bank.md"),
        ("a\tb\x1f\x7fc.md", "abc.md"),
        ("C:\\Users\\me\\bank.md", "bank.md"),
        ("x" * 300 + ".md", "x" * (MAX_FILENAME - 3) + ".md"),
        ("\x00", "pasted.md"),
    ],
)
def test_clean_filename(sent, kept):
    assert clean_filename(sent) == kept


def test_a_nul_and_a_long_name_upload_and_publish(instructor):
    name = "n\x00otes-" + "y" * 250 + ".md"
    page = instructor.get(NEW).get_data(as_text=True)
    checked = post(
        instructor, NEW, page, file=(io.BytesIO(SOURCE.encode()), name), check="Check bank"
    )
    html = unescape(checked.get_data(as_text=True))
    assert "14 questions" in html and "not a Markdown file" not in html
    published = post(instructor, NEW, html, source=SOURCE, publish="Publish")
    assert published.status_code == 302
