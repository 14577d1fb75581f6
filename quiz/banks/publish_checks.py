"""What an instructor must confirm before publishing a bank that is otherwise valid.

Not errors (the bank imports) but signs the work is unfinished or will confuse learners:
``TODO:`` markers left in the source (drafts mark what needs a human that way), a title
another live bank already has (two entries look alike on the home page), and two
questions with the same prompt. The preview lists them and Publish asks to confirm.
Plain Python, no Flask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Bank

_TODO_RE = re.compile(r"\bTODO:")
MAX_LINES_LISTED = 8


def _same_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:MAX_LINES_LISTED]))
    more = len(numbers) - MAX_LINES_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def publish_cautions(source: str, bank: Bank, other_titles: Iterable[tuple[str, str]]) -> list[str]:
    """One sentence per reason to stop before publishing (empty: publish at once).

    ``other_titles`` are the (bank id, title) of the other live banks.
    """
    cautions = []
    todo_lines = [n for n, line in enumerate(source.split("\n"), 1) if _TODO_RE.search(line)]
    if todo_lines:
        count = len(todo_lines)
        cautions.append(
            f"The source still has {count} TODO{'s' if count != 1 else ''} "
            f"(line{'s' if count != 1 else ''} {_lines(todo_lines)}): "
            "resolve them, or confirm that learners may see the bank as it is."
        )
    title = _same_text(bank.title)
    for slug, other in other_titles:
        if slug != bank.id and _same_text(other) == title:
            cautions.append(
                f"The title “{bank.title}” is already the title of the live bank '{slug}': "
                "learners will see two banks of that name."
            )
    first_at: dict[str, int] = {}
    for question in bank.questions:
        prompt = _same_text(question.prompt_md)
        if prompt in first_at:
            headline = question.prompt_md.split("\n", 1)[0]
            cautions.append(
                f"Two questions have the same prompt “{headline}” (lines {first_at[prompt]} "
                f"and {question.source_line}): learners cannot tell them apart."
            )
        else:
            first_at[prompt] = question.source_line
    return cautions
