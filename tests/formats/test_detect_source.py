"""What the upload page reads a file as when the format is left to detection."""

from quiz.formats import BANK_MARKDOWN, detect_source_format
from tests.conftest import EVERY_KIND
from tests.formats.helpers import FORMATS_DIR


def test_a_bank_with_front_matter_is_this_apps_markdown_whatever_its_name():
    data = EVERY_KIND.read_bytes()
    assert detect_source_format(data, "bank.md") == BANK_MARKDOWN
    assert detect_source_format(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), "x.txt") == (
        BANK_MARKDOWN
    )


def test_other_tools_files_are_detected_from_their_content():
    for name, fmt in (
        ("quizdown-every-kind.md", "quizdown"),
        ("gift-every-kind.gift", "gift"),
        ("moodle-every-kind.xml", "moodle-xml"),
        ("aiken-every-kind.txt", "aiken"),
        ("anki-every-kind.txt", "anki-csv"),
    ):
        assert detect_source_format((FORMATS_DIR / name).read_bytes(), "upload") == fmt, name


def test_front_matter_without_a_bank_key_is_not_a_bank():
    quizdown = b"---\nshuffleQuestions: true\n---\n\n# Which?\n\n- [x] a\n- [ ] b\n"
    assert detect_source_format(quizdown, "quiz.md") == "quizdown"


def test_an_unknown_md_file_is_a_bank_and_anything_else_unknown_is_none():
    assert detect_source_format(b"just words\n", "notes.md") == BANK_MARKDOWN
    assert detect_source_format(b"just words\n", "notes.bin") is None
