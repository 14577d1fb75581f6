"""quizdown (Markdown quizzes for the web) read into a bank.

A quizdown file may open with a YAML header (its display options, ignored); then each
question is a heading (``#``, or deeper), optional text, an optional ``> hint`` and a
task list: ``- [x]`` right, ``- [ ]`` wrong (one right: single choice, several: multiple
select). An option's indented ``> comment`` is kept in the explanation, as is the hint.
``---`` rules between questions are ignored. An ordered list (``1.``) instead of the
task list is quizdown's sequence question, reported as not supported.
"""

from __future__ import annotations

import re

from .common import Answer, BankBuilder, Stem, add_choice, feedback_list, join_explanation

_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_TASK_RE = re.compile(r"^[ \t]{0,3}[-*+][ \t]+\[([ xX])\][ \t]+(.*\S)\s*$")
_ORDERED_RE = re.compile(r"^[ \t]{0,3}\d{1,9}[.)][ \t]+\S")
_QUOTE_RE = re.compile(r"^([ \t]*)>[ \t]?(.*)$")
_RULE_RE = re.compile(r"^ {0,3}(?:-[ \t]*){3,}$")


def read_quizdown(text: str, builder: BankBuilder) -> None:
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if close is not None:
            start = close + 1
    heading_line = 0
    body: list[tuple[int, str]] = []
    in_fence = False
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING_RE.match(line)
        if heading:
            if heading_line:
                _question(builder, heading_line, body)
            heading_line, body = number, [(number, heading.group(1))]
        elif heading_line and (in_fence or not _RULE_RE.match(line)):
            body.append((number, line))
    if heading_line:
        _question(builder, heading_line, body)


def _question(builder: BankBuilder, line: int, body: list[tuple[int, str]]) -> None:
    title = body[0][1]
    prompt: list[str] = [title, ""]
    hints: list[str] = []
    answers: list[Answer] = []
    comments: list[str] = []
    ordered = False
    for _, text in body[1:]:
        task, quote = _TASK_RE.match(text), _QUOTE_RE.match(text)
        if task:
            answers.append(Answer(task.group(2), 100 if task.group(1) in "xX" else 0))
            comments.append("")
        elif quote and answers and quote.group(1):  # indented under an option
            comments[-1] = (comments[-1] + " " + quote.group(2)).strip()
        elif quote and not answers:
            hints.append(quote.group(2))
        elif _ORDERED_RE.match(text) and not answers:
            ordered = True
        elif not answers:
            prompt.append(text)
    prompt_text = "\n".join(prompt).strip()
    if not answers:
        if ordered:
            builder.skip(line, "sequence question", title)
        else:
            builder.error(line, f"question {title!r} has no options: add - [x] and - [ ] items")
        return
    hint = " ".join(h.strip() for h in hints if h.strip())
    feedback = feedback_list([(a.text, c) for a, c in zip(answers, comments, strict=True)])
    general = join_explanation(f"Hint: {hint}" if hint else "", feedback)
    single = sum(a.fraction > 0 for a in answers) == 1
    if not single:  # several right boxes: equal shares, as quizdown scores them
        answers = [Answer(a.text, 1 if a.fraction else 0) for a in answers]
    add_choice(builder, Stem(prompt_text, general, line), answers, single=single)
