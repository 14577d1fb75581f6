"""Misconceptions drafted from an article's comparison tables, for its open questions.

A comparison table (a first column of attributes, one column per subject) says what each
subject's value of a row is. Another subject's value, stated for this subject, is a wrong
claim a candidate makes: row ``Server interface | ASGI | WSGI`` gives FastAPI the
misconception "WSGI server interface | WSGI-based | built on WSGI", with a ``Why:`` that
cites the comparison. Nothing that might be true of the subject is proposed: a value
equal to, inside or around the subject's own ("Yes" / "Yes (with extension)"), a bare
yes/no or a mark of absence (❌), two values both marked ✅, a long sentence, or words the
subject's own section says of it ("Microservices" among FastAPI's use cases).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from quiz.banks.lint import common_word
from quiz.banks.tables import clean_cell
from quiz.scoring.reading import FUNCTION_WORDS, NEGATIONS, stem

from .article import Article, Paragraph, Section, Table, plain, strip_decoration
from .questions import DraftMisconception, DraftQuestion

# Where a human writes them: in place of the list, and in the draft's notes.
NO_MISCONCEPTIONS = "add misconceptions: the wrong claims candidates make"
MAX_MISCONCEPTIONS = 5
MIN_MISCONCEPTIONS = 2
_MAX_PART_WORDS = 4  # a value part longer than this is a sentence, not a claim
_MAX_VALUE_WORDS = 8
_ENGLISH_ZIPF = 2.5  # rarer capitalised words are names: they keep their capital
_YES = frozenset("✅✔☑")
_NO = frozenset("❌✖⛔🚫")
_LEVELS = {"🟢": 1, "🟡": 2, "🟠": 2, "🔴": 3}  # ordinal marks: only opposite ends differ clearly
# A value opening with one of these is a yes/no or a condition, not a value of its own.
_QUALIFIER_WORDS = """yes no none not partly partial partially optional optionally if only
    maybe limited some depends varies via with without unknown possible sometimes mixed n/a na"""
_QUALIFIERS = frozenset(_QUALIFIER_WORDS.split())
_ABSENT = frozenset(["no", "none", "not", "without", "n/a", "na"])  # all else contradicts
# "Optional" allows another subject's choice ("Jinja2"), not another way of having it.
_MODES = frozenset(["built-in", "builtin", "native", "auto", "automatic", "included"])
_USE_RE = re.compile(r"\b(best|ideal|good|suited|use[sd]?|use cases?|used for)\b", re.I)
_BEST_RE = re.compile(r"\b(best|ideal|good|suited)\b", re.I)
# Attributes that add nothing to a value ("Style | Full-stack"), unlike "Model | Pub/sub".
_VAGUE_RE = re.compile(
    r"^(style|type|kind|category|nature|description|notes?|summary|overview)$", re.I
)
_BASE_RE = re.compile(r"\b(interface|server|protocol|runtime|engine|based|built)\b", re.I)
_PAREN_RE = re.compile(r"\([^()]*\)")
_WORD_RE = re.compile(r"[^\W_]+")
_TECH_RE = re.compile(r"^[\w.+#/-]*[A-Z][\w.+#/-]*$")


@dataclass
class _Candidate:
    row: tuple[int, int]  # table, row
    quality: int  # 3: a name or hyphenated term; 2: a claim of several words; 1: one word
    phrasings: list[str]
    values: list[tuple[str, str]]  # (value, whose): the other subjects' values cited
    why: str = ""


class Comparisons:
    """The article's comparison tables, read once; misconceptions asked per subject."""

    def __init__(self, article: Article, subjects: list[str], noun: str | None):
        self.noun = noun
        self.tables: list[Table] = []
        # a header's words -> (table, column): a subject's column is found by its name
        self._columns: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        named = {run for s in subjects for run in _runs(s)}
        for section in article.sections:
            for part in section.parts:
                block = part.block
                if not isinstance(block, Table) or part.kind == "when" or len(block.headers) < 3:
                    continue
                keys = [_key(h) for h in block.headers]
                if sum(k in named for k in keys[1:]) >= 2:
                    for col, k in enumerate(keys[1:], start=1):
                        self._columns.setdefault(k, []).append((len(self.tables), col))
                    self.tables.append(block)
        self._ids = {id(t) for t in self.tables}

    def columns(self, subject: str) -> dict[int, int]:
        """Table -> the subject's column: its name ("Apache Kafka") or a part of it
        ("Kafka"), the whole name first; a table with two such columns is left out."""
        found: dict[int, list[tuple[int, int]]] = {}
        for run in _runs(subject):  # longest first
            for t, col in self._columns.get(run, ()):
                found.setdefault(t, []).append((len(run), col))
        return {
            t: cols[0][1] for t, cols in found.items() if len(cols) == 1 or cols[0][0] > cols[1][0]
        }

    def attach(self, q: DraftQuestion, section: Section) -> None:
        """Give an open question its misconceptions, and a TODO to check them."""
        q.misconceptions = self.for_question(q, section)
        if q.misconceptions:
            q.todos.append(
                "check the misconceptions (other subjects' values in the comparison): "
                f"each must be false of {q.subject}"
            )

    def for_question(self, q: DraftQuestion, section: Section) -> list[DraftMisconception]:
        """2 to 5 misconceptions about ``q.subject`` (fewer when the tables hold fewer)."""
        subject = q.subject
        if not subject:
            return []
        said = _said_of(section, self._ids)
        points = [_stems(p) for point in q.key_points for p in point]
        candidates: list[_Candidate] = []
        for t, col in sorted(self.columns(subject).items()):
            table = self.tables[t]
            for n, row in enumerate(table.rows):
                if len(row) == len(table.headers):
                    candidates += self._row((t, n), subject, table, row, col, said, points)
        return _choose(candidates)

    def _row(
        self,
        n: tuple[int, int],
        subject: str,
        table: Table,
        row: list[str],
        col: int,
        said: list[frozenset[str]],
        points: list[frozenset[str]],
    ) -> list[_Candidate]:
        attribute = strip_decoration(row[0])
        own = row[col]
        own_stems = _stems(_value(own))
        first = _value(own).split()[0].casefold() if own_stems else "yes"
        if not attribute or first == "yes" or len(_value(own).split()) > _MAX_VALUE_WORDS:
            return []  # "Yes": the subject has it, maybe in another subject's way too
        modes_only = first in _QUALIFIERS and first not in _ABSENT
        merged: dict[tuple[str, ...], _Candidate] = {}
        for j, other in enumerate(row):
            if j in (0, col):
                continue
            value = _value(other)
            stems = _stems(value)
            if (
                not stems
                or stems <= own_stems
                or own_stems <= stems
                or _marks(other) & _NO
                or (_marks(other) & _YES and _marks(own) & _YES)
                or len(value.split()) > _MAX_VALUE_WORDS
                or 0 < abs(_level(other) - _level(own)) < 2  # "Moderate" next to "Easy"
            ):
                continue
            phrasings: list[str] = []
            quality = 0
            for part in _parts(value):
                part_stems = _stems(part)
                made = self._phrasings(part, attribute)
                checked = _checked(part, attribute)
                if (
                    not made
                    or (modes_only and part.casefold() not in _MODES)
                    or part_stems <= own_stems
                    or any(2 * len(checked & s) > len(checked) for s in said)
                ):
                    continue
                # a claim a key point also makes would cap the answers that make the point
                made = [
                    p
                    for p in made
                    if not common_word(p) and not any(_stems(p) <= k for k in points)
                ]
                phrasings += [p for p in made if p not in phrasings]
                quality = max(quality, _quality(part)) if made else quality
            if not phrasings:
                continue
            whose = strip_decoration(table.headers[j])
            key = tuple(phrasings)
            if key in merged:
                merged[key].values.append((value, whose))
            else:
                merged[key] = _Candidate(n, quality, phrasings, [(value, whose)])
        for candidate in merged.values():
            candidate.why = _why(subject, attribute, _value(own), candidate.values)
        return list(merged.values())

    def _phrasings(self, part: str, attribute: str) -> list[str]:
        """Short claims an answer would contain: the value's words and the row's."""
        words = part.split()
        if not words or words[0].casefold() in _QUALIFIERS or len(words) > _MAX_PART_WORDS:
            return []
        text = _lower_first(part)
        attr = _lower_words(attribute)
        content = _stems(part)
        compound = "-" in part and len(words) == 1
        if _USE_RE.search(attribute):
            return [f"{'best' if _BEST_RE.search(attribute) else 'used'} for {text}"]
        if _VAGUE_RE.match(attribute):  # "Style": the value is the claim, "monolith" none
            if compound and self.noun and self.noun not in text.lower():
                return [f"{text} {self.noun}", text]
            return [text] if len(content) >= 2 or compound else []
        if len(content) >= 2 or len(attribute.split()) > 3:
            return [text] if len(content) >= 2 else []
        if _stems(attribute) <= _stems(part):
            return [text]
        if attribute.lower().endswith("ing"):
            return [f"{attr} via {text}"]
        made = [f"{text} {attr}"]
        if _TECH_RE.match(part) and _BASE_RE.search(attribute):
            made += [f"{part}-based", f"built on {part}"]
        return made


def misconception_lines(found: list[DraftMisconception], escape: Callable[[str], str]) -> list[str]:
    """The ``Misconceptions:`` list of an open question, one ``Why:`` line per item."""
    lines = ["Misconceptions:"] if found else []
    for m in found:
        lines += ["- " + " | ".join(escape(p) for p in m.phrasings), f"  Why: {m.why}"]
    return lines


def _choose(candidates: list[_Candidate]) -> list[DraftMisconception]:
    """The best candidate of each row first (names and terms before single words), then
    more from the same rows up to the minimum; in the table's order."""
    ranked = sorted(candidates, key=lambda c: (-c.quality, c.row))
    chosen: list[_Candidate] = []
    rows: set[tuple[int, int]] = set()
    for c in ranked:
        if len(chosen) < MAX_MISCONCEPTIONS and c.row not in rows:
            chosen.append(c)
            rows.add(c.row)
    for c in ranked:
        if len(chosen) < MIN_MISCONCEPTIONS and c not in chosen:
            chosen.append(c)
    chosen.sort(key=lambda c: c.row)
    return [DraftMisconception(c.phrasings, c.why) for c in chosen]


def _why(subject: str, attribute: str, own: str, values: list[tuple[str, str]]) -> str:
    """ "In the comparison, FastAPI's server interface is ASGI; WSGI is Flask's." (its
    learning curve is “Moderate”, operations are “Heavy”)"""
    if len({v for v, _w in values}) == 1:
        cited = f"{_quote(values[0][0])} is {_and([_possessive(w) for _v, w in values])}"
    else:
        cited = ", ".join(
            f"{_quote(v)}{' is' if i == 0 else ''} {_possessive(w)}"
            for i, (v, w) in enumerate(values)
        )
    attr = _lower_words(attribute)
    verb = "are" if re.search(r"[^siu]s$", attr) else "is"
    return f"In the comparison, {_possessive(subject)} {attr} {verb} {_quote(own)}; {cited}."


def _key(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w+#.]+", plain(strip_decoration(name)).casefold()))


def _runs(subject: str) -> list[tuple[str, ...]]:
    """The runs of a name's words, longest first: the names a column may give it."""
    words = _key(subject)
    return [words[i : i + n] for n in range(len(words), 0, -1) for i in range(len(words) - n + 1)]


def _value(cell: str) -> str:
    return clean_cell(plain(strip_decoration(cell)))


def _marks(cell: str) -> set[str]:
    return {c for c in cell if c in _YES or c in _NO}


def _level(cell: str) -> int:
    return next((v for c, v in _LEVELS.items() if c in cell), 0)  # 0: no mark


def _parts(value: str) -> list[str]:
    """ "Full websites, CMS, eCommerce" -> its parts; a parenthesis only explains."""
    main = _PAREN_RE.sub("", value)
    return [p.strip(" .") for p in re.split(r";|,(?!(?<=\d,)\d{3}(?!\d))", main) if p.strip(" .")]


def _checked(part: str, attribute: str) -> frozenset[str]:
    """The words of a claim the subject's own section must not say (most of) in one
    sentence: the value's, with the row's when the value is one word ("built-in ORM")."""
    found = _stems(part)
    if len(found) >= 2 or _USE_RE.search(attribute) or _VAGUE_RE.match(attribute):
        return found
    return found | _stems(attribute)


def _quality(part: str) -> int:
    if "-" in part or any(_tech(w) for w in part.split()):
        return 3
    return 2 if len(part.split()) >= 2 else 1


@lru_cache(maxsize=65536)
def _stems(text: str) -> frozenset[str]:
    """The stems of a text's content words, as the grader stems them (cheaper than
    reading clauses and negations, which only matching needs)."""
    words = _WORD_RE.findall(text.casefold())
    return frozenset(stem(w) for w in words if w not in FUNCTION_WORDS and w not in NEGATIONS)


def _said_of(section: Section, skip: set[int]) -> list[frozenset[str]]:
    """The subject's own section as sentences (list items, table rows) of stems."""
    found: list[frozenset[str]] = []
    for part in section.parts:
        block = part.block
        if id(block) in skip:
            continue
        if isinstance(block, Paragraph):
            texts = re.split(r"(?<=[.!?])\s+", plain(block.source))
        elif isinstance(block, Table):
            texts = [" ".join(row) for row in block.rows]
        else:
            texts = block.items
        found += [_stems(plain(strip_decoration(t))) for t in texts]
    return found


def _lower_first(text: str) -> str:
    """ "Partitioned log" -> "partitioned log"; a name stays ("Pydantic", "Jinja2")."""
    first = text.split()[0] if text.split() else ""
    return text[:1].lower() + text[1:] if _common_capitalised(first) else text


def _tech(word: str) -> bool:
    """A name or acronym ("WSGI", "eCommerce", "SQLAlchemy"), not a capitalised word
    or a common one ("ID")."""
    return bool(_TECH_RE.match(word)) and not word.istitle() and zipf_frequency(word, "en") < 4


def _lower_words(text: str) -> str:
    """ "Async Support" -> "async support"; acronyms and names kept ("API Documentation")."""
    return " ".join(w.lower() if w[1:] == w[1:].lower() else w for w in text.split())


def _common_capitalised(word: str) -> bool:
    """An English word written with a capital ("Queues"), not a name ("Pydantic")."""
    return (
        word[:1].isupper()
        and word[1:] == word[1:].lower()
        and zipf_frequency(word.split("-")[0], "en") >= _ENGLISH_ZIPF
    )


def _quote(value: str) -> str:
    return value if _tech(value) else f"“{value}”"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
