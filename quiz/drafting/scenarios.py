"""Single-choice scenario questions from a "when to use" table or list.

A table row ``| Lightweight app or prototype | ✅ Flask |`` or a list item
``Lightweight app or prototype: **Flask**`` becomes "If you want to build lightweight app
or prototype: which framework fits best?", the other choices of the article as options.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import islice

from .article import ListBlock, Section, Table, plain, strip_decoration
from .questions import DraftQuestion, option_text, similar


def scenario_questions(
    base_id: str, section: Section, block: Table | ListBlock, subjects: list[str], noun: str
) -> list[DraftQuestion]:
    """Single-choice questions from a "when to use" table (scenario | choice) or list."""
    pairs: list[tuple[str, str, int, str]] = []  # scenario, answer, line, quoted source
    lead = ""
    if isinstance(block, Table):
        lead = strip_decoration(block.headers[0]).rstrip(".…").strip() if block.headers else ""
        for row, line in zip(block.rows, block.row_lines, strict=True):
            if len(row) >= 2 and strip_decoration(row[0]) and option_text(row[1]):
                pairs.append((plain(row[0]), option_text(row[1]), line, f"{row[0]} → {row[1]}"))
    else:
        names_in = _name_finder(tuple(subjects))
        for item, line in zip(block.items, block.item_lines, strict=True):
            named = names_in(item)
            if len(named) == 1:
                pairs.append((_without(plain(item), named[0]), named[0], line, item))
    answers = list(dict.fromkeys(answer for _s, answer, _l, _q in pairs))
    candidates = answers + [s for s in subjects if s not in answers]
    questions: list[DraftQuestion] = []
    used: set[str] = set()
    for scenario, answer, line, quoted in pairs:
        qid = _unique(f"{base_id}-{_slug_words(scenario)}", used)
        prompt = (
            f"{lead} {_lower_first(scenario)}: which {noun} fits best?"
            if lead
            else f"{scenario} — which {noun} fits best?"
        )
        wrong = list(islice((c for c in candidates if c != answer and not similar(c, answer)), 4))
        explanation = [
            f"The article's “{section.title or 'when to use'}” (line {line}): {quoted}",
        ]
        if wrong:
            questions.append(
                DraftQuestion(
                    id=qid,
                    prompt=prompt,
                    kind="single",
                    options=[(answer, True)] + [(w, False) for w in wrong],
                    explanation=explanation,
                    drills=[f"row:{line}"],
                )
            )
        else:
            questions.append(
                DraftQuestion(
                    id=qid,
                    prompt=prompt,
                    kind="short",
                    answer=[answer],
                    explanation=explanation,
                    todos=["only one choice in the article: add wrong options or keep it short"],
                    drills=[f"row:{line}"],
                )
            )
    return questions


@lru_cache(maxsize=8)
def _name_finder(subjects: tuple[str, ...]) -> Callable[[str], list[str]]:
    """A function giving the subjects an item names, one regex for all of them."""
    if not subjects:
        return lambda _text: []
    by_lower = {s.lower(): s for s in subjects}
    alternatives = "|".join(re.escape(s) for s in sorted(subjects, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)

    def names_in(text: str) -> list[str]:
        found = {by_lower[m.group(0).lower()] for m in pattern.finditer(plain(text))}
        return sorted(found)

    return names_in


# What may stand between a subject's name and the scenario: "Task queues → RabbitMQ".
_SEPS = r"[\s:;,→>=–—-]*"
_SEPS_RE = re.compile(_SEPS)
_TRAILING_SEPS_RE = re.compile(_SEPS + r"\Z")
_AFTER_NAME_RE = re.compile(r"\s+(?:for|when|if)", re.I)
_USE_RE = re.compile(r"use\s+", re.I)


def _without(text: str, name: str) -> str:
    """The scenario of "Task queues: **RabbitMQ**" or "Use RabbitMQ for task queues".

    Removes the name with its separators from the start, then from the end, then puts
    "…" where it still shows: what ``_edge_patterns`` and ``_name_pattern`` match, in
    that order. A name that starts and ends with no separator (nearly all) is removed
    from the edges with its one short pattern and precompiled ones instead, with the
    same result: an edge pattern costs re.compile about a millisecond (the separators'
    class), and a long article names hundreds of subjects.
    """
    inside = _name_pattern(name)
    if not name or _SEPS_RE.match(name[0]).end() or _SEPS_RE.match(name[-1]).end():
        leading, trailing = _edge_patterns(name)
        text = trailing.sub("", leading.sub("", text))
    else:
        text = _strip_trailing(_strip_leading(text, inside), inside, len(name))
    text = inside.sub("…", text)
    return text[:1].upper() + text[1:]


def _strip_leading(text: str, name: re.Pattern[str]) -> str:
    """``^SEPS NAME (for|when|if)? SEPS`` removed: the name (which starts with no
    separator) can only start where the leading separators end."""
    m = name.match(text, _SEPS_RE.match(text).end())
    if m is None:
        return text
    after = _AFTER_NAME_RE.match(text, m.end())
    return text[_SEPS_RE.match(text, after.end() if after else m.end()).end() :]


def _strip_trailing(text: str, name: re.Pattern[str], name_length: int) -> str:
    """``SEPS (use)? NAME SEPS$`` removed from its leftmost start: the name (which ends
    with no separator) can only end where the trailing separators start."""
    end = _TRAILING_SEPS_RE.search(text).start()
    if end < name_length or not name.fullmatch(text, end - name_length, end):
        return text  # the name is not at the end
    for start in range(end - name_length + 1):
        use = _USE_RE.match(text, start)
        if name.fullmatch(text, start, end) or (use and name.fullmatch(text, use.end(), end)):
            return text[: _TRAILING_SEPS_RE.search(text, 0, start).start()]
    return text


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name as a word, maybe after "use"."""
    return re.compile(rf"(?:\buse\s+)?\b{re.escape(name)}\b", re.I)


@lru_cache(maxsize=64)
def _edge_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The name with the separators around it, at the start and at the end of a text."""
    name_re = _name_pattern(name).pattern
    return (
        re.compile(rf"^{_SEPS}{name_re}(?:\s+(?:for|when|if))?{_SEPS}", re.I),
        re.compile(rf"{_SEPS}(?:use\s+)?{name_re}{_SEPS}$", re.I),
    )


def _lower_first(text: str) -> str:
    """ "Lightweight app" -> "lightweight app", but "REST API" stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _slug_words(text: str, limit: int = 6) -> str:
    tokens = re.findall(r"[a-z0-9]+", plain(text).lower())
    return "-".join(tokens[:limit]) or "row"


def _unique(qid: str, used: set[str]) -> str:
    candidate, n = qid, 2
    while candidate in used:
        candidate, n = f"{qid}-{n}", n + 1
    used.add(candidate)
    return candidate
