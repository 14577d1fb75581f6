"""Item-writing checks (quiz.banks.lint) and `quiz validate --strict`."""

from __future__ import annotations

import pytest

from quiz.banks import parse_text
from quiz.banks.lint import lint_bank, longest_is_right
from tests.conftest import PROJECT_DIR

FRONT = "---\nbank: demo\ntitle: Demo\n---\n# T\n"


def lint(body: str) -> list[str]:
    result = parse_text(FRONT + body)
    assert result.errors == [], result.errors
    return [d.message for d in lint_bank(result.bank)]


def test_a_clean_single_choice_question_has_no_findings():
    assert (
        lint(
            "## Which server speaks ASGI? {#q}\n"
            "- [ ] Gunicorn\n- [x] Uvicorn\n- [ ] Waitress\n> e\n"
        )
        == []
    )


def test_right_option_longest_by_a_clear_margin_is_flagged_with_its_line():
    result = parse_text(
        FRONT
        + "## Why? {#q}\n- [ ] Speed\n"
        + "- [x] Because the event loop never blocks on I/O\n- [ ] Luck\n> e\n"
    )
    [diag] = lint_bank(result.bank)
    assert diag.line == 6 and "longest by a clear margin" in diag.message
    assert longest_is_right(result.bank.questions[0])


def test_multiple_select_right_options_all_longer_is_flagged():
    found = lint(
        "## Which? {#q}\n- [x] A long right option here\n- [x] Another long right option\n"
        "- [ ] No\n- [ ] Nah\n> e\n"
    )
    assert any("every right option is longer" in m for m in found)


@pytest.mark.parametrize("text", ["All of the above", "None of these", "both of the above"])
def test_all_or_none_of_the_above_is_flagged(text):
    found = lint(f"## Q? {{#q}}\n- [x] Flask\n- [ ] Django\n- [ ] {text}\n> e\n")
    assert any("refers to the other options" in m for m in found)


def test_duplicate_options_two_options_and_a_prompt_naming_its_answer_are_flagged():
    found = lint("## Is Flask a WSGI framework like Flask? {#q}\n- [x] Flask\n- [ ] flask!\n> e\n")
    assert any("same after normalising" in m for m in found)
    assert any("only 2 options" in m for m in found)
    assert any("contains its own answer 'Flask'" in m for m in found)


def test_multiple_select_that_pays_for_ticking_everything_is_flagged():
    found = lint("## Which? {#q}\n- [x] Ab\n- [x] Cd\n- [x] Ef\n> e\n")
    assert any("ticking every box scores above 0" in m for m in found)


def test_open_question_without_model_answer_and_empty_phrasings_are_flagged():
    found = lint("## Why? {#q}\nKey points:\n- ASGI | asgi!\n- !!\n")
    assert any("model answer" in m for m in found)
    assert any("normalises to (almost) nothing" in m for m in found)
    assert any("are the same after normalising" in m for m in found)


def test_short_answer_alternatives_that_normalise_the_same_are_flagged():
    found = lint("## Which header? {#q}\nAnswer: If-None-Match | if none match\n> e\n")
    assert found == [
        "q: accepted answers 'If-None-Match' and 'if none match' are the same after normalising"
    ]


def test_validate_strict_turns_lint_warnings_into_errors(app, tmp_path):
    bank = tmp_path / "b.md"
    bank.write_text(FRONT + "## Q? {#q}\n- [x] Flask\n- [ ] All of the above\n- [ ] Django\n> e\n")
    runner = app.test_cli_runner()
    relaxed = runner.invoke(args=["quiz", "validate", str(bank)])
    assert relaxed.exit_code == 0
    assert "refers to the other options: write a real option (warning)" in relaxed.output
    strict = runner.invoke(args=["quiz", "validate", "--strict", str(bank)])
    assert strict.exit_code == 1


def test_shipped_banks_pass_validate_strict(app):
    result = app.test_cli_runner().invoke(
        args=["quiz", "validate", "--strict", str(PROJECT_DIR / "questions")]
    )
    findings = [line for line in result.output.splitlines() if line.endswith("(warning)")]
    assert findings == [], "\n".join(findings)
    assert result.exit_code == 0, result.output


def shipped_questions():
    from quiz.banks import parse_paths

    results = parse_paths([PROJECT_DIR / "questions"], max_bytes=5_000_000)
    assert results and all(r.bank is not None and not r.errors for r in results)
    return [q for r in results for q in r.bank.questions]


def test_shipped_single_choice_rarely_has_the_right_option_longest():
    singles = [q for q in shipped_questions() if q.kind == "single"]
    longest = [q.id for q in singles if longest_is_right(q)]
    assert len(singles) >= 50
    assert len(longest) * 3 <= len(singles), (len(longest), len(singles), longest)


def test_shipped_banks_have_at_least_25_open_questions():
    assert sum(q.kind == "open" for q in shipped_questions()) >= 25
