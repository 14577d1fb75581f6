"""`flask quiz convert` and `flask quiz export` (issue 21)."""

from __future__ import annotations

import zipfile

from quiz.banks.parser import parse_text
from tests.conftest import EVERY_KIND
from tests.formats.helpers import FORMATS_DIR, round_trip_key, shipped_bank

GIFT_DOCS = FORMATS_DIR / "gift-moodle-docs.gift"


def test_convert_writes_the_bank_and_prints_notices_at_their_lines(runner, tmp_path):
    out = tmp_path / "docs.md"
    result = runner.invoke(
        args=[
            "quiz",
            "convert",
            str(GIFT_DOCS),
            "--from",
            "gift",
            "-o",
            str(out),
            "--title",
            "GIFT examples from the Moodle docs",
        ]
    )
    assert result.exit_code == 0, result.output
    expected = (FORMATS_DIR / "gift-moodle-docs.expected.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected
    assert (
        f"{GIFT_DOCS}:18: notice: matching question 'Which animal eats which food?' at line 18: "
        "not supported, skipped"
    ) in result.output
    assert f"{GIFT_DOCS} (gift): 31 questions converted, 13 not supported" in result.output


def test_convert_detects_the_format_and_takes_bank_id_and_title(runner):
    xml = FORMATS_DIR / "moodle-every-kind.xml"
    result = runner.invoke(
        args=["quiz", "convert", str(xml), "--bank", "moodle", "--title", "From Moodle"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('---\nbank: moodle\ntitle: "From Moodle"\n---\n')
    assert "(moodle-xml):" in result.output


def test_convert_errors_are_file_line_message_and_nothing_is_written(runner, tmp_path):
    source = tmp_path / "open.gift"
    source.write_text("// a comment\n::a::Which? {=x ~y\n", encoding="utf-8")
    out = tmp_path / "open.md"
    result = runner.invoke(args=["quiz", "convert", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{source}:2: '{{' at line 2 is never closed" in result.output
    assert "nothing written" in result.output and not out.exists()


def test_convert_refuses_a_file_given_the_wrong_format(runner, tmp_path):
    result = runner.invoke(args=["quiz", "convert", str(GIFT_DOCS), "--from", "aiken"])
    assert result.exit_code == 1
    assert "this file looks like GIFT, not Aiken: choose the format gift" in result.output


def test_export_gift_and_moodle_xml_round_trip_through_convert(runner, every_kind_bank, tmp_path):
    bank = shipped_bank(EVERY_KIND)
    for fmt, name in (("gift", "every.gift"), ("moodle-xml", "every.xml")):
        exported = tmp_path / name
        result = runner.invoke(
            args=["quiz", "export", "every-kind", "--to", fmt, "-o", str(exported)]
        )
        assert result.exit_code == 0, result.output
        back = runner.invoke(args=["quiz", "convert", str(exported), "--bank", "every-kind"])
        assert back.exit_code == 0, back.output
        parsed = parse_text(back.stdout, "every-kind.md")
        assert parsed.bank is not None and not parsed.errors
        assert [round_trip_key(q) for q in parsed.bank.questions] == [
            round_trip_key(q) for q in bank.questions
        ]


def test_export_to_stdout_and_anki_to_a_file(runner, every_kind_bank, tmp_path):
    gift = runner.invoke(args=["quiz", "export", "every-kind", "--to", "gift"])
    assert gift.exit_code == 0 and "::admin-panel::" in gift.stdout
    deck = tmp_path / "every.apkg"
    result = runner.invoke(args=["quiz", "export", "every-kind", "--to", "anki", "-o", str(deck)])
    assert result.exit_code == 0 and f"wrote {deck}" in result.output
    with zipfile.ZipFile(deck) as archive:
        assert "collection.anki2" in archive.namelist()


def test_export_of_an_unknown_bank_fails(runner, every_kind_bank):
    result = runner.invoke(args=["quiz", "export", "no-such-bank", "--to", "gift"])
    assert result.exit_code == 1 and "no bank with the id 'no-such-bank'" in result.output
