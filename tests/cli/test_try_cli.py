"""`flask quiz try FILE QUESTION_ID "answer"`: one answer graded from the command line."""

import pytest

from tests.conftest import DATA_DIR, EVERY_KIND


def try_answer(runner, question_id, answer, file=EVERY_KIND):
    return runner.invoke(args=["quiz", "try", str(file), question_id, answer])


def test_open_answer_prints_score_and_the_words_that_covered_each_point(runner):
    result = try_answer(
        runner, "fastapi-concurrency", "It is ASGI-based and doesn't block the loop."
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "score: 67%"  # 2 of 3 key points
    assert lines[1] == "key points covered: 2 of 3"
    assert lines[2] == "  missed   async/await | asynchronous | coroutines"
    assert lines[3] == '  covered  ASGI (matched: "ASGI")'
    assert lines[4] == (
        '  covered  non-blocking | does not block | event loop (matched: "doesn\'t block")'
    )


def test_open_answer_denying_a_point_is_told_so(runner):
    result = try_answer(runner, "fastapi-concurrency", "It does not use ASGI.")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "score: 0%"
    assert "  missed   ASGI (mentioned, but saying the opposite)" in result.output


def test_open_keyword_list_is_flagged(runner):
    result = try_answer(runner, "fastapi-concurrency", "coroutines ASGI event loop")
    assert result.output.splitlines()[0] == "score: 15%"  # KEYWORD_LIST_CAP
    assert "a bare list of keywords: capped at partial credit" in result.output


@pytest.mark.parametrize(
    ("answer", "score"),
    [("1,2", "100%"), ("1", "50%"), ("2 1", "100%"), ("1,2,3", "0%"), ("3", "0%")],
)
def test_multiple_select_by_displayed_numbers(runner, answer, score):
    result = try_answer(runner, "django-batteries", answer)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"score: {score}"
    lines = result.output.splitlines()
    tick = {n: "x" if n in answer else " " for n in "123"}
    assert lines[1:] == [
        f"  [{tick['1']}] 1. ORM (right)",
        f"  [{tick['2']}] 2. Authentication (right)",
        f"  [{tick['3']}] 3. Automatic OpenAPI docs (wrong)",
    ]


def test_single_choice(runner):
    assert try_answer(runner, "admin-panel", "3").output.splitlines()[0] == "score: 100%"
    result = try_answer(runner, "admin-panel", "1")
    assert result.output.splitlines()[:2] == ["score: 0%", "  [x] 1. FastAPI (wrong)"]


def test_short_answer_names_the_accepted_answer_it_matched(runner):
    result = try_answer(runner, "flask-gateway", "web server gateway interfce")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "score: 100%",
        "matched accepted answer: Web Server Gateway Interface",
    ]
    wrong = try_answer(runner, "flask-gateway", "ASGI")
    assert wrong.output.splitlines() == [
        "score: 0%",
        "accepted answers: WSGI | Web Server Gateway Interface",
    ]


@pytest.mark.parametrize(
    ("question_id", "answer", "message"),
    [
        ("admin-panel", "4", "'4' is not an option number from 1 to 3"),
        ("admin-panel", "0", "'0' is not an option number from 1 to 3"),
        ("admin-panel", "one", "'one' is not an option number from 1 to 3"),
        ("admin-panel", "1,2", "a single-choice question takes one option number"),
        ("django-batteries", " , ", "give option numbers from 1 to 3"),
    ],
)
def test_bad_option_numbers_are_refused_with_a_clear_message(runner, question_id, answer, message):
    result = try_answer(runner, question_id, answer)
    assert result.exit_code == 2
    assert message in result.output
    assert "score:" not in result.output


def test_unknown_question_id_suggests_close_ones(runner):
    result = try_answer(runner, "admin-panels", "1")
    assert result.exit_code == 1
    assert "has no question with id 'admin-panels'; did you mean admin-panel?" in result.output


def test_a_bank_with_errors_prints_them_and_grades_nothing(runner):
    result = try_answer(runner, "anything", "1", file=DATA_DIR / "broken.md")
    assert result.exit_code == 1
    assert f"{DATA_DIR / 'broken.md'}:5:" in result.output
    assert "score:" not in result.output


def test_missing_file_is_refused(runner, tmp_path):
    result = try_answer(runner, "x", "1", file=tmp_path / "nope.md")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_open_answer_asserting_a_misconception_is_capped_and_named(runner, tmp_path):
    bank = tmp_path / "b.md"
    bank.write_text(
        "---\nbank: b\ntitle: B\n---\n# T\n## What is OAuth 2.0 for? {#oauth}\n"
        "Key points:\n- delegated authorisation | grants access to resources\n"
        "Misconceptions:\n- authentication protocol | logs users in\n"
        "  Why: OAuth 2.0 grants access; OpenID Connect adds login.\n\n"
        "> Model answer: delegated authorisation.\n",
        encoding="utf-8",
    )
    said = runner.invoke(
        args=[
            "quiz",
            "try",
            str(bank),
            "oauth",
            "It grants access to resources; an authentication protocol.",
        ]
    )
    assert said.exit_code == 0, said.output
    lines = said.output.splitlines()
    assert lines[0] == "score: 20%"
    assert (
        "  asserts misconception  authentication protocol | logs users in"
        ' (matched: "authentication protocol")'
    ) in lines
    assert "a misconception is asserted: capped at 20%" in lines
    denied = runner.invoke(
        args=[
            "quiz",
            "try",
            str(bank),
            "oauth",
            "It grants access to resources; it is not an authentication protocol.",
        ]
    )
    assert denied.output.splitlines()[0] == "score: 100%"
