"""Every converted golden bank imports through `flask quiz import`, as an upload would."""

from __future__ import annotations

import re

from tests.formats.helpers import FORMATS_DIR, convert_fixture

GOLDEN = {
    "gift-moodle-docs.gift": "gift",
    "gift-every-kind.gift": "gift",
    "moodle-every-kind.xml": "moodle-xml",
    "aiken-every-kind.txt": "aiken",
    "quizdown-every-kind.md": "quizdown",
    "anki-every-kind.txt": "anki-csv",
}


def test_each_converted_golden_bank_imports(runner, tmp_path):
    total = 0
    for name, fmt in GOLDEN.items():
        result = convert_fixture(name, fmt)
        assert result.ok, (name, [str(e) for e in result.errors])
        expected = (FORMATS_DIR / name.split(".")[0]).with_suffix(".expected.md")
        assert expected.exists()
        (tmp_path / f"{name.split('.')[0]}.md").write_text(result.markdown, encoding="utf-8")
        total += result.converted
    imported = runner.invoke(args=["quiz", "import", str(tmp_path)])
    assert imported.exit_code == 0, imported.output
    added = [int(n) for n in re.findall(r"(\d+) added, 0 updated, 0 retired", imported.output)]
    assert len(added) == len(GOLDEN) and sum(added) == total
    again = runner.invoke(args=["quiz", "import", str(tmp_path)])
    unchanged = re.findall(r"0 added, 0 updated, 0 retired, (\d+) unchanged", again.output)
    assert sum(map(int, unchanged)) == total
