"""`flask quiz try FILE QUESTION_ID "answer"`: grade one answer from the command line.

For instructors checking how a question grades while writing it: the bank file is
parsed (no database needed), the answer graded with ``quiz.scoring.grade`` and the
score printed as ``score: NN%`` with what counted. Choice answers are given by the
options' displayed numbers in file order ("1,3").
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from quiz.banks import CHOICE_KINDS, Question, parse_file
from quiz.scoring import Grade, grade


def find_question(questions: list[Question], question_id: str) -> Question | None:
    return next((q for q in questions if q.id == question_id), None)


def option_indices(question: Question, answer: str) -> list[int]:
    """Displayed option numbers ("1,3", "1 3") as indices into ``question.options``."""
    parts = [p for p in re.split(r"[\s,;]+", answer.strip()) if p]
    count = len(question.options)
    if not parts:
        raise click.BadParameter(f"give option numbers from 1 to {count}, e.g. 1,3")
    indices = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise click.BadParameter(f"{part!r} is not an option number from 1 to {count}")
        indices.append(int(part) - 1)
    if question.kind == "single" and len(set(indices)) != 1:
        raise click.BadParameter("a single-choice question takes one option number")
    return indices


def describe(question: Question, response: list[int] | str, result: Grade) -> list[str]:
    """The lines printed under the score: what counted and what did not."""
    lines: list[str] = []
    if question.kind in CHOICE_KINDS:
        for i, option in enumerate(question.options):
            picked = "x" if i in response else " "
            verdict = "right" if option.correct else "wrong"
            lines.append(f"  [{picked}] {i + 1}. {option.text_md} ({verdict})")
    elif question.kind == "short":
        if result.matched is not None:
            lines.append(f"matched accepted answer: {result.matched}")
        else:
            lines.append(f"accepted answers: {' | '.join(question.answers)}")
    else:
        lines.append(f"key points covered: {len(result.covered)} of {len(question.key_points)}")
        for i, phrasings in enumerate(question.key_points):
            name = " | ".join(phrasings)
            if i in result.covered:
                words = ", ".join(f'"{w}"' for w in result.key_point_words[i])
                lines.append(f"  covered  {name} (matched: {words})")
            elif i in result.contradicted:
                lines.append(f"  missed   {name} (stated the opposite way round: a misconception)")
            elif i in result.negated:
                lines.append(f"  missed   {name} (mentioned, but saying the opposite)")
            else:
                lines.append(f"  missed   {name}")
        for i, misconception in enumerate(question.misconceptions):
            if i in result.misconceptions:
                words = ", ".join(f'"{w}"' for w in result.misconception_words[i])
                name = " | ".join(misconception.phrasings)
                lines.append(f"  asserts misconception  {name} (matched: {words})")
        if result.misconceptions or result.contradicted:
            cap = round(question.misconception_cap * 100)
            lines.append(f"a misconception is asserted: capped at {cap}%")
        if result.keyword_list:
            lines.append("a bare list of keywords: capped at partial credit")
    return lines


@click.command("try")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("question_id")
@click.argument("answer")
@with_appcontext
def try_command(file: Path, question_id: str, answer: str) -> None:
    """Grade ANSWER to question QUESTION_ID of bank FILE (options by number, e.g. 1,3)."""
    parsed = parse_file(file, max_bytes=current_app.config["BANK_MAX_BYTES"])
    if parsed.bank is None:
        for error in parsed.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"{file} has {len(parsed.errors)} error(s)")
    questions = [q for topic in parsed.bank.topics for q in topic.questions]
    question = find_question(questions, question_id)
    if question is None:
        close = difflib.get_close_matches(question_id, [q.id for q in questions], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise click.ClickException(f"{file} has no question with id {question_id!r}{hint}")
    response: list[int] | str = (
        option_indices(question, answer) if question.kind in CHOICE_KINDS else answer
    )
    result = grade(question, response)
    click.echo(f"score: {round(result.score * 100)}%")
    for line in describe(question, response, result):
        click.echo(line)
