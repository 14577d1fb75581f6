"""Bank parser: the input itself (encodings, sizes, empty files, files and folders,
load_bank) and the error contract: every error at once, sorted by line, nothing imported.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.banks import (
    DEFAULT_MAX_BYTES,
    Bank,
    BankFormatError,
    collect_bank_files,
    load_bank,
    parse_file,
    parse_paths,
    parse_text,
)
from tests.banks.parse_helpers import CONTRACT_BANK, errors, ok, question, src, the_error, warnings


def test_crlf_line_endings_and_utf8_bom_are_accepted():
    text = CONTRACT_BANK.replace("\n", "\r\n")
    bank = ok(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(bank.questions) == 8
    assert question(bank, "flask-gateway").source_line == 21


def test_not_utf8_is_an_error_naming_the_line_of_the_first_bad_byte():
    data = (
        src("# T", "## Q {#q}", "Answer: café", "> e")
        .encode("utf-8")
        .replace("é".encode(), b"\xe9")
    )
    err = the_error(parse_text(data, path="bad.md"))
    assert err.line == 7
    assert err.message == "not valid UTF-8 (first bad byte at line 7); save the file as UTF-8"
    assert str(err) == f"bad.md:7: {err.message}"


@pytest.mark.parametrize("data", ["", "   \n\t\n", b"", b"\n\n", b"\xef\xbb\xbf  \n"])
def test_empty_file_is_an_error_at_line_1(data):
    err = the_error(parse_text(data))
    assert err.line == 1 and "empty" in err.message


def test_file_over_the_size_limit_is_an_error_at_line_1():
    err = the_error(parse_text(CONTRACT_BANK.encode(), max_bytes=100))
    assert err.line == 1 and "over the limit of 100 bytes" in err.message
    err = the_error(parse_text(CONTRACT_BANK, max_bytes=100))
    assert "over the limit" in err.message
    assert DEFAULT_MAX_BYTES == 1_000_000
    assert parse_text(CONTRACT_BANK).ok


def test_all_errors_are_reported_at_once_sorted_by_line_and_nothing_is_imported():
    result = parse_text(
        src(
            "# T",
            "## Good {#good}",
            "Answer: fine",
            "> e",
            "## No box ticked {#q1}",  # 9
            "- [ ] a",  # 10
            "- [ ] b",  # 11
            "## No answer {#q2}",  # 12
            "Prose.",  # 13
            "## Empty {#q3}",  # 14
            "Answer:",  # 15
        )
    )
    assert result.bank is None
    assert [line for line, _ in errors(result)] == [10, 12, 15]
    assert errors(result)[0][1].startswith("task list has no [x]")
    assert errors(result)[1][1].startswith("question has no answer part")
    assert errors(result)[2][1].startswith("empty Answer:")


def test_parse_text_never_raises_on_non_text_input():
    result = parse_text(None)  # type: ignore[arg-type]
    assert result.bank is None and result.errors


def test_unclosed_html_comment_warns_that_it_hides_the_rest():
    result = parse_text(src("# T", "## Q {#q}", "Answer: x", "> e", "<!-- todo", "## R {#r}"))
    assert any(line == 9 and "never closed" in msg for line, msg in warnings(result))


def test_warnings_are_kept_when_there_are_errors_too():
    result = parse_text(src("# T", "## Q", "Answer:"))
    assert result.bank is None
    assert [line for line, _ in errors(result)] == [7]
    assert any("no explicit {#id}" in msg for _, msg in warnings(result))


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_parse_file_reads_bytes_and_names_the_file_in_diagnostics(tmp_path):
    good = write(tmp_path / "good.md", CONTRACT_BANK)
    result = parse_file(good)
    assert result.ok and result.bank.path == str(good)
    bad = write(tmp_path / "bad.md", b"---\nbank: x\ntitle: y\n---\n\xff\n")
    err = the_error(parse_file(bad))
    assert str(err).startswith(f"{bad}:5: not valid UTF-8")


def test_parse_file_reports_unreadable_and_oversized_files_instead_of_raising(tmp_path):
    missing = parse_file(tmp_path / "nope.md")
    assert missing.bank is None and missing.errors[0].line == 1
    assert "cannot read the file" in missing.errors[0].message
    assert "cannot read the file" in parse_file(tmp_path).errors[0].message  # a folder
    big = write(tmp_path / "big.md", CONTRACT_BANK)
    assert "over the limit" in the_error(parse_file(big, max_bytes=50)).message


def test_collect_bank_files_expands_folders_recursively_and_sorted(tmp_path):
    b = write(tmp_path / "q" / "b.md", "x")
    a = write(tmp_path / "q" / "a.md", "x")
    deep = write(tmp_path / "q" / "sub" / "c.md", "x")
    write(tmp_path / "q" / "notes.txt", "x")
    write(tmp_path / "q" / ".hidden" / "h.md", "x")
    single = write(tmp_path / "other.markdown", "x")
    assert collect_bank_files([tmp_path / "q", single]) == [a, b, deep, single]
    assert collect_bank_files([str(a), a]) == [Path(str(a))]


def test_parse_paths_rejects_a_bank_id_used_by_an_earlier_file(tmp_path):
    first = write(tmp_path / "q" / "a.md", CONTRACT_BANK)
    second = write(
        tmp_path / "q" / "b.md",
        src(
            "# T",
            "## Q {#q}",
            "Answer: x",
            "> e",
            front=("---", "title: Other", "bank: demo", "---"),
        ),
    )
    third = write(
        tmp_path / "q" / "c.md",
        src("# T", "## Q {#q}", "Answer: x", "> e").replace("demo", "other"),
    )
    results = parse_paths([tmp_path / "q"])
    assert [r.path for r in results] == [str(first), str(second), str(third)]
    assert results[0].ok and results[0].bank is not None
    assert results[2].ok and results[2].bank.id == "other"
    err = the_error(results[1])
    assert err.line == 3
    assert err.message == f"bank id 'demo' is already used by {first}: give this bank its own id"


def test_parse_paths_keeps_other_errors_of_a_file_reusing_a_bank_id(tmp_path):
    write(tmp_path / "a.md", src("# T", "## Q {#q}", "Answer: x", "> e"))
    write(tmp_path / "b.md", src("# T", "## Q {#q}", "Answer:", "> e"))
    results = parse_paths([tmp_path])
    assert [line for line, _ in errors(results[1])] == [2, 7]


def test_load_bank_returns_the_bank_when_valid():
    bank = load_bank(CONTRACT_BANK, path="web.md")
    assert isinstance(bank, Bank) and bank.path == "web.md" and len(bank.questions) == 8


def test_load_bank_raises_bank_format_error_carrying_every_error():
    with pytest.raises(BankFormatError) as info:
        load_bank(src("## Q {#q}", "Answer:", "# T", "## R {#r}"), path="x.md")
    lines = [e.line for e in info.value.errors]
    assert lines == [5, 6, 8]
    assert "x.md:5: question before the first topic" in str(info.value)
