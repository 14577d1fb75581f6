"""Single-choice scenario questions from a "when to use" table or list.

A table row ``| Lightweight app or prototype | ✅ Flask |`` or a list item
``Lightweight app or prototype: **Flask**`` becomes "If you want to build lightweight app
or prototype: which framework fits best?", the other choices of the article as options.

A recommendation ("Choose Flask if you want a minimal core", "Kafka is best for event
sourcing", an item under "When to use FastAPI" or "PostgreSQL is best for") becomes "You
want a minimal core. Which framework fits best?": the situation in the learner's shoes,
the article's subjects as options, the explanation citing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import islice

from wordfreq import zipf_frequency

from .article import ListBlock, Paragraph, Section, Table, plain, strip_decoration
from .questions import DraftQuestion, option_text, similar

_COMMON_ZIPF = 2.5  # rarer words are names (kubernetes 2.25, postgresql 2.25)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def scenario_questions(
    base_id: str,
    section: Section,
    block: Table | ListBlock,
    subjects: list[str],
    noun: str,
    heading: str = "",
) -> list[DraftQuestion]:
    """Single-choice questions from a "when to use" table (scenario | choice) or list
    (under ``heading``, which may name the subject its items recommend)."""
    pairs: list[tuple[str, str, int, str]] = []  # scenario, answer, line, quoted source
    lead = ""
    recommended = _recommended(block, subjects, heading or section.title)
    said = {line for *_said, line, _item in recommended}
    if isinstance(block, Table):
        lead = strip_decoration(block.headers[0]).rstrip(".…").strip() if block.headers else ""
        for row, line in zip(block.rows, block.row_lines, strict=True):
            if len(row) >= 2 and strip_decoration(row[0]) and option_text(row[1]):
                pairs.append((plain(row[0]), option_text(row[1]), line, f"{row[0]} → {row[1]}"))
    else:
        names_in = _name_finder(tuple(subjects))
        for item, line in zip(block.items, block.item_lines, strict=True):
            named = names_in(item)
            if len(named) == 1 and line not in said:
                pairs.append((_without(plain(item), named[0]), named[0], line, item))
    answers = list(dict.fromkeys(answer for _s, answer, _l, _q in pairs))
    candidates = answers + [s for s in subjects if s not in answers]
    used: set[str] = set()
    questions = _recommendation_questions(base_id, section, recommended, subjects, noun, used)
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


# "Choose Flask if you …", "Pick SQLite when …", "Use Kafka for …"; "Kafka is best for …",
# "Django is the best choice when …"; NAME is filled in with the subjects.
_RECOMMEND = (
    r"^(?:(?:choose|pick|use|go with|opt for|reach for|prefer)\s+(?P<a>{names})"
    r"|(?P<b>{names})\s+(?:is|are)\s+(?:the\s+)?(?:best|ideal|a good fit|perfect|the right choice)"
    r"(?:\s+(?:choice|option|pick|fit))?)\s+(?P<how>if|when|for)\s+(?P<scenario>.+?)[.!]?$"
)
_HEADING_RE = re.compile(
    r"\bwhen to (?:use|choose|pick)\s+(?P<a>.+)$|^(?:choose|pick|use)\s+(?P<b>.+?)\s+(?:if|when)\b"
    r"|^(?P<c>.+?)\s+(?:is|are)\s+(?:best|ideal)\s+for\b",
    re.I,
)
_CLAUSE_RE = re.compile(r"^(?:if|when|whenever)\s+", re.I)
# A heading whose items are conditions ("Choose unittest if"), and a condition's words.
_CONDITION_HEADING_RE = re.compile(r"\b(?:if|when)\s*:?\s*$", re.I)
_CONDITION_RE = re.compile(
    r"^(?:you|your|we|our|they|there|it)\b"
    r"|^(?:(?!\b(?:that|which|where|who|when)\b).)*?\b(?:is|are|matters?|must)\b",
    re.I,
)
_LABEL_RE = re.compile(r"^([^:.;]{3,60}):\s+\S")  # "Embedded applications: SQLite is …"


@lru_cache(maxsize=8)
def _recommend_pattern(subjects: tuple[str, ...]) -> re.Pattern[str] | None:
    if not subjects:
        return None
    names = "|".join(re.escape(s) for s in sorted(_aliases(subjects), key=len, reverse=True))
    return re.compile(_RECOMMEND.format(names=names), re.I)


@lru_cache(maxsize=8)
def _aliases(subjects: tuple[str, ...]) -> dict[str, str]:
    """Each subject by its name and, for "Apache Kafka", its last word ("Kafka is best
    for …"), lowercased: a conclusion often drops the vendor's name."""
    aliases = {s.lower(): s for s in subjects}
    for s in subjects:
        last = s.split()[-1] if len(s.split()) > 1 else ""
        if last[:1].isupper():
            aliases.setdefault(last.lower(), s)
    return aliases


def recommendation(text: str, subjects: list[str]) -> tuple[str, str, str] | None:
    """("Flask", "if", "you want a minimal core") for "Choose Flask if you want a minimal
    core."; None when the text recommends no one subject for a situation."""
    pattern = _recommend_pattern(tuple(subjects))
    m = pattern.match(plain(text).strip()) if pattern else None
    if not m:
        return None
    named = m.group("a") or m.group("b")
    answer = _aliases(tuple(subjects))[named.lower()]
    # "… or your host only offers MySQL": the answer is "it" in its own scenario
    scenario = _name_pattern(answer).sub("it", m.group("scenario")).strip(" ,;:")
    if _name_finder(tuple(subjects))(scenario) or len(scenario.split()) < 2:
        return None  # "SQLite for …, MySQL for …": more than one recommendation
    return answer, m.group("how").lower(), scenario


def heading_subject(heading: str, subjects: list[str]) -> str | None:
    """The one subject a "When to use FastAPI" / "PostgreSQL is best for" heading names."""
    m = _HEADING_RE.search(strip_decoration(heading))
    if not m:
        return None
    named = _name_finder(tuple(subjects))(next(g for g in m.groups() if g))
    return named[0] if len(named) == 1 else None


def recommendations(block: Paragraph | ListBlock, subjects: list[str]) -> ListBlock | None:
    """A paragraph's sentences or a list's items as a list to draft scenarios from, when
    two of them or more recommend different subjects ("Choose FastAPI if …. Choose
    Django if …."): a conclusion, whatever its heading."""
    if isinstance(block, Paragraph):
        sentences = [
            part
            for sentence in _SENTENCE_RE.split(plain(block.source))
            for part in _one_each(sentence, subjects)
        ]
        block = ListBlock(block.line, sentences, [block.line] * len(sentences))
    answers = {said[0] for item in block.items if (said := recommendation(item, subjects))}
    return block if len(answers) >= 2 else None


def _one_each(sentence: str, subjects: list[str]) -> list[str]:
    """ "Choose SQLite for X, MySQL for Y, and PostgreSQL when Z." as one sentence a
    subject: "Choose SQLite for X", "Choose MySQL for Y", "Choose PostgreSQL when Z"."""
    verb = re.match(r"(?i)(choose|pick|use|go with|opt for|prefer)\s+", sentence)
    if not verb or not subjects:
        return [sentence]
    names = "|".join(re.escape(s) for s in sorted(_aliases(tuple(subjects)), key=len, reverse=True))
    parts = re.split(rf"(?i),\s+(?:and\s+|or\s+)?(?=(?:{names})\s+(?:for|if|when)\b)", sentence)
    return [parts[0]] + [f"{verb.group(1)} {part}" for part in parts[1:]]


def _recommended(
    block: Table | ListBlock, subjects: list[str], heading: str
) -> list[tuple[str, str, str, int, str]]:
    """A list's recommendations as (answer, how, scenario, line, quoted item): items that
    say "Choose X if …"; under a heading that names a subject, items that name no other
    (a "Testing: SQLite can stand in" item is the scenario "testing")."""
    if not isinstance(block, ListBlock):
        return []
    owner = heading_subject(heading, subjects)
    conditions = bool(_CONDITION_HEADING_RE.search(strip_decoration(heading)))
    found = []
    for item, line in zip(block.items, block.item_lines, strict=True):
        said = recommendation(item, subjects)
        named = _name_finder(tuple(subjects))(item)
        labelled = _LABEL_RE.match(option_text(item))
        if said is None and owner and not named:
            said = (owner, *_situation(option_text(item), conditions))
        elif said is None and owner and named == [owner] and labelled:
            if not _name_finder(tuple(subjects))(labelled.group(1)):
                said = (owner, *_situation(labelled.group(1), conditions))
        elif said is None and len(named) == 1:
            # "Task queues: **RabbitMQ**", "**REST** — public APIs …": the name at an edge
            scenario = _without(plain(item), named[0])
            if "…" not in scenario:
                said = (named[0], *_situation(option_text(scenario), conditions))
        if said is not None:
            found.append((*said, line, item))
    return found


def _situation(text: str, conditions: bool) -> tuple[str, str]:
    """(how, situation) of an item: a condition ("if you …", "Data integrity is
    important") is said as it is, anything else is what the subject is for."""
    text = text.rstrip(".")
    clause = _CLAUSE_RE.match(text)
    if clause:
        return "when", text[clause.end() :]
    if conditions or _CONDITION_RE.search(text):
        return "when", text
    return "for", text


def _recommendation_questions(
    base_id: str,
    section: Section,
    recommended: list[tuple[str, str, str, int, str]],
    subjects: list[str],
    noun: str,
    used: set[str],
) -> list[DraftQuestion]:
    choices = subjects[:5]
    questions: list[DraftQuestion] = []
    for answer, how, scenario, line, quoted in recommended:
        options = choices if answer in choices else [answer, *choices[:4]]
        if len(options) < 2:
            continue
        situation = _lower_common(scenario)
        if how == "for":
            a = "an" if noun[:1].lower() in "aeiou" else "a"
            need = f"You need {a} {noun} for" if noun != "option" else "Your project calls for"
            situation = f"{need} {situation}"
        situation = situation[:1].upper() + situation[1:]
        # the options are the subjects: naming them in the prompt too would name its own
        # answer (the cue linter's warning on every scenario)
        which = f"Which {noun}" if noun != "option" else "Which of these"
        where = section.title or "when to use"
        questions.append(
            DraftQuestion(
                id=_unique(f"{base_id}-{_slug_words(scenario)}", used),
                prompt=f"{situation}. {which} fits best?",
                kind="single",
                options=[(o, o == answer) for o in options],
                explanation=[
                    f"The article recommends {answer} {how} {_lower_common(scenario)} "
                    f"(“{where}”, line {line}): {quoted}"
                ],
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


def _lower_common(text: str) -> str:
    """ "Teams that …" -> "teams that …", but "Kubernetes clusters" and "REST APIs" stay:
    a capitalised first word is lowered only when it is a common English word."""
    first = text.split()[0] if text.split() else ""
    if first in ("A", "An", "The"):
        return first.lower() + text[len(first) :]
    if zipf_frequency(first.split("-")[0].lower(), "en") < _COMMON_ZIPF:
        return text
    return _lower_first(text)


def _slug_words(text: str, limit: int = 6) -> str:
    tokens = re.findall(r"[a-z0-9]+", plain(text).lower())
    return "-".join(tokens[:limit]) or "row"


def _unique(qid: str, used: set[str]) -> str:
    candidate, n = qid, 2
    while candidate in used:
        candidate, n = f"{qid}-{n}", n + 1
    used.add(candidate)
    return candidate
