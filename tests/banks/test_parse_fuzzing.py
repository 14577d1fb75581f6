"""Bank parser: on any input, and on valid banks mutated, it never raises and keeps
its error contract.

Bodies are built with ``src(*lines)`` (tests/banks/parse_helpers.py): the first body
line is line 5 of the file.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.banks import Bank, BankFormatError, ParseResult, load_bank, parse_text
from tests.banks.parse_helpers import CONTRACT_BANK

MARKDOWN_PIECES = [
    "---",
    "bank: fuzz",
    "title: Fuzz",
    "# Topic",
    "# Topic",
    "## Question {#q}",
    "## Question {#q}",
    "## Question",
    "## {#}",
    "### Sub",
    "- [x] a",
    "- [ ] b",
    "- [X]",
    "- plain",
    "1. [x] one",
    "  - nested",
    "Answer: a | b",
    "Answer:",
    "**Answer:**",
    "Key points:",
    "Tags: a, 🎉",
    "Difficulty: 9",
    "Difficulty: 3",
    "> quote",
    ">",
    "```",
    "~~~",
    "    indented code",
    "| a | b | c |",
    "| - | - | - |",
    "| x | y |",
    "| 1 | 1 | 1 |",
    "| p | q | r | s |",
    "|---|",
    "<!--",
    "-->",
    "===",
    "",
    "",
    "\t",
    "✅ Yes",
]


@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
@settings(max_examples=200, deadline=None)
def test_arbitrary_input_never_raises_and_load_bank_raises_only_bank_format_error(data):
    result = parse_text(data)
    assert isinstance(result, ParseResult)
    assert (result.bank is None) == bool(result.errors)
    assert not any("internal error" in d.message for d in result.errors)
    try:
        bank = load_bank(data)
    except BankFormatError as exc:
        assert exc.errors
    else:
        assert isinstance(bank, Bank)


@given(
    st.lists(
        st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=20)),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None)
def test_markdownish_input_never_raises_and_reports_lines_inside_the_file(lines):
    text = "\n".join(lines)
    result = parse_text(text)
    n_lines = text.count("\n") + text.count("\r") + 2
    for diag in [*result.errors, *result.warnings]:
        assert 1 <= diag.line <= n_lines
        assert "internal error" not in diag.message
    if result.bank is not None:
        ids = [q.id for q in result.bank.questions]
        assert len(ids) == len(set(ids))
    try:
        bank = load_bank(text)
    except BankFormatError as exc:
        assert exc.errors == result.errors
    else:
        assert result.bank is not None and bank.id == result.bank.id


VALID_LINES = CONTRACT_BANK.split("\n")


@st.composite
def mutated_bank(draw):
    lines = list(VALID_LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "chars"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=15))))
        else:
            col = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(alphabet="|[]x>#-`*:{}\\ \t\r\n✅é\x00", min_size=1, max_size=4))
            lines[i] = lines[i][:col] + junk + lines[i][col:]
    return "\n".join(lines)


@given(mutated_bank())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_valid_bank_never_raises_and_keeps_the_error_contract(text):
    result = parse_text(text)
    assert (result.bank is None) == bool(result.errors)
    assert not any("internal error" in d.message for d in result.errors)
    assert result.errors == sorted(result.errors, key=lambda d: d.line)
    if result.bank is not None:
        questions = result.bank.questions
        assert len({q.id for q in questions}) == len(questions)
        for q in questions:
            if q.kind in ("single", "multiple"):
                assert len(q.options) >= 2 and any(o.correct for o in q.options)
            if q.kind == "single":
                assert sum(o.correct for o in q.options) == 1
            if q.kind == "short":
                assert q.answers
            if q.kind == "open":
                assert q.key_points and all(q.key_points)
    try:
        load_bank(text.encode("utf-8", errors="surrogatepass"))
    except BankFormatError as exc:
        assert exc.errors
