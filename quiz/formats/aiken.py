"""Aiken (Moodle's one-right-answer text format) read into a bank.

A question is its text, then options ``A. text`` or ``A) text``, then ``ANSWER: A``;
blank lines between questions are optional. Every question is a single choice. An
``ANSWER:`` naming no option, options with no ``ANSWER:`` line, or fewer than two
options is an error at its line.
"""

from __future__ import annotations

import re

from .common import Answer, BankBuilder, Stem, add_choice, excerpt
from .html_text import escape_markdown

_OPTION_RE = re.compile(r"^\s*([A-Za-z])[.)]\s+(.*\S)\s*$")
_ANSWER_RE = re.compile(r"^\s*ANSWER\s*:\s*(\S*)\s*$", re.I)


def read_aiken(text: str, builder: BankBuilder) -> None:
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        answer = _ANSWER_RE.match(line)
        option = _OPTION_RE.match(line)
        if answer:
            _finish(builder, start or number, prompt, options, answer.group(1), number)
            prompt, options, start = [], [], 0
        elif option and prompt:
            options.append((option.group(1).upper(), option.group(2)))
        elif line.strip():
            if options:  # new text after options: the previous question never got an ANSWER
                _missing_answer(builder, start, prompt)
                prompt, options, start = [], [], 0
            start = start or number
            prompt.append(line.strip())
    if prompt:
        _missing_answer(builder, start, prompt)


def _missing_answer(builder: BankBuilder, line: int, prompt: list[str]) -> None:
    builder.error(
        line,
        f"question {excerpt(' '.join(prompt))!r} has no ANSWER: line: end it with e.g. ANSWER: A",
    )


def _finish(
    builder: BankBuilder,
    line: int,
    prompt: list[str],
    options: list[tuple[str, str]],
    letter: str,
    answer_line: int,
) -> None:
    text = " ".join(prompt)
    if not prompt:
        builder.error(answer_line, "ANSWER: line with no question above it")
        return
    letters = [key for key, _ in options]
    if len(options) < 2:
        builder.error(
            line, f"question {excerpt(text)!r} needs at least two options (A. ..., B. ...)"
        )
        return
    if letter.upper() not in letters:
        builder.error(
            answer_line,
            f"ANSWER: {letter or '(empty)'} names no option of the question at line {line}: "
            f"use one of {', '.join(letters)}",
        )
        return
    answers = [Answer(escape_markdown(t), 100 if k == letter.upper() else 0) for k, t in options]
    add_choice(builder, Stem(escape_markdown(text), "", line), answers, single=True)
