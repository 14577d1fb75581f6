"""Reading free text for the open-answer grader: words, stems, clauses and negation.

Plain Python. ``read_text`` turns an answer into :class:`Word` s that remember where
they stand in the text (for feedback), their Snowball stem (so "extensions" meets
"extension"), their clause and whether a negation ("not", "no", "never", "isn't",
"without", "rather than", ...) governs them. ``find_phrase`` finds one key-point
phrasing among those words: on stems, in any order within a short window, with
hyphen, slash and space variants treated alike ("I/O bound" = "IO-bound" = "io bound").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, pairwise
from pathlib import Path

import snowballstemmer

# A snowball stemmer keeps the word it is working on in itself, so two threads of a
# threaded worker sharing one corrupt each other's words: one stemmer per thread.
# snowballstemmer hands out PyStemmer's C build of the same algorithm when it is
# installed (requirements.txt): the same stems, grading twice as fast.
_STEMMERS = threading.local()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry grammar, not content: dropped from key-point phrasings when matching
# ("add what you need" is found in "you add the parts you need") and counted to tell a
# sentence from a bare list of keywords.
FUNCTION_WORDS = _words(
    """a an the of to in on at for by with from as into onto about over per via
    is are was were be been being am it its this that these those there here
    and or but so if then than also too very just only even still yet
    i you your we our they their them he she his her my me us
    do does did done can could will would should may might must shall has have had
    which who whom whose what when where why how while whereas because since though
    although however instead each such some any all more most less much many other
    let lets make makes get gets"""
)

# A negation governs the words after it in its clause (up to NEGATION_REACH words)...
NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nothing", "neither", "nor", "without", "cannot", "hardly"}
) | _words(
    """skip skips skipped skipping avoid avoids avoided avoiding unlike lack lacks lacking
    omit omits omitted omitting ignore ignores ignored ignoring
    doesnt dont didnt isnt arent wasnt werent wont cant couldnt wouldnt shouldnt
    hasnt havent hadnt aint"""
)
# "X is irrelevant", "X are unnecessary": these predicates deny their subject.
NEGATING_PREDICATES = _words(
    """irrelevant unnecessary needless pointless useless unimportant overrated obsolete"""
)
# "not metrics, traces or logs": a negation carries over a comma into a short list
# item (at most this many words, no subject or verb of its own).
LIST_ITEM_WORDS = 4
# "unlike Flask, FastAPI ...": a comparison denies only the name right after it.
SHORT_NEGATIONS = {"unlike": 2}
NEGATION_STEM = "\N{NOT SIGN}"
NEGATION_PAIRS = frozenset({("rather", "than"), ("instead", "of")})
NEGATION_REACH = 6
NOT_A_NEGATION_BEFORE = _words("only just merely simply")
# ...and, when it follows an auxiliary ("CPU-bound work does not get faster"), the
# few words before that auxiliary, back to the clause start or an "and"/"or".
AUXILIARIES = _words(
    """is are was were be been do does did can could will would should may might must
    has have had doesn don didn isn aren wasn weren won wouldn shouldn couldn hasn haven
    hadn mustn needn ca get gets got become becomes"""
)
NEGATION_REACH_BACK = 3
# Those words are denied only when the predicate denies them ("locks are not a
# concern", "ASGI doesn't matter"). Before any other denied verb they are its subject,
# whose point is still made ("a retry doesn't charge twice" talks about retries), so
# they count whichever polarity the key point needs (``Word.subject_only``).
DENYING_PREDICATES = _words(
    """is are was were be been being isn aren wasn weren become becomes matter matters
    exist exists apply applies count counts"""
)
# "doesn't" is read as "doesn" + "not" when the "t" follows one of these.
_NT_STEMS = AUXILIARIES | {"ain", "shan"}

# Words that open a new clause, so a negation before them does not reach past them.
CLAUSE_WORDS = _words(
    """but however whereas while although though because since so yet which unlike
    instead otherwise therefore then whilst except"""
)
# "... and it uses an event loop": a new subject after "and"/"or" opens a new clause.
SUBJECTS = _words("it they we you he she this that there i")
_SENTENCE_MARKS = frozenset("!?;")
_LIST_MARKERS = frozenset({"-", "*", "+"})
_CLAUSE_MARKS = frozenset(',:()[]{}—–…"“”')
_APOSTROPHES = frozenset("'’")
# Extra words a multi-word phrasing may have between its words, in any order.
PHRASE_SLACK = 3
# Bound on the words either side looked at, whatever the function words in between,
# so grading stays linear in the answer's length.
MAX_WINDOW = 16


@dataclass(frozen=True)
class Word:
    text: str  # casefolded
    stem: str
    start: int  # offsets into the NFKC-normalised text
    end: int
    clause: int  # sentences and clauses are both counted here: a negation stops at either
    negated: bool = False
    subject_only: bool = False  # negated only as the subject of a denied action verb
    cue: int = -1  # start of the negation word that governs it, if negated
    # clauses joined only by commas share one group: "PATCH, on the other hand, sends
    # the changes" is one claim with an aside (``find_phrase``'s ``across_commas``)
    group: int = 0

    @property
    def is_function(self) -> bool:
        return self.text in FUNCTION_WORDS or self.text in NEGATIONS or self.text in AUXILIARIES


@dataclass(frozen=True)
class Reading:
    text: str  # the NFKC-normalised text the offsets point into
    words: tuple[Word, ...]

    def span(self, words: tuple[Word, ...]) -> str:
        """The original text from the first to the last of ``words``."""
        return self.text[min(w.start for w in words) : max(w.end for w in words)]

    @cached_property
    def stems(self) -> frozenset[str]:
        """Every word's stem."""
        return frozenset(w.stem for w in self.words)

    @cached_property
    def content_stems(self) -> frozenset[str]:
        """The stems of the words that are not function words (what a weak synonym may be)."""
        return frozenset(w.stem for w in self.words if not w.is_function)

    @cached_property
    def joined_stems(self) -> frozenset[str]:
        """The stem of each two neighbours of one clause written together ("rate limit"
        read as "ratelimit")."""
        words = self.words
        return frozenset(stem(a.text + b.text) for a, b in pairwise(words) if a.clause == b.clause)


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    if not word.isalpha():
        return word
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


def _synonym_groups(text: str) -> list[list[str]]:
    """The groups of synonyms.txt: lines of comma-separated words (``#`` starts a comment)."""
    groups = []
    for line in text.splitlines():
        words = [" ".join(w.casefold().split()) for w in line.split("#", 1)[0].split(",")]
        if any(words):
            groups.append([w for w in words if w])
    return groups


def read_synonyms(text: str) -> dict[str, str]:
    """Each word's stem -> the stem of the first word of its group, from lines of
    comma-separated words (``#`` starts a comment); entries of several words are
    ``read_phrase_synonyms``'."""
    canonical: dict[str, str] = {}
    for words in _synonym_groups(text):
        stems = [stem(w) for w in words if " " not in w]
        for other in stems[1:]:
            canonical.setdefault(other, stems[0])
    return canonical


def read_phrase_synonyms(text: str) -> dict[tuple[str, ...], str]:
    """The stems of each entry of several words ("take back") -> the stem its group's
    first word stands for ("revoke"); the group's first entry is a single word."""
    single = read_synonyms(text)
    found: dict[tuple[str, ...], str] = {}
    for words in _synonym_groups(text):
        if " " in words[0]:
            raise ValueError(f"synonyms: {words[0]!r} has several words: put a word first")
        first = stem(words[0])
        for entry in words[1:]:
            if " " in entry:
                found.setdefault(tuple(stem(w) for w in entry.split()), single.get(first, first))
    return found


# Words this domain uses for one another ("quota" for "budget", "replenish" for
# "refill"), so a claim is found in an answer that words it differently.
SYNONYMS = read_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))
# ...and phrases this domain says for one of those words ("take back" for "revoke",
# "run out" for "exhaust"): read as that one word when written side by side.
PHRASE_SYNONYMS = read_phrase_synonyms(SYNONYMS_FILE.read_text(encoding="utf-8"))
PHRASE_SYNONYM_WORDS = max(map(len, PHRASE_SYNONYMS), default=0)


@lru_cache(maxsize=8192)
def _stem_of(word: str) -> str:
    # Every negation word shares one stem, so the phrasing "no session store" is found
    # in "doesn't store sessions" and "does not block" in "never blocks".
    if word in NEGATIONS:
        return NEGATION_STEM
    found = stem(word)
    return SYNONYMS.get(found, found)


ANTONYMS_FILE = Path(__file__).with_name("antonyms.txt")


def read_antonyms(text: str) -> dict[str, frozenset[str]]:
    """Each word's stem (after synonyms) -> the stems of its opposites, from lines of
    comma-separated words with a slash between the two sides (``#`` starts a comment)."""
    opposites: dict[str, set[str]] = {}
    for line in text.splitlines():
        content = line.split("#", 1)[0]
        if not content.strip():
            continue
        sides = content.split("/")
        if len(sides) != 2:
            raise ValueError(f"antonyms: {line!r} needs one '/' between the two sides")
        left, right = (
            {_stem_of(w.strip().casefold()) for w in s.split(",") if w.strip()} for s in sides
        )
        for word in left:
            opposites.setdefault(word, set()).update(right)
        for word in right:
            opposites.setdefault(word, set()).update(left)
    return {word: frozenset(others) for word, others in opposites.items()}


# Words stating the opposite direction ("faster" / "slower"), so a clause that states a
# key point the other way round is told from one that makes it (``quiz.scoring.open_answers``).
ANTONYMS = read_antonyms(ANTONYMS_FILE.read_text(encoding="utf-8"))

# The weaker tier of synonyms.txt: general English from WordNet, built by
# bench/build_wordnet_synonyms.py. Unlike a hand-written group, it never merges stems
# (WordNet's relations are neither transitive nor domain-aware: "store" lists "shop");
# it only lets a key-point word with no hand-written group be found as one of the words
# of its commonest senses (``widen``).
WORDNET_SYNONYMS_FILE = Path(__file__).with_name("wordnet_synonyms.txt")
# Words shorter than this are too ambiguous to widen ("use", "get", "run").
WEAK_SYNONYM_MIN_LETTERS = 4


def read_weak_synonyms(text: str) -> dict[str, frozenset[str]]:
    """Each word's stem -> the stems (after synonyms.txt) of the words it may be found
    as, from lines ``stem: stem, stem`` (``#`` starts a comment). A word that has a
    hand-written group keeps only that group, and a word's antonyms are never its weak
    synonyms. (The build script leaves out grammar words and words under
    WEAK_SYNONYM_MIN_LETTERS letters.)"""
    grouped = set(SYNONYMS) | set(SYNONYMS.values())
    related: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        content = line.split("#", 1)[0]
        if not content.strip():
            continue
        head, sep, others = content.partition(":")
        key = head.strip().casefold()
        if not sep or not key:
            raise ValueError(f"weak synonyms: {line!r} needs a word and a ':' after it")
        if key in grouped:
            continue
        stems = {SYNONYMS.get(o, o) for o in (w.strip().casefold() for w in others.split(",")) if o}
        stems -= {key, *ANTONYMS.get(key, ())}
        if stems:
            related[key] = frozenset(stems)
    return related


@lru_cache(maxsize=1)
def weak_synonyms() -> dict[str, frozenset[str]]:
    """The WordNet table, read on first use (not at import: most processes never grade)."""
    return read_weak_synonyms(WORDNET_SYNONYMS_FILE.read_text(encoding="utf-8"))


def _raw_words(text: str) -> list[tuple[str, int, int, str]]:
    """(word, start, end, separator before it) for every run of letters, digits and
    combining marks; everything else separates."""
    out: list[tuple[str, int, int, str]] = []
    start = None
    previous_end = 0
    for i, ch in enumerate(text + " "):
        if unicodedata.category(ch)[0] in "LNM":
            if start is None:
                start = i
        elif start is not None:
            out.append((text[start:i], start, i, text[previous_end:start]))
            previous_end, start = i, None
    return out


def _merge_letters(raw: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """Join single letters split by "/", "." or "-" ("I/O" -> "io", "e.g." -> "eg")."""
    merged: list[tuple[str, int, int, str]] = []
    for word, start, end, sep in raw:
        if (
            merged
            and len(word) == 1
            and word.isalpha()
            and sep in ("/", ".", "-")
            and merged[-1][0].isalpha()
            and all(len(part) == 1 for part in merged[-1][0].split("\0"))
        ):
            prev_word, prev_start, _, prev_sep = merged[-1]
            merged[-1] = (prev_word + "\0" + word, prev_start, end, prev_sep)
        else:
            merged.append((word, start, end, sep))
    return [(w.replace("\0", ""), s, e, sep) for w, s, e, sep in merged]


def _breaks_line(separator: str) -> bool:
    """A blank line or a new list item ends a clause; a wrapped line does not (model
    answers in a bank are wrapped mid-sentence)."""
    lines = separator.split("\n")
    return len(lines) > 2 or (len(lines) == 2 and lines[1].strip() in _LIST_MARKERS)


def _opens_clause(separator: str, word: str, previous: str) -> bool:
    return (
        any(c in _SENTENCE_MARKS or c in _CLAUSE_MARKS for c in separator)
        or ("." in separator and separator != ".")  # not "3.11" or "HTTP/1.1"
        or _breaks_line(separator)
        or " - " in separator
        or word in CLAUSE_WORDS
        or (word in SUBJECTS and previous in ("and", "or"))
    )


def _only_a_comma(separator: str, word: str, previous: str) -> bool:
    """Whether a new clause opens only at a comma, with no clause word ("but", "whereas")
    or conjunction ("..., and a trace id ...") after it."""
    return (
        separator.strip() == "," and word not in CLAUSE_WORDS and word not in ("and", "or", "nor")
    )


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")


def _singular_acronym(raw: str) -> str:
    """A plural acronym ("SLIs", "JWTs") as its singular: the stemmer keeps the "s" of
    a word with no other vowel before it, so the plural would not meet the singular."""
    return raw[:-1] if _ACRONYM_PLURAL.fullmatch(raw) else raw


def read_text(text: str) -> Reading:
    """Split ``text`` into words with stems, clause numbers and negation."""
    text = unicodedata.normalize("NFKC", text)
    clause = group = 0
    words: list[Word] = []
    for raw, start, end, sep in _merge_letters(_raw_words(text)):
        word = _singular_acronym(raw).casefold()
        if words and _opens_clause(sep, word, words[-1].text):
            clause += 1
            if not _only_a_comma(sep, word, words[-1].text):
                group += 1
        if word == "t" and sep in _APOSTROPHES and words and words[-1].text in _NT_STEMS:
            word, start = "not", words[-1].start  # so feedback quotes "doesn't", not "t"
        if word in NEGATIONS and text[end : end + 1] == "-":
            # "no-GIL build": a term, whose "no" negates only its own other half
            words.append(Word(word + "-", _stem_of(word), start, end, clause, group=group))
            continue
        words.append(Word(word, _stem_of(word), start, end, clause, group=group))
    return Reading(text, _mark_negation(_join_phrase_synonyms(words)))


def _join_phrase_synonyms(words: list[Word]) -> list[Word]:
    """Each phrase of PHRASE_SYNONYMS written side by side in one clause, as one word with
    the stem it stands for ("took it back" stays apart: a phrase is its words in a row)."""
    if not PHRASE_SYNONYMS:
        return words
    joined: list[Word] = []
    i = 0
    while i < len(words):
        for size in range(min(PHRASE_SYNONYM_WORDS, len(words) - i), 1, -1):
            run = words[i : i + size]
            found = PHRASE_SYNONYMS.get(tuple(stem(w.text) for w in run))
            if found is not None and all(w.clause == run[0].clause for w in run):
                text = " ".join(w.text for w in run)
                joined.append(
                    Word(text, found, run[0].start, run[-1].end, run[0].clause, group=run[0].group)
                )
                i += size
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def _negation_starts(words: list[Word]) -> list[int]:
    """Indices of the words that open a negation (the second word of a pair)."""
    starts = []
    for i, word in enumerate(words):
        pair = (words[i - 1].text, word.text) if i else None
        following = words[i + 1].text if i + 1 < len(words) else None
        if following in NOT_A_NEGATION_BEFORE:  # "not only X but also Y" affirms X
            continue
        if word.text in NEGATIONS or pair in NEGATION_PAIRS:
            starts.append(i)
    return starts


def _denies_subject(words: list[Word], aux: int, cue: int) -> bool:
    """Whether the predicate after ``aux``+``cue`` denies its subject ("X is not",
    "X won't be", "X doesn't matter") rather than an action of it ("X doesn't charge")."""
    following = words[cue + 1].text if cue + 1 < len(words) else None
    return words[aux].text in DENYING_PREDICATES or following in DENYING_PREDICATES


def _list_items_after(words: list[Word], end: int) -> int:
    """Where the comma-separated list items that start at ``end`` stop ("..., traces or
    logs"): short clauses without a subject or verb of their own, nor a clause word
    ("..., which needs processes"), the last one holding "or", "nor" or "and"; ``end``
    itself when there are none."""
    stop = end
    j = end
    while j < len(words):
        clause = words[j].clause
        k = j
        while k < len(words) and words[k].clause == clause:
            k += 1
        item = words[j:k]
        if (
            len(item) > LIST_ITEM_WORDS
            or item[0].text in CLAUSE_WORDS
            or any(w.text in SUBJECTS or w.text in AUXILIARIES or w.text in NEGATIONS for w in item)
        ):
            break
        j = k
        if any(w.text in ("or", "nor", "and") for w in item):
            stop = k
            break
    return stop


def _mark_negation(words: list[Word]) -> tuple[Word, ...]:
    negated = [False] * len(words)
    subject = [False] * len(words)
    cues = [-1] * len(words)
    for cue in _negation_starts(words):
        clause = words[cue].clause
        reach = SHORT_NEGATIONS.get(words[cue].text, NEGATION_REACH)
        j = cue + 1
        while j < min(len(words), cue + 1 + reach) and words[j].clause == clause:
            negated[j] = True
            subject[j] = False
            cues[j] = words[cue].start
            j += 1
        if j < len(words) and words[j].clause != clause and reach == NEGATION_REACH:
            for k in range(j, _list_items_after(words, j)):
                negated[k] = True
                subject[k] = False
                cues[k] = words[cue].start
        aux = cue - 1
        if aux >= 0 and words[aux].text in AUXILIARIES and words[aux].clause == clause:
            subject_only = not _denies_subject(words, aux, cue)
            for j in range(aux - 1, max(-1, aux - 1 - NEGATION_REACH_BACK), -1):
                if words[j].clause != clause or words[j].text in ("and", "or"):
                    break
                subject[j] = subject_only and (subject[j] or not negated[j])
                negated[j] = True
                cues[j] = words[cue].start
    for i, word in enumerate(words):
        aux = i - 1
        if word.text not in NEGATING_PREDICATES or aux < 0 or words[aux].text not in AUXILIARIES:
            continue
        for j in range(aux - 1, max(-1, aux - 1 - NEGATION_REACH_BACK), -1):
            if words[j].clause != word.clause or words[j].text in ("and", "or"):
                break
            negated[j] = True
            subject[j] = False
            cues[j] = word.start
    return tuple(
        Word(w.text, w.stem, w.start, w.end, w.clause, neg, subj, c, w.group)
        for w, neg, subj, c in zip(words, negated, subject, cues, strict=True)
    )


# ------------------------------------------------------------------------ phrases


@dataclass(frozen=True)
class Phrase:
    """One key-point phrasing, ready to be looked for."""

    stems: tuple[str, ...]  # its content words' stems (all its words if none is content)
    joined: str  # the stem of all its words written together ("nonblocking", "iobound")
    exact: str | None  # a lone function word written in capitals ("IN") must match as written
    # written as one hyphenated compound ("free-threaded"): its words must stand together,
    # in order ("free threaded", "free-threaded", "freethreaded"), not "threads are free"
    compound: bool = False
    # per word of ``stems``: the stems of its weak synonyms, which also match it (empty
    # unless ``widen`` made this phrasing)
    weak: tuple[frozenset[str], ...] = ()


def widen(wanted: Phrase, keep: frozenset[str]) -> Phrase | None:
    """``wanted`` with each word also matched by its weak synonyms (wordnet_synonyms.txt),
    except the words in ``keep``; None when no word of it has any. A compound or a word
    written in capitals is a term, never widened."""
    if wanted.compound or wanted.exact is not None:
        return None
    table = weak_synonyms()
    weak = tuple(
        frozenset() if word in keep else table.get(word, frozenset()) for word in wanted.stems
    )
    if not any(weak):
        return None
    return Phrase(wanted.stems, wanted.joined, None, weak=weak)


@lru_cache(maxsize=1024)
def phrase(text: str) -> Phrase | None:
    """``text`` read as a key-point phrasing; None if it has no words."""
    words = read_text(text).words
    if not words:
        return None
    content = [w for w in words if not w.is_function or w.text in NEGATIONS]
    if content and all(w.text in NEGATIONS for w in content):
        content = list(words)  # "all or nothing" is more than any negation word
    chosen = content or list(words)
    exact = None
    if not content and len(words) == 1 and text.strip() != text.strip().lower():
        exact = unicodedata.normalize("NFKC", text.strip())
    compound = len(words) > 1 and _COMPOUND_RE.fullmatch(text.strip()) is not None
    return Phrase(
        stems=tuple(w.stem for w in (words if compound else chosen)),
        joined=stem("".join(w.text.rstrip("-") for w in words)),
        exact=exact,
        compound=compound,
    )


_COMPOUND_RE = re.compile(r"\w+(?:-\w+)+")


@dataclass(frozen=True)
class Match:
    words: tuple[Word, ...]
    # the words found only as a weak synonym of the phrasing's word (``widen``)
    weak: tuple[Word, ...] = ()

    @property
    def negated(self) -> bool:
        """Whether a negation outside the phrasing governs it ("not ASGI", "none of it
        is all or nothing"); a negation that is part of the match itself ("does not
        block") does not count."""
        inside = {w.start for w in self.words}
        return any(w.negated and w.cue not in inside for w in self.words)

    @property
    def subject_of_denial(self) -> bool:
        """Negated only as the subject of a denied action ("a retry doesn't charge
        twice"): the point is made either way, so it fits either polarity."""
        return self.negated and all(w.subject_only for w in self.words if w.negated)


def _word_matches(
    reading: Reading, i: int, target: str, weak: frozenset[str] = frozenset()
) -> tuple[Word, ...] | None:
    """Word ``i`` matches the stem ``target`` or one of its ``weak`` synonyms, or words
    ``i`` and ``i+1`` written together match ``target`` ("rate limit" for "ratelimit")."""
    words = reading.words
    if words[i].stem == target or (words[i].stem in weak and not words[i].is_function):
        return (words[i],)
    if (
        i + 1 < len(words)
        and words[i + 1].clause == words[i].clause
        and stem(words[i].text + words[i + 1].text) == target
    ):
        return (words[i], words[i + 1])
    return None


def find_phrase(reading: Reading, wanted: Phrase, *, across_commas: bool = False) -> list[Match]:
    """Every place ``wanted`` occurs in ``reading``: each of its words within a window
    of its length plus PHRASE_SLACK content words, in one clause (or, ``across_commas``, in
    clauses joined only by commas, and in one such group and the next when that next one
    opens with a pronoun going on about it: "... an ID. It is sent in a header"), in any
    order; or all its words written as one ("non-blocking" for "nonblocking" and back)."""
    words = reading.words
    found: list[Match] = []
    if wanted.exact is not None:
        return [Match((w,)) for w in words if reading.text[w.start : w.end] == wanted.exact]
    if not _may_occur(reading, wanted):
        return found
    # distance counts content words only: "both the old and the new version" keeps
    # "both" and "version" three words apart, not six
    if wanted.compound:
        return _find_compound(words, wanted)
    rank = list(accumulate((0 if w.is_function else 1 for w in words), initial=0))[:-1]
    continued = _continued_groups(words) if across_commas else frozenset()
    weak = wanted.weak or (frozenset(),) * len(wanted.stems)
    for i, word in enumerate(words):
        if len(wanted.stems) > 1 and word.stem == wanted.joined:
            found.append(Match((word,)))
            continue
        first = _word_matches(reading, i, wanted.stems[0], weak[0])
        if first is None:
            continue
        if len(wanted.stems) == 1:
            found.append(_match(first, wanted))
            continue
        reach = len(wanted.stems) - 1 + PHRASE_SLACK
        window = [
            j
            for j in range(max(0, i - MAX_WINDOW), min(len(words), i + MAX_WINDOW + 1))
            if (
                _same_claim(words[j].group, word.group, continued)
                if across_commas
                else words[j].clause == word.clause
            )
            and abs(rank[j] - rank[i]) <= reach
        ]
        window.sort(key=lambda j: abs(j - i))  # the nearest word, not the leftmost
        used = {w.start for w in first}
        picked = list(first)
        for target, alternatives in zip(wanted.stems[1:], weak[1:], strict=True):
            for j in window:
                if words[j].start in used:
                    continue
                hit = _word_matches(reading, j, target, alternatives)
                if hit is not None:
                    used.update(w.start for w in hit)
                    picked.extend(hit)
                    break
            else:
                break
        else:
            found.append(_match(tuple(sorted(picked, key=lambda w: w.start)), wanted))
    return found


def _may_occur(reading: Reading, wanted: Phrase) -> bool:
    """Whether every word of ``wanted`` is somewhere in ``reading`` (or all of it written
    as one word): most phrasings of a rubric are not, and need no search."""
    if len(wanted.stems) > 1 and wanted.joined in reading.stems:
        return True
    weak = wanted.weak or (frozenset(),) * len(wanted.stems)
    return all(
        target in reading.stems
        or not alternatives.isdisjoint(reading.content_stems)
        or (not wanted.compound and target in reading.joined_stems)
        for target, alternatives in zip(wanted.stems, weak, strict=True)
    )


# A sentence opening with one of these goes on about the last one's subject ("Keyset
# pagination remembers the last id. It stays fast on deep pages."): one claim.
CONTINUING_SUBJECTS = _words("it they this that these those")


def _continued_groups(words: tuple[Word, ...]) -> frozenset[int]:
    """The groups that open with a pronoun going on about the group before."""
    return frozenset(
        w.group
        for i, w in enumerate(words)
        if i and w.group != words[i - 1].group and w.text in CONTINUING_SUBJECTS
    )


def _same_claim(group: int, other: int, continued: frozenset[int]) -> bool:
    return group == other or (max(group, other) in continued and abs(group - other) == 1)


def _match(words: tuple[Word, ...], wanted: Phrase) -> Match:
    """A match, noting the words that stand for the phrasing only as weak synonyms."""
    if not wanted.weak:
        return Match(words)
    weak = set().union(*wanted.weak) - set(wanted.stems)
    return Match(words, tuple(w for w in words if w.stem in weak))


def _find_compound(words: tuple[Word, ...], wanted: Phrase) -> list[Match]:
    """A hyphenated compound: written as one word, or its words side by side in order."""
    found: list[Match] = []
    size = len(wanted.stems)
    for i, word in enumerate(words):
        if word.stem == wanted.joined:
            found.append(Match((word,)))
        elif tuple(w.stem for w in words[i : i + size]) == wanted.stems and all(
            w.clause == word.clause for w in words[i : i + size]
        ):
            found.append(Match(words[i : i + size]))
    return found
