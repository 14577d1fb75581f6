"""Questions generated from a comparison table, worded as an interviewer would ask them.

Plain Python, no Flask. :func:`generate` takes one parsed table (:class:`TableSpec`)
and returns the questions it yields plus its diagnostics; the parser claims the ids.

Rules (see the bank-format contract, "Comparison table", and docs/bank-format.md):

- every fact is asked once. The facts of a row are the ones earlier versions asked:
  where some things share a value, each thing that stands out; where every cell
  differs, each thing; with two things, one (the two facts mirror each other);
- each fact in one of three forms: "Which framework has an ORM built in?" (the compared
  things as options), "Does Flask have authentication built in?" (Yes / Partly / No, a
  row of marks) or "What server interface does Django use?" (the row's values as
  options). A row of several facts asks one for its value and the others by "which",
  and no two of its questions offer the same values;
- options: the row's cells then the same column's cells of other rows that are of the
  same kind (a list with a list, code with code), at most five;
- status marks (✅ ❌ 🟡 ...) become words, and no option carries a mark or emoji;
- no prompt contains its own answer: a cell that names its own column is phrased around
  (its parenthesis dropped) or asked another way, one that only repeats its row is
  skipped with a warning;
- the explanation says in words what the row gives each thing, then shows the row;
- ids are the ones earlier versions gave the same fact: ``topic--row--thing--which`` or
  ``--what`` (three or more columns; the suffix is the form it was first asked in) and
  ``topic--row`` (two columns), so learners keep their history.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field

from .model import Diagnostic, Option, Question
from .slugs import slugify
from .table_recall import Recall, recall

__all__ = [
    "TableQuestions",
    "TableSpec",
    "clean_cell",
    "compare_label",
    "generate",
    "names_answer",
    "tidy_cell",
]

_COMPARE_RE = re.compile(
    r"^\s*(?:\*\*|__)?compare(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+?)\s*$", re.I
)

# Leading marks that say yes / partly / no; other emoji are decoration and are kept.
_STATUS_WORDS = {
    **dict.fromkeys(("✅", "✔️", "✔", "☑️", "☑", "✓"), "Yes"),
    **dict.fromkeys(("🟡", "⚠️", "⚠", "➖"), "Partly"),
    **dict.fromkeys(("❌", "✖️", "✖", "✗", "⛔", "🚫"), "No"),
}
_STATUS_RE = re.compile(
    "^(" + "|".join(sorted(map(re.escape, _STATUS_WORDS), key=len, reverse=True)) + r")\uFE0F?\s*"
)
_YES_RE = re.compile(r"^(?:yes|built[- ]in|included|native)\.?$", re.I)
_NO_RE = re.compile(r"^(?:no|none|not built[- ]in|not included)\.?$", re.I)
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
# Endings of nouns that read without "a"/"an" ("async support", "data validation").
_MASS_ENDINGS = ("tion", "ing", "ment", "ness", "ity", "ance", "ence", "support", "data", "s")
_AN_LETTERS = "AEFHILMNORSX"  # initialisms read with "an": an ORM, an HTTP server


@dataclass
class TableSpec:
    """One comparison table as the parser read it. Lines are 1-based file lines."""

    path: str
    topic_slug: str
    line: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    compare: str | None = None  # the `Compare: thing` label above the table


@dataclass
class TableQuestions:
    questions: list[Question] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def compare_label(lines: list[str], table_start: int) -> str | None:
    """The ``Compare: x`` line directly above a table (0-based start), one blank line allowed."""
    for back in (1, 2):
        index = table_start - back
        if index < 0:
            return None
        text = lines[index].strip()
        if text:
            match = _COMPARE_RE.match(text)
            return match.group(1).rstrip(".") if match else None
    return None


# --------------------------------------------------------------------------- reading cells

_LINK_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(
    r"\*\*(.+?)\*\*|__(.+?)__|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"
    r"|(?<![\w])_(?!\s)(.+?)(?<!\s)_(?!\w)"
)
_TAG_RE = re.compile(r"<[A-Za-z!/][^>]*>")
_CODE_SPLIT_RE = re.compile(r"(`[^`]*`)")
_LEADING_NOTE_RE = re.compile(r"^[\s:;,.\-–—]+|^\((.*)\)$")
_WORD_MARK_RE = re.compile(r"^(yes|no|partly|partial|partially)\b[\s:;,.\-–—]*(.*)$", re.I | re.S)
_WORD_STATUS = {"yes": "Yes", "no": "No", "partly": "Partly", "partial": "Partly"}
_WORD_STATUS["partially"] = "Partly"
# Past participles that open a column header read as "What is X written in?".
_PARTICIPLE_RE = re.compile(
    r"^(?:\w+ed|written|built|made|run|known|distributed|maintained|licensed)\s+"
    r"(?:in|by|as|with|on|for|under)$",
    re.I,
)
MAX_OPTION_CHARS = 160
MAX_OPTIONS = 5


def _decoration(ch: str) -> bool:
    """Emoji and pictographs: decoration a learner cannot be asked about (🚀, 🦀, 🟢)."""
    code = ord(ch)
    return (
        code in (0xFE0F, 0x200D, 0x20E3)
        or 0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
        or (code >= 0x2190 and unicodedata.category(ch) == "So")
    )


def clean_cell(cell: str) -> str:
    """A cell's text without link, image, emphasis or HTML markup (code spans kept)."""
    parts = _CODE_SPLIT_RE.split(cell)
    for i in range(0, len(parts), 2):
        text = _LINK_RE.sub(lambda m: m.group(1) or "", parts[i])
        text = _TAG_RE.sub("", text)
        text = _EMPHASIS_RE.sub(lambda m: next(g for g in m.groups() if g is not None), text)
        parts[i] = text
    return " ".join("".join(parts).split())


def _words_of(text: str) -> str:
    """``text`` without emoji, cleaned, the way an option shows it."""
    kept = "".join(ch for ch in clean_cell(text) if not _decoration(ch))
    kept = " ".join(kept.split())
    while True:
        match = _LEADING_NOTE_RE.search(kept)
        if not match or not kept:
            return kept
        kept = (match.group(1) if match.group(1) is not None else kept[match.end() :]).strip()


def _status(cell: str) -> tuple[str | None, str]:
    """``"✅ Built-in"`` -> ``("Yes", "Built-in")``; a cell without a mark -> ``(None, cell)``.

    Emoji after the mark are decoration (``"✅🚀"`` is ``("Yes", "")``), and a cell that
    opens with the word (``"Yes (HPA)"``, ``"Partly — one thread"``) reads the same.
    """
    match = _STATUS_RE.match(cell.strip())
    if match:
        return _STATUS_WORDS[match.group(1)], _words_of(cell.strip()[match.end() :])
    words = _words_of(cell)
    spoken = _WORD_MARK_RE.match(words)
    if spoken and (not spoken.group(2) or words[len(spoken.group(1))] in " :;,.-–—("):
        return _WORD_STATUS[spoken.group(1).lower()], _words_of(spoken.group(2))
    return None, words


def tidy_cell(cell: str) -> str:
    """A cell as a draft keeps it: its status mark (as written) and its words, without
    link, emphasis or HTML markup or decoration emoji ("✅🚀" -> "✅")."""
    match = _STATUS_RE.match(cell.strip())
    words = _words_of(cell.strip()[match.end() :] if match else cell)
    if match:
        return f"{match.group(1)} {words}".strip()
    return words


def _value(cell: str) -> str:
    """A cell as option text: its words, or its mark as a word when it has no other words."""
    word, rest = _status(cell)
    return rest or word or ""


def _in_words(cell: str, keep_status: bool) -> str:
    """A cell as option text with its status mark as a word (two-column tables)."""
    word, rest = _status(cell)
    if word is None:
        return rest
    if not keep_status or not rest:
        return rest or word
    if rest.split()[0].strip(".,:;").lower() == word.lower():
        return rest
    return f"{word}: {rest}"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", _value(text).casefold()).strip()


def _quote_all(values: list[tuple[str, str]]) -> str:
    said = [f"{thing} “{value}”" for thing, value in values]
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]


# --------------------------------------------------------------------------- wording


def _lower_first(text: str) -> str:
    """Lowercase capitalised words, not initialisms or mixed case (ORM, WebSockets)."""
    words = [w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in text.split()]
    return " ".join(words)


def _with_article(noun: str) -> str:
    # the head noun decides: "persistence to disk" reads without "a"
    head = re.split(r"\s+(?:to|of|for|with|in|on|by|from|per)\s+", noun)[0]
    last = head.split()[-1].lower() if head.split() else ""
    if last.endswith(_MASS_ENDINGS):
        return noun
    first = noun.lstrip("*_`")[:1]
    word = noun.split()[0]
    # ORM and HTTP are read letter by letter; REST and JSON as words
    initialism = word.isupper() and len(word) > 1 and not re.search("[AEIOU]", word[1:])
    vowel = first in _AN_LETTERS if initialism else first.lower() in "aeiou"
    return f"{'an' if vowel else 'a'} {noun}"


def _plural(noun: str) -> bool:
    last = noun.split()[-1] if noun.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is")) and not last.isupper()


def _a_standard(attr: str) -> bool:
    """A protocol or standard's name ("HTTP/2", "PEP 621 metadata"), supported, not had."""
    first = attr.split()[0] if attr.split() else ""
    return any(ch.isdigit() or ch == "/" for ch in first)


def _adjective(attr_l: str) -> bool:
    """A row named by one adjective ("Multithreaded", "Serverless"): a thing *is* it."""
    return bool(_ADJECTIVE_RE.fullmatch(attr_l)) and not attr_l.endswith("eed")


def _verb_phrase(attr_l: str) -> tuple[str, str] | None:
    """'runs the other's tests' -> ('run', "the other's tests"): a row a thing *does*."""
    words = attr_l.split()
    if len(words) < 2:
        return None
    first = words[0]
    if first not in _VERBS and not (
        first.endswith("s") and not first.endswith("ss") and words[1] in _VERB_FOLLOWERS
    ):
        return None
    irregular = {"has": "have", "does": "do", "is": "be"}
    if first in irregular:
        base = irregular[first]
    elif first.endswith("ies"):
        base = first[:-3] + "y"
    elif first.endswith(("sses", "shes", "ches", "xes")):
        base = first[:-2]
    else:
        base = first[:-1]
    return base, " ".join(words[1:])


def _has(attr_l: str) -> str:
    """'has an admin interface' / 'supports async' / 'supports HTTP/2'."""
    topic = re.sub(r"\s+support$", "", attr_l, flags=re.I) or attr_l
    if topic != attr_l or _a_standard(attr_l) or _with_article(attr_l) == attr_l:
        return f"support {topic}"
    return f"have {_with_article(attr_l)}"


# Row names asked as "What is FastAPI best used for?" / "Which … is best used for …?".
_USE_RE = re.compile(r"(?:(?:best|main|typical|primary|ideal) )?(?:use|uses|use cases?|used for)")
# Head nouns of rows a thing uses ("What server interface does Flask use?") or follows
# ("What specification does ASGI follow?"); any other row is one it has.
_USE_NOUNS = frozenset(
    {
        *("interface", "protocol", "model", "callable", "language", "engine", "format"),
        *("algorithm", "runtime", "transport", "storage", "backend", "syntax", "strategy"),
        *("approach", "architecture", "paradigm", "pattern", "mechanism", "scheduler"),
        *("driver", "server", "database"),
    }
)
_ADJECTIVE_RE = re.compile(r"[a-z][\w-]*(?:ed|able|ible|ful|less|ous)")
_VERBS = frozenset({"supports", "runs", "works", "needs", "has", "uses", "requires", "ships"})
_VERB_FOLLOWERS = frozenset(
    {"the", "a", "an", "its", "their", "on", "in", "outside", "with", "without", "as"}
)
_EXAMPLE_RE = re.compile(r"examples?(?: of)? (.+)")
_FOLLOW_NOUNS = frozenset({"specification", "spec", "standard", "convention", "versioning"})


def _status_word(cell: str) -> tuple[str | None, str]:
    """A cell's yes / partly / no, from a mark or a word ("Built in", "None"), and its note."""
    word, rest = _status(cell)
    if word is None and _YES_RE.match(rest):
        return "Yes", ""
    if word is None and _NO_RE.match(rest):
        return "No", ""
    return word, rest


def _topic(attr_l: str) -> str:
    return re.sub(r"\s+support$", "", attr_l, flags=re.I) or attr_l


def _is_support(attr_l: str) -> bool:
    """Whether the row is a thing supported ("async support", "HTTP/2", "data validation")
    rather than a thing had ("an ORM", "an admin interface")."""
    return _has(attr_l).startswith("support ")


def _which_status_prompt(noun: str, attr_l: str, word: str, note: str, row: _Row) -> str:
    """'Which framework has an ORM built in?' / '… has no data validation built in?' /
    '… supports async natively?' / '… supports templates only partly?': the one thing
    whose mark no other thing in the row shares, asked by its mark (the note explains)."""
    built = " built in" if row.built_in else ""
    verb = _verb_phrase(attr_l)
    if _adjective(attr_l) or verb:
        if word == "Yes":
            return f"Which {noun} {attr_l if verb else 'is ' + attr_l}?"
        if word == "No":
            return f"Which {noun} {' '.join(verb) if verb else attr_l}?".replace(
                f"{noun} ", f"{noun} does not " if verb else f"{noun} is not ", 1
            )
        return f"Which {noun} {'only partly ' + attr_l if verb else 'is only partly ' + attr_l}?"
    if word == "Yes":
        if built:
            return f"Which {noun} has {_with_article(attr_l)}{built}?"
        if re.match(r"(?i)native", note):
            how = " natively"
        else:
            how = " fully" if "Partly" in row.words else ""
        verb = _has(attr_l).replace("have ", "has ", 1).replace("support ", "supports ", 1)
        return f"Which {noun} {verb}{how}?"
    if word == "No":
        if built or not _is_support(attr_l):
            return f"Which {noun} has no {attr_l}{built}?"
        return f"Which {noun} does not support {_topic(attr_l)}?"
    return f"Which {noun} supports {_topic(attr_l)} only partly?"


def _which_value_prompt(noun: str, attr_l: str, shown: str) -> str:
    """'Which framework's learning curve is “Easy”?' / 'Which framework is best used for …?'."""
    if _adjective(attr_l):
        return f"Which {noun} has “{shown}” for {attr_l}?"
    if _verb_phrase(attr_l):
        return f"Which {noun} {attr_l}: “{shown}”?"
    if re.fullmatch(r"(?:best|ideal|good|great) for", attr_l):
        return f"Which {noun} is {attr_l} “{shown}”?"
    if _USE_RE.fullmatch(attr_l):
        return f"Which {noun} is {'best ' if 'best' in attr_l else ''}used for “{shown}”?"
    if _PARTICIPLE_RE.match(attr_l):
        return f"Which {noun} is {attr_l} “{shown}”?"
    example = _EXAMPLE_RE.fullmatch(attr_l)
    if example:
        return f"Which {noun} has “{shown}” as example {example.group(1)}?"
    verb = "are" if _plural(attr_l) else "is"
    return f"Which {noun}'s {attr_l} {verb} “{shown}”?"


def _yes_no_prompt(thing: str, attr_l: str, row: _Row) -> str:
    """'Does Flask have authentication built in?' / 'Does FastAPI support async?'."""
    verb = _verb_phrase(attr_l)
    if verb:
        return f"Does {thing} {' '.join(verb)}?"
    if _adjective(attr_l):
        return f"Is {thing} {attr_l}?"
    if row.built_in:
        return f"Does {thing} have {_with_article(attr_l)} built in?"
    return f"Does {thing} {_has(attr_l)}?"


def _value_prompt(thing: str, attr_l: str, status_row: bool) -> str | None:
    """'What learning curve does Django have?' / 'Which server interface does Flask use?' /
    'How does Django handle authentication?' (a row of marks with notes); None for a row
    that says what a thing does ("Runs the other's tests"), asked only "does it"."""
    if _verb_phrase(attr_l):
        return None
    if _adjective(attr_l):
        return f"How {attr_l} is {thing}?"
    if status_row:
        if _is_support(attr_l):
            return f"How does {thing} handle {_topic(attr_l)}?"
        return f"What does {thing} offer as {_with_article(attr_l)}?"
    if _PARTICIPLE_RE.match(attr_l):
        return f"What is {thing} {attr_l}?"
    if re.fullmatch(r"(?:best|ideal|good|great) for", attr_l):
        return f"What is {thing} {attr_l}?"
    if _USE_RE.fullmatch(attr_l):
        return f"What is {thing} {'best ' if 'best' in attr_l else ''}used for?"
    if attr_l in ("performance", "speed"):
        return f"How does {thing} perform?"
    example = _EXAMPLE_RE.fullmatch(attr_l)
    if example:
        return f"Which of these are example {example.group(1)} for {thing}?"
    head = attr_l.split()[-1].lower() if attr_l.split() else ""
    verb = "use" if head in _USE_NOUNS else "follow" if head in _FOLLOW_NOUNS else "have"
    return f"What {attr_l} does {thing} {verb}?"


def _a_case(phrase: str) -> str:
    """'a full web app with …', 'an e-commerce site or CMS': the article its head noun takes."""
    head = re.split(r"\s+(?:with|or|and|where|for|that|in|on|over|to)\s+", phrase)[0]
    if not head or head.split()[0].lower() in ("a", "an", "the") or _with_article(head) == head:
        return phrase
    return _with_article(head).split()[0] + " " + phrase


def _two_column_prompt(lead: str, cell: str, noun: str) -> str:
    lead = clean_cell(lead).strip().rstrip(".…:").strip()
    case = _a_case(_lower_first(clean_cell(cell)).rstrip("."))
    if re.match(r"(?i)if\b|when\b", lead):
        return f"{lead} {case}, which {noun} fits best?"
    return f"Which {noun} fits best for {case}?"


def _escape_cell(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def _row_table(headers: list[str], cells: list[str]) -> str:
    """The whole row as a small Markdown table, for the explanation."""
    return "\n".join(
        (
            "| " + " | ".join(_escape_cell(h) or " " for h in headers) + " |",
            "|" + " --- |" * len(headers),
            "| " + " | ".join(_escape_cell(c) or " " for c in cells) + " |",
        )
    )


def _is_list(text: str) -> bool:
    """A list of short items ("Flask, Django"), commas inside code or parentheses not
    counted; a clause after a comma ("A spec, maintained in …") is no list."""
    parts = re.sub(r"`[^`]*`|\([^()]*\)", "", text).split(",")
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)


def _unlike(cell: str, answer: str) -> tuple[int, int, int, int]:
    """How unlike ``answer`` a cell looks, for choosing plausible distractors: a list
    with a list, code with code, marks with marks, then similar length."""
    return (
        _is_list(cell) != _is_list(answer),
        ("`" in cell) != ("`" in answer),
        (_status(cell)[0] is None) != (_status(answer)[0] is None),
        abs(len(_value(cell)) - len(_value(answer))),
    )


def _alike(cell: str, answer: str) -> bool:
    """Whether a cell of another row looks the same kind of value as ``answer`` (a list
    with a list, code with code, marks with marks, similar length)."""
    short, long = sorted((len(_value(cell)), len(_value(answer))))
    return _unlike(cell, answer)[:3] == (False, False, False) and long <= 2 * max(short, 1)


def _kind_of(attr: str) -> str:
    """What a row's values are, by its name's last word: "port" for "Default port" and
    "Admin ports", "servers" and "frameworks" apart ("Example servers")."""
    words = re.findall(r"[a-z0-9]+", clean_cell(attr).lower())
    return words[-1].removesuffix("s") if words else ""


def names_answer(text: str, name: str) -> bool:
    """Whether ``text`` contains ``name`` as a word (case-insensitive): it gives itself away."""
    key = re.sub(r"[\W_]+", " ", name.casefold()).strip()
    words = re.sub(r"[\W_]+", " ", text.casefold())
    return bool(key) and re.search(rf"(?<![a-z0-9]){re.escape(key)}(?![a-z0-9])", words) is not None


def _phrase_around(text: str, name: str) -> str | None:
    """``text`` without the parentheses that name ``name``; None when it still names it."""
    if not names_answer(text, name):
        return text
    trimmed = _PAREN_RE.sub(lambda m: "" if names_answer(m.group(0), name) else m.group(0), text)
    trimmed = trimmed.strip()
    return None if not trimmed or names_answer(trimmed, name) else trimmed


# --------------------------------------------------------------------------- one row


@dataclass
class _Row:
    """One row of a table of three or more columns, read once for all its questions."""

    spec: TableSpec
    line: int
    cells: list[str]
    pairs: list[tuple[str, str]]  # (compared thing, its non-empty cell)
    attr: str = ""
    attr_l: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # how many cells say each value
    words: list[str | None] = field(default_factory=list)  # each cell's yes / partly / no
    status_row: bool = False  # every cell carries a mark
    built_in: bool = False  # some cell says "built in" or "included"

    def __post_init__(self) -> None:
        self.attr = self.cells[0]
        self.attr_l = _lower_first(clean_cell(self.attr)).rstrip(":?.")
        for _h, c in self.pairs:
            self.counts[_norm(c)] = self.counts.get(_norm(c), 0) + 1
        self.words = [_status_word(c)[0] for _h, c in self.pairs]
        self.status_row = all(_status(c)[0] for _h, c in self.pairs)
        self.built_in = any(
            re.search(r"(?i)\bbuilt[- ]in\b|\bincluded\b", _value(c)) for _h, c in self.pairs
        )


@dataclass
class _Ask:
    """One way to ask a fact: a prompt and its options."""

    prompt: str
    options: list[Option]
    which: bool = False  # the options are the compared things
    typed: Recall | None = None  # asked without options (see ``table_recall``)

    @property
    def key(self) -> frozenset[str]:
        return frozenset(" ".join(o.text_md.casefold().split()) for o in self.options)


def _facts(base: str, row: _Row) -> list[tuple[str, str, str]]:
    """The row's facts to drill, as (thing, cell, id suffix), the ones earlier versions
    asked under the same ids: with two things the two facts mirror each other, so one
    (``--what``); where some things share a value, each thing that stands out
    (``--which``); where every cell differs, each thing (``--what``)."""
    if len(row.pairs) == 2:
        thing, cell = row.pairs[zlib.crc32(base.encode()) % 2]
        return [(thing, cell, "what")]
    if max(row.counts.values()) >= 2:
        return [(h, c, "which") for h, c in row.pairs if row.counts[_norm(c)] == 1]
    return [(h, c, "what") for h, c in row.pairs]


def _marks_apart(row: _Row, cell: str) -> bool:
    """Whether the cell's mark is one no other cell of a row of marks carries."""
    word = _status_word(cell)[0]
    return row.status_row and word is not None and row.words.count(word) == 1


def _subsets(things: list[str], answer: str) -> list[list[str]]:
    """The compared things as options (at most five, the answer kept), then each set
    with one wrong thing fewer while three are left."""
    others = [t for t in things if t != answer][: MAX_OPTIONS - 1]
    full = [t for t in things if t == answer or t in others]
    sets = [full]
    if len(full) >= 4:
        sets += [[t for t in full if t != left_out] for left_out in others]
    return sets


_SEARCH_BUDGET = 5000  # assignments tried before settling for fewer questions


def _assign(asks: list[list[_Ask]]) -> list[_Ask | None]:
    """One ask per fact, in order of preference, no two with the same option set (a
    typed one has none); a fact that cannot get one gets None (searched first for a way
    that asks every fact)."""
    tried = 0

    def every(i: int, used: frozenset[frozenset[str]]) -> list[_Ask] | None:
        nonlocal tried
        if i == len(asks):
            return []
        for ask in asks[i]:
            tried += 1
            if tried > _SEARCH_BUDGET:
                return None
            if ask.typed or ask.key not in used:
                rest = every(i + 1, used | {ask.key})
                if rest is not None:
                    return [ask, *rest]
        return None

    found = every(0, frozenset())
    if found is not None:
        return list(found)
    chosen: list[_Ask | None] = []
    used: set[frozenset[str]] = set()
    for choices in asks:
        ask = next((a for a in choices if a.typed or a.key not in used), None)
        if ask is not None:
            used.add(ask.key)
        chosen.append(ask)
    return chosen


def _unasked(row: _Row, thing: str, cell: str, noun: str) -> str:
    """Why a fact of the row gave no question, and what to change."""
    if names_answer(row.attr, _value(cell)):
        return (
            f"table cell {cell!r} ({thing}) only repeats its row's name {row.attr!r}, so "
            "no question can ask it without giving it away: question skipped, reword the cell"
        )
    if _phrase_around(_value(cell), thing) is None:
        return (
            f"table cell {cell!r} names its own column {thing!r}, so 'which {noun}' and its "
            "option would give the answer away: question skipped, reword the cell"
        )
    return (
        f"table cell {cell!r} ({thing}) gives no question: every way to ask it would "
        "offer the options of another question from this row; add a row to draw options "
        "from, or reword the cell"
    )


def _right(options: list[Option]) -> str:
    return next(o.text_md for o in options if o.correct)


def _explanation(row: _Row, thing: str, cell: str, which: bool) -> str:
    """Why, in words: what the comparison gives ``thing`` and each other thing."""
    said = _in_words(cell, keep_status=row.status_row)
    others = [(h, _in_words(c, keep_status=row.status_row)) for h, c in row.pairs if h != thing]
    why = (
        f"The comparison gives the {row.attr_l} of {thing} as “{said}”, against "
        f"{_quote_all(others)}"
    )
    return why + (f": {thing} is the one that stands out." if which else ".")


# --------------------------------------------------------------------------- generation


class _Builder:
    def __init__(self, spec: TableSpec):
        self.spec = spec
        self.out = TableQuestions()
        self.noun = spec.compare.strip() if spec.compare else "one"

    def error(self, line: int, message: str) -> None:
        self.out.errors.append(Diagnostic(self.spec.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.out.warnings.append(Diagnostic(self.spec.path, line, message))

    def question(
        self,
        qid: str,
        line: int,
        prompt: str,
        options: list[Option],
        explanation: str,
        typed: Recall | None = None,
    ) -> None:
        self.out.questions.append(
            Question(
                id=qid,
                kind=typed.kind if typed else "single",
                prompt_md=prompt,
                topic_slug=self.spec.topic_slug,
                options=options,
                answers=typed.answers if typed else [],
                key_points=typed.key_points if typed else [],
                misconceptions=typed.misconceptions if typed else [],
                explanation_md=explanation,
                source_line=line,
                generated_from=f"table:{self.spec.line}",
            )
        )

    # -- three or more columns: attribute | thing | thing ...

    def many(self) -> None:
        headers = self.spec.headers
        things = headers[1:]
        for line, cells in self.spec.rows:
            attr = cells[0]
            if not attr:
                self.warn(line, "table row has an empty first cell, so it generates no questions")
                continue
            if not slugify(attr):
                self.error(
                    line,
                    f"table row {attr!r} has no letters or digits in its first cell to build "
                    "question ids from: rename it",
                )
                continue
            pairs = [(h, c) for h, c in zip(things, cells[1:], strict=True) if c]
            empty = [h for h, c in zip(things, cells[1:], strict=True) if not c]
            if empty:
                self.warn(
                    line,
                    f"empty table cell(s) for {', '.join(empty)}: left out of this row's questions",
                )
            if len(pairs) < 2:
                continue  # the empty cells were warned about: nothing to choose between
            keys = {_norm(c) for _h, c in pairs}
            if "" in keys:
                self.warn(
                    line,
                    "table cell(s) hold only emoji, which no option can say in words: "
                    "row skipped, write the values in words",
                )
                continue
            if len(keys) < 2:
                written = {"".join(c.split()) for _h, c in pairs}
                if len(written) > 1:
                    self.error(
                        line,
                        f"table cells {' and '.join(repr(c) for c in sorted(written))} differ "
                        "only by emoji, which no option can say in words: write the "
                        "difference in words or make the cells equal",
                    )
                continue  # all equal: nothing to tell apart
            if any(len(_value(c)) > MAX_OPTION_CHARS for _h, c in pairs):
                self.warn(
                    line,
                    f"table cells over {MAX_OPTION_CHARS} characters are too long for options: "
                    "row skipped, ask it as an open question",
                )
                continue
            self._row(_Row(self.spec, line, cells, pairs))

    def _row(self, row: _Row) -> None:
        """Every fact of the row asked once: one asks what a thing has, the others which
        thing has a value; no two offer the same values as options."""
        base = f"{self.spec.topic_slug}--{slugify(row.attr)}"
        facts = _facts(base, row)
        # Facts a mark of their own sets apart ask "which framework has …" best, so they
        # choose first; of the others, where the row has two facts or more, one (by the
        # row's id, so it stays put) is asked "what does it have", the values as options.
        apart = [_marks_apart(row, cell) for _thing, cell, _suffix in facts]
        start = zlib.crc32(base.encode()) % max(len(facts), 1)
        rotated = facts[start:] + facts[:start]
        what_fact = next((f for f in rotated if not apart[facts.index(f)]), None)
        if len(facts) < 2:
            what_fact = None
        order = sorted(range(len(facts)), key=lambda i: (not apart[i], facts[i] == what_fact))
        asks = [self._asks(row, *facts[i][:2], facts[i] == what_fact) for i in order]
        for i, ask in zip(order, _assign(asks), strict=True):
            thing, cell, suffix = facts[i]
            if ask is None:
                self.warn(row.line, _unasked(row, thing, cell, self.noun))
                continue
            self.question(
                f"{base}--{slugify(thing)}--{suffix}",
                row.line,
                ask.prompt,
                ask.options,
                _explanation(row, thing, cell, ask.which)
                + "\n\n"
                + _row_table(self.spec.headers, row.cells),
                ask.typed,
            )

    def _asks(self, row: _Row, thing: str, cell: str, what_first: bool) -> list[_Ask]:
        """The ways to ask that ``thing`` has ``cell``, best first: which thing has it (the
        compared things as options), does it have it (Yes / Partly / No, a row of marks),
        what it has (the row's values as options) — "what" first for ``what_first`` —;
        then the same with one option fewer; last, what it has typed, without options
        (where both option sets of the row are taken: see ``table_recall``)."""
        things = [h for h, _c in row.pairs]
        prompt = self._which_prompt(row, thing, cell)
        which: list[_Ask] = []
        if len(things) >= 3 and prompt is not None:
            sets = [[Option(h, h == thing) for h in s] for s in _subsets(things, thing)]
            which = [_Ask(prompt, s, which=True) for s in sets]
        what: list[_Ask] = []
        if row.status_row:
            word = _status_word(cell)[0]
            yes_no = [Option(w, w == word) for w in ("Yes", "Partly", "No")]
            what.append(_Ask(_yes_no_prompt(thing, row.attr_l, row), yes_no))
        value_prompt = _value_prompt(thing, row.attr_l, row.status_row)
        value: list[_Ask] = []
        # a row of marks offers its notes, so only where every cell has one (a bare
        # "Yes" among notes would be a mark in words, not a value)
        if value_prompt and (not row.status_row or all(_status_word(c)[1] for _h, c in row.pairs)):
            value = [_Ask(value_prompt, s) for s in self._value_sets(row, thing, cell)]
        what += value[:1]
        best = what + which[:1] if what_first else which[:1] + what
        asks = best + which[1:] + value[1:]
        # no prompt that contains its own answer ("What routing does X have?" → "routing")
        asks = [a for a in asks if not names_answer(a.prompt, _right(a.options))]
        return asks + self._typed(row, thing, cell, value_prompt)

    def _typed(self, row: _Row, thing: str, cell: str, prompt: str | None) -> list[_Ask]:
        """What ``thing`` has, typed: for a row of values (a mark is no recall), asked
        as its options would be, except "which of these" lists."""
        right = _phrase_around(_value(cell), thing)
        if row.status_row or prompt is None or right is None or not _norm(right):
            return []
        if names_answer(prompt, right):
            return []
        example = _EXAMPLE_RE.fullmatch(row.attr_l)
        if example:
            prompt = f"Name the example {example.group(1)} for {thing}."
        others = [
            (owner, text)
            for owner, other in row.pairs
            if owner != thing
            and (text := _phrase_around(_value(other), owner))
            and _norm(text) != _norm(right)
        ]
        typed = recall(thing, row.attr_l, right, prompt, others, _is_list(right))
        return [_Ask(typed.prompt, [], typed=typed)]

    def _which_prompt(self, row: _Row, thing: str, cell: str) -> str | None:
        """'Which framework …?' for the thing whose cell no other in the row shares."""
        if row.counts[_norm(cell)] != 1:
            return None
        word, note = _status_word(cell)
        # a mark no other cell carries (a bare "Yes" / "Built-in" / "No" too): asked by it
        if _marks_apart(row, cell) or (word and not note and row.words.count(word) == 1):
            return _which_status_prompt(self.noun, row.attr_l, word or "", note, row)
        if word and not note:
            return None  # a bare mark another cell carries too: "which" has two answers
        shown = _phrase_around(_value(cell), thing)
        if shown is None or _norm(shown) == _norm(row.attr):
            return None  # it would give the answer away, or ask "whose routing is routing"
        if row.status_row:
            return f"Which {self.noun} is marked “{word}: {shown}” for {row.attr_l}?"
        return _which_value_prompt(self.noun, row.attr_l, shown)

    def _value_sets(self, row: _Row, thing: str, cell: str) -> list[list[Option]]:
        """Option sets of the row's values for "what does ``thing`` have": the row (up to
        five, topped up to three from rows of the same kind), then each with one wrong
        value fewer while three are left."""
        right = _phrase_around(_value(cell), thing)
        if right is None or not _norm(right):
            return []
        seen = {_norm(row.attr), _norm(right)}
        # In the row's order, so the right option's place tells nothing.
        entries: list[Option] = []
        for owner, other in row.pairs:
            text = right if owner == thing else _phrase_around(_value(other), owner)
            if owner != thing:
                if text is None or not _norm(text) or _norm(text) in seen:
                    continue
                seen.add(_norm(text))
            entries.append(Option(text, owner == thing))
        wrong = [o for o in entries if not o.correct][: MAX_OPTIONS - 1]
        base = [o for o in entries if o.correct or o in wrong]
        # Topped up to three from the same column of rows of the same kind ("Admin port"
        # for "Default port"), the most alike first; another kind of row is another
        # category (servers offered as frameworks, a concurrency model as a spec).
        column = self.spec.headers.index(thing)
        kind = _kind_of(row.attr)
        extra: list[Option] = []
        for other in sorted(
            (
                r[column]
                for _l, r in self.spec.rows
                if r[column] and r is not row.cells and _kind_of(r[0]) == kind
            ),
            key=lambda c: _unlike(c, cell),
        ):
            text = _phrase_around(_value(other), thing)
            if (
                _alike(other, cell)
                and text is not None
                and _norm(text)
                and _norm(text) not in seen
                and len(text) <= MAX_OPTION_CHARS
            ):
                seen.add(_norm(text))
                extra.append(Option(text, False))
        while len(base) < 3 and extra:
            base.append(extra.pop(0))
        if len(base) < 2:
            return []  # no wrong option left once cells naming their own column are out
        sets = [base]
        if len(base) >= 4:
            sets += [[o for o in base if o is not w] for w in base if not w.correct]
        return sets

    # -- two columns: prompt | answer

    def two(self) -> None:
        headers = self.spec.headers
        usable: list[tuple[int, str, str]] = []
        for line, cells in self.spec.rows:
            prompt, answer = cells[0], cells[1]
            if not prompt or not answer:
                self.warn(line, "table row has an empty cell, so it generates no question")
                continue
            usable.append((line, prompt, answer))
        distinct: list[str] = []
        for _line, _prompt, answer in usable:
            if answer not in distinct:
                distinct.append(answer)
        if usable and len(distinct) < 2:
            self.error(
                self.spec.line,
                "two-column table needs at least two different answers (second column) "
                "to make choices from",
            )
            return
        keep_status = len({_status(a)[0] for a in distinct}) > 1
        for line, prompt, answer in usable:
            slug = slugify(prompt)
            if not slug:
                self.error(
                    line,
                    f"table row {prompt!r} has no letters or digits in its first cell to build "
                    "a question id from: rename it",
                )
                continue
            if names_answer(prompt, _status(answer)[1] or answer):
                self.warn(
                    line,
                    f"table row {prompt!r} names its own answer {answer!r}: question skipped, "
                    "reword the row",
                )
                continue
            if len(_in_words(answer, keep_status)) > MAX_OPTION_CHARS:
                self.warn(
                    line,
                    f"table cell {answer[:40]!r}… is over {MAX_OPTION_CHARS} characters, too "
                    "long for an option: question skipped",
                )
                continue
            wrong = [a for a in distinct if a != answer]
            wrong.sort(key=lambda a: _unlike(a, answer))
            kept = {answer, *wrong[: MAX_OPTIONS - 1]}
            right = _in_words(answer, keep_status)
            self.question(
                f"{self.spec.topic_slug}--{slug}",
                line,
                _two_column_prompt(headers[0], prompt, self.noun),
                [Option(_in_words(a, keep_status), a == answer) for a in distinct if a in kept],
                f"The comparison answers “{clean_cell(prompt)}” with {right}.\n\n"
                + _row_table(headers, [prompt, answer]),
            )


def generate(spec: TableSpec) -> TableQuestions:
    """The questions a well-formed table yields (the parser checked its shape), with
    the diagnostics about its rows. Ids are not claimed here: the parser does that."""
    builder = _Builder(spec)
    if len(spec.headers) >= 3:
        builder.many()
    elif len(spec.headers) == 2:
        builder.two()
    return builder.out
