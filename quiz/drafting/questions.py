"""Questions drafted from an article's parts: definitions, typed lists and "when to use".

Each function returns :class:`DraftQuestion` objects (or nothing) and never fails on odd
input: whatever it cannot turn into a sound question becomes a ``todo`` for a human.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from quiz.banks.lint import common_word, prompt_words_only

from .article import Paragraph, Section, plain, strip_decoration
from .claims import claims
from .furniture import MAX_OPTIONS, fits_option

_PROMPTS = {
    "pros": ("Which of these are advantages of {s}?", "Which of these is an advantage of {s}?"),
    "cons": ("Which of these are drawbacks of {s}?", "Which of these is a drawback of {s}?"),
    "uses": (
        "Which of these are typical use cases for {s}?",
        "Which of these is a typical use case for {s}?",
    ),
    "features": ("Which of these are features of {s}?", "Which of these is a feature of {s}?"),
    "reasons": (
        "Which of these are reasons to choose {s}?",
        "Which of these is a reason to choose {s}?",
    ),
}
_KIND_WORDS = {
    "pros": "advantages",
    "cons": "drawbacks",
    "uses": "use cases",
    "features": "features",
    "reasons": "reasons",
}
_QUOTE_LEADS = {
    "pros": "advantages of {s}",
    "cons": "drawbacks of {s}",
    "uses": "use cases for {s}",
    "features": "features of {s}",
    "reasons": "reasons to choose {s}",
}
OPPOSITE = {"pros": "cons", "cons": "pros"}
_CHUNK = 3  # most right options per multiple-select question
_MAX_EXAMINED = 60  # candidate distractors looked at per list: keeps long articles linear
_STOPWORD_TEXT = (
    "a an and are as at be by for from in is it its of on or the to with "
    "your you only very more less than can that this etc e g like"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WEAK_LEADS = frozenset(["great", "good", "built", "based", "uses", "using", "allowing"])
_DEFINITION_RE = re.compile(
    r"^(?:the\s+)?(?P<subject>[^.,;:]{1,60}?)\s+(?:is|are)\s+(?:a|an|the)\s+(?P<rest>.+)$",
    re.I | re.S,
)
_HEAD_NOUN_RE = re.compile(
    r"\b(framework|library|database|broker|platform|language|engine|server|service|tool|"
    r"system|queue|protocol|format|runtime|toolkit|store)s?\b",
    re.I,
)
_NOUN_PHRASE_RE = re.compile(
    r"\b(?:[\w+#./-]+[ -]){0,2}(?:framework|library|database|broker|platform|engine|server|"
    r"service|system|queue|protocol|store|development|design|APIs?|websites?|apps?|"
    r"applications?|documentation|type hints|support)\b",
    re.I,
)
_ACRONYM_RE = re.compile(r"\b([A-Z][A-Z0-9]{1,7})\s*\(([^()]{4,80})\)")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_`])")
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#.-]*")


@dataclass
class DraftMisconception:
    phrasings: list[str]
    why: str


@dataclass
class DraftQuestion:
    id: str
    prompt: str
    kind: str  # single | multiple | short | open
    options: list[tuple[str, bool]] = field(default_factory=list)
    answer: list[str] = field(default_factory=list)  # short answer alternatives
    key_points: list[list[str]] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)  # Markdown lines of the quote
    todos: list[str] = field(default_factory=list)
    drills: list[str] = field(default_factory=list)  # what of the article it drills
    subject: str = ""  # what an open question asks about
    misconceptions: list[DraftMisconception] = field(default_factory=list)


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """Content words of a phrase, for telling near-duplicates apart."""
    tokens = _WORD_RE.findall(plain(text).lower())
    return frozenset(t.strip(".") for t in tokens if t not in _STOPWORDS and len(t) > 1)


def similar(a: str, b: str) -> bool:
    return _similar(a, words(a), b, words(b))


def _similar(a: str, wa: frozenset[str], b: str, wb: frozenset[str]) -> bool:
    if not wa or not wb:
        return plain(a).lower() == plain(b).lower()
    overlap = len(wa & wb)
    # overlap / min(len) >= 0.5, in integers
    return overlap >= 2 or 2 * overlap >= min(len(wa), len(wb))


class Phrases:
    """Phrases (a subject's items) indexed by their content words, to ask whether a new
    phrase is ``similar`` to any of them.

    A phrase with content words is only similar to phrases sharing one of them (a
    phrase without any cannot have its plain text), so it is compared with those alone,
    not with all: drawing distractors stays linear in a long article.
    """

    def __init__(self) -> None:
        self._all: list[str] = []
        self._by_word: dict[str, list[tuple[str, frozenset[str]]]] = {}

    def add(self, phrase: str) -> None:
        found = words(phrase)
        self._all.append(phrase)
        for word in found:
            self._by_word.setdefault(word, []).append((phrase, found))

    def resemble(self, phrase: str) -> bool:
        """``any(similar(phrase, p) for p in these phrases)``."""
        found = words(phrase)
        if not found:
            return any(similar(phrase, p) for p in self._all)
        sharing = (pair for word in found for pair in self._by_word.get(word, ()))
        return any(_similar(phrase, found, p, wp) for p, wp in sharing)


def option_text(markdown_inline: str) -> str:
    """A list item or cell as an option: one line, no emphasis (a cue), no leading mark."""
    text = strip_decoration(markdown_inline.replace("\n", " "))
    text = re.sub(r"^\[[ xX]\]\s*", "", text)
    return text or plain(markdown_inline)


def mentions(text: str, name: str) -> bool:
    return bool(name) and _name_pattern(name).search(plain(text)) is not None


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)


# --------------------------------------------------------------------------- definitions


def definition_subject(paragraph: Paragraph) -> str | None:
    m = _DEFINITION_RE.match(plain(paragraph.source))  # a name, not "Hugo builds … because it"
    return m.group("subject").strip() if m and len(m.group("subject").split()) <= 4 else None


def head_noun(paragraph: Paragraph) -> str | None:
    """ "framework" for "Flask is a lightweight micro web framework ..."."""
    m = _DEFINITION_RE.match(plain(paragraph.source))
    if not m:
        return None
    first_sentence = _SENTENCE_RE.split(m.group("rest"))[0]
    noun = _HEAD_NOUN_RE.search(first_sentence)
    return noun.group(1).lower() if noun else None


def definition_question(qid: str, subject: str, paragraph: Paragraph) -> DraftQuestion:
    """An open question whose key points are the paragraph's bold terms and noun phrases."""
    text = plain(paragraph.source)
    points: list[list[str]] = []
    seen: list[str] = []

    def add(*phrasings: str) -> None:
        cleaned = [p.strip(" ,.;:") for p in phrasings if p.strip(" ,.;:")]
        cleaned = [p for p in cleaned if not mentions(subject, p) and p.lower() != "python"]
        cleaned = [p for p in cleaned if not common_word(p)]  # "design": no claim
        if not cleaned or any(similar(cleaned[0], s) for s in seen) or len(points) >= 6:
            return
        seen.append(cleaned[0])
        points.append(list(dict.fromkeys(cleaned)))

    expansions = {m.group(1): m.group(2) for m in _ACRONYM_RE.finditer(text)}
    bold, code = paragraph.bold_and_code()
    for term in bold + code:
        term = plain(term)
        alternatives = [term]
        if term in expansions:
            alternatives.append(expansions[term])
        if term.lower().endswith("-based"):
            alternatives.append(term[: -len("-based")])  # "WSGI-based" -> "WSGI"
        if len(term.split()) > 2:
            alternatives.append(" ".join(term.split()[-2:]))
        add(*alternatives)
    for acronym, expansion in expansions.items():
        add(acronym, expansion)
    for m in _NOUN_PHRASE_RE.finditer(text):
        tokens = m.group(0).split()  # from its last function word: "leaves the database"
        inner = [i + 1 for i, t in enumerate(tokens) if t.lower() in _STOPWORDS | {"into"}]
        tokens = tokens[max(inner, default=0) :]  # is "database", no claim
        while tokens and tokens[0].lower() in _WEAK_LEADS:
            tokens.pop(0)
        phrase = " ".join(tokens)
        if len(tokens) >= 2 and not mentions(phrase, subject):
            add(phrase, " ".join(tokens[-2:]) if len(tokens) > 2 else tokens[-1])
    todos = []
    found_terms = bool(points)
    # what it does, in the article's words: a definition packs several claims a sentence
    for point in claims(paragraph.source, subject, per_sentence=3):
        add(*point)
    if not points:
        points = [[subject]]
    if not found_terms:
        todos.append("no bold terms or noun phrases found: write the key points")
    prompt = f"What is {subject}, and what is it for?"
    todos += weak_points(points, prompt)
    todos.append("check the key points: each should be something a strong answer says")
    model_answer = f"Model answer (from the article, line {paragraph.line}): {paragraph.source}"
    drill = f"definition:{paragraph.line}"
    return open_question(qid, subject, prompt, points, model_answer, todos, drill)


def open_question(
    qid: str,
    subject: str,
    prompt: str,
    points: list[list[str]],
    model_answer: str,
    todos: list[str],
    drill: str,
) -> DraftQuestion:
    """An open question on ``subject`` whose model answer is the article's own text."""
    return DraftQuestion(
        id=qid,
        prompt=prompt,
        kind="open",
        key_points=points,
        explanation=[model_answer],
        todos=todos,
        drills=[drill],
        subject=subject,
    )


def weak_points(points: list[list[str]], prompt: str) -> list[str]:
    """TODOs for the key points the linter would flag: no phrasing but one common word,
    or only words of the prompt (which the grader ignores)."""
    found = []
    for point in points:
        if all(common_word(p) for p in point):
            found.append(f"key point {point[0]!r} is one common word: write the claim")
        elif prompt_words_only(point, prompt):
            found.append(f"key point {point[0]!r} only repeats the prompt: say more")
    return found


# --------------------------------------------------------------------------- typed lists


@dataclass
class SubjectList:
    """The items of one kind (pros, cons, ...) the article gives for one subject."""

    section: Section
    kind: str
    heading: str
    items: list[str]
    lines: list[int]


def list_questions(
    base_id: str,
    own: SubjectList,
    candidates: Iterable[tuple[str, str]],
    own_items: Phrases,
    fallback: list[str],
) -> list[DraftQuestion]:
    """Multiple-select questions over ``own``'s items, at most four right options each.

    ``candidates`` are (item, subject) pairs from the other subjects' lists of the same
    kind, nearest subjects first; only as many as needed are read. An item also true of
    this subject (similar to any of its ``own_items``, or naming it) is never an option.
    ``fallback`` (its opposite list: cons for pros) fills in when candidates run out.
    """
    subject = own.section.subject
    chunks = _chunks([p for p in zip(own.items, own.lines, strict=True) if fits_option(p[0])])
    needed = sum(max(2, min(len(chunk), MAX_OPTIONS - len(chunk))) for chunk in chunks)
    pool: list[tuple[str, str]] = []
    for examined, (candidate, origin) in enumerate(candidates):
        if len(pool) >= needed or examined >= _MAX_EXAMINED:
            break
        if (
            mentions(candidate, subject)
            or own_items.resemble(candidate)
            or any(similar(candidate, p) for p, _o in pool)
            or not fits_option(option_text(candidate))
        ):
            continue
        pool.append((candidate, origin))
    questions: list[DraftQuestion] = []
    for n, chunk in enumerate(chunks, start=1):
        qid = base_id if len(chunks) == 1 else f"{base_id}-{n}"
        want = max(2, min(len(chunk), MAX_OPTIONS - len(chunk)))
        offset = (n - 1) * want
        drawn = (pool[offset:] + pool[:offset])[:want]
        wrong = [item for item, _origin in drawn]
        todos: list[str] = []
        if len(wrong) < want:
            fits = [f for f in fallback if f not in wrong and fits_option(option_text(f))]
            wrong += fits[: want - len(wrong)]
            if fallback:
                todos.append(
                    f"some wrong options are {subject}'s own {_KIND_WORDS[OPPOSITE[own.kind]]}: "
                    "check they read as wrong"
                )
        where = f"{subject} → {own.heading or _KIND_WORDS[own.kind]}"
        lead = _QUOTE_LEADS[own.kind].format(s=subject)
        quote = [f"The article lists these {lead} ({where}):", ""]
        quote += [f"- {item} (line {line})" for item, line in chunk]
        drills = [f"item:{line}" for _item, line in chunk]
        if not wrong:
            questions.append(_open_list_question(qid, own, chunk, quote, drills))
            continue
        many, one = _PROMPTS[own.kind]
        origin = sorted({o for _item, o in drawn})
        if origin:
            quote += ["", f"The wrong options are from {_join(origin)} in the same article."]
        questions.append(
            DraftQuestion(
                id=qid,
                prompt=(many if len(chunk) > 1 else one).format(s=subject),
                kind="multiple" if len(chunk) > 1 else "single",
                options=[(option_text(i), True) for i, _ in chunk]
                + [(option_text(w), False) for w in wrong],
                explanation=quote,
                todos=todos,
                drills=drills,
            )
        )
    return questions


def _open_list_question(
    qid: str, own: SubjectList, chunk: list[tuple[str, int]], quote: list[str], drills: list[str]
) -> DraftQuestion:
    """No wrong options anywhere in the article: ask for the items in the learner's words."""
    subject = own.section.subject
    points = []
    for item, _line in chunk:
        text = option_text(item)
        short = text.split()[:3]
        while len(short) > 1 and short[-1].lower() in _STOPWORDS:
            short.pop()  # "Very flexible and" -> "Very flexible"
        points.append(list(dict.fromkeys([text, " ".join(short)])))
    prompt = f"Name {_KIND_WORDS[own.kind]} of {subject}."
    return DraftQuestion(
        id=qid,
        prompt=prompt,
        kind="open",
        key_points=points,
        explanation=quote,
        todos=[
            "no other subject has such a list to draw wrong options from: check the key points",
            *weak_points(points, prompt),
        ],
        drills=drills,
        subject=subject,
    )


def _chunks(items: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Split into near-equal groups of at most three (5 -> 3 + 2): five options at most."""
    count = -(-len(items) // _CHUNK)
    size = -(-len(items) // count) if count else 0
    return [items[i : i + size] for i in range(0, len(items), size)] if size else []


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
