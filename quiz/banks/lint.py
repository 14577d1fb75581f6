"""Item-writing checks on a parsed bank: questions a learner can answer without knowing.

Plain Python, no Flask. :func:`lint_bank` returns warnings as :class:`Diagnostic`
(``FILE:LINE: message``); ``quiz validate`` prints them and ``--strict`` makes them
errors. Each check names what to rewrite; none pads options.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wordfreq import zipf_frequency

from quiz.scoring import grade, normalise_answer
from quiz.scoring.open_answers import prompt_stems
from quiz.scoring.reading import read_text

from .model import Bank, Diagnostic, Question
from .tables import names_answer

__all__ = [
    "absolutes_only_in_wrong",
    "answers_given_away",
    "common_word",
    "form_stands_out",
    "lint_bank",
    "longest_is_right",
    "option_form",
    "prompt_words_echoed",
    "prompt_words_only",
]

# The right option is "longest by a clear margin" when it beats every wrong one by both.
LENGTH_RATIO = 1.2
LENGTH_CHARS = 8
MIN_OPTIONS = 3
MIN_KEY_POINT_CHARS = 2
# A one-word phrasing this frequent in English (wordfreq's Zipf scale: "full" 5.5,
# "replace" 4.6, "retry" 2.6) matches answers that never make the claim.
COMMON_WORD_ZIPF = 4.5
_ABOVE_RE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|those)\b", re.I)
_MARKUP_RE = re.compile(r"[`*_]")
_CODE_SPAN_RE = re.compile(r"`[^`]*`")
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Words a test-wise guesser bets against: in every wrong option and in no right one,
# they give the answer away.
ABSOLUTES = frozenset({"always", "only", "never", "cannot", "can't", "all", "none", "every"})
# An option reads as a sentence when it has a subject pronoun up front or a finite
# auxiliary or modal verb, and does not open with a preposition or subordinator (a
# heuristic without a tagger: "It is stored on the server" is a sentence, "In a signed
# cookie, readable by anyone" and "So that retries spread out" are fragments).
_SUBJECT_OPENERS = frozenset(
    ["it", "they", "this", "these", "those", "there", "he", "she", "we", "you", "i"]
)
_FRAGMENT_OPENERS = frozenset(
    [
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "without",
        "among",
        "for",
        "from",
        "after",
        "before",
        "when",
        "if",
        "since",
        "as",
        "once",
        "while",
        "unlike",
        "than",
        "through",
        "via",
        "because",
        "so",
    ]
)
_FINITE_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "can",
        "cannot",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "hasn't",
        "haven't",
        "hadn't",
        "don't",
        "doesn't",
        "didn't",
        "can't",
        "couldn't",
        "won't",
        "wouldn't",
        "shouldn't",
        "mustn't",
    ]
)
_YES_NO = frozenset({"yes", "no"})
# A prompt word is distinctive below this Zipf frequency ("idempotent" 2.3, "lifespan"
# 3.0, "cache" 3.9; "request" 4.6 and "server" 4.7 are everyday words of these banks).
DISTINCTIVE_ZIPF = 4.0
MIN_DISTINCTIVE_CHARS = 3
# A right option this short is a term another question's text can hand over.
MAX_TERM_WORDS = 3


def _plain(text: str) -> str:
    return _MARKUP_RE.sub("", text).strip()


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    """Lowercase words of an option's prose: a code span counts as one word ("x")."""
    prose = _MARKUP_RE.sub("", _CODE_SPAN_RE.sub(" x ", text)).casefold()
    return tuple(_TOKEN_RE.findall(prose.replace("\u2019", "'")))


def _has_absolute(text: str) -> bool:
    return any(w in ABSOLUTES for w in _tokens(text))


def _split(question: Question) -> tuple[list[str], list[str]]:
    right = [o.text_md for o in question.options if o.correct]
    wrong = [o.text_md for o in question.options if not o.correct]
    return right, wrong


def absolutes_only_in_wrong(question: Question) -> bool:
    """Whether every wrong option says "always/only/never/cannot/all/none" and no right
    one does, so a guesser who distrusts absolutes picks the answer unread."""
    if question.kind not in ("single", "multiple"):
        return False
    right, wrong = _split(question)
    return (
        bool(right and wrong)
        and all(map(_has_absolute, wrong))
        and not any(map(_has_absolute, right))
    )


def option_form(text: str) -> str:
    """ "sentence" or "fragment": the grammatical form of an option (see the heuristic
    at the top of this module)."""
    words = _tokens(text)
    if words and words[0] in _YES_NO:
        words = words[1:]
    if not words or words[0] in _FRAGMENT_OPENERS:
        return "fragment"
    if words[0] in _SUBJECT_OPENERS or any(w in _FINITE_VERBS for w in words[1:]):
        return "sentence"
    return "fragment"


def form_stands_out(question: Question) -> bool:
    """Whether the right options are of one form (sentence or fragment) and every wrong
    option of the other, so the odd one out is the answer."""
    if question.kind not in ("single", "multiple") or len(question.options) < MIN_OPTIONS:
        return False
    right, wrong = _split(question)
    right_forms = {option_form(t) for t in right}
    wrong_forms = {option_form(t) for t in wrong}
    return len(right_forms) == 1 and len(wrong_forms) == 1 and right_forms != wrong_forms


def _distinctive(text: str) -> dict[str, str]:
    """Stem -> word for the rare content words of a text (see DISTINCTIVE_ZIPF)."""
    return {
        w.stem: w.text
        for w in read_text(_plain(text)).words
        if not w.is_function
        and len(w.text) >= MIN_DISTINCTIVE_CHARS
        and zipf_frequency(w.text, "en") < DISTINCTIVE_ZIPF
    }


def prompt_words_echoed(question: Question) -> list[str]:
    """Distinctive prompt words (by stem) that the answer repeats: a right option that
    shares them with no wrong option, or the short answer shown to learners (the first;
    the others are spellings, such as an acronym written out) that contains them."""
    asked = _distinctive(question.prompt_md)
    if not asked:
        return []
    if question.kind == "short":
        echoed = {s for s in _stems_of(question.answers[0]) if s in asked}
    elif question.kind in ("single", "multiple"):
        right, wrong = _split(question)
        in_wrong = {s for t in wrong for s in _stems_of(t)}
        echoed = {s for t in right for s in _stems_of(t) if s in asked and s not in in_wrong}
    else:
        return []
    return sorted(asked[s] for s in echoed)


def _stems_of(text: str) -> frozenset[str]:
    return frozenset(w.stem for w in read_text(_plain(text)).words)


def _term_answers(question: Question) -> list[str]:
    """What another question's text must not say: a short question's accepted answers and
    a single-choice question's right option when it is a term of a few words. Everyday
    words ("session", "GET") are left out: other texts use them in other senses."""
    if question.kind == "short":
        candidates = question.answers
    elif question.kind == "single":
        right, _ = _split(question)
        candidates = [_plain(t) for t in right if len(_tokens(t)) <= MAX_TERM_WORDS]
    else:
        return []
    found = []
    for answer in candidates:
        words = normalise_answer(answer).split()
        if not words:
            continue
        rare = any(
            any(c.isdigit() for c in w) or zipf_frequency(w, "en") < DISTINCTIVE_ZIPF for w in words
        )
        if rare:
            found.append(_plain(answer))
    return found


def answers_given_away(bank: Bank) -> list[tuple[Question, Question, str]]:
    """(question, other, answer) where the prompt or explanation of ``other`` contains the
    answer of ``question`` and talks about what it asks (shares one of its distinctive
    prompt words): practising one answers the other. Both are hand-written: a table's
    generated questions repeat every cell of a row, so they are the table's business."""
    found = []
    for question in bank.questions:
        if question.generated_from is not None:
            continue
        asked = set(_distinctive(question.prompt_md))
        for answer in _term_answers(question):
            topic = asked - _stems_of(answer)
            for other in bank.questions:
                if other is question or other.generated_from is not None:
                    continue
                text = _plain(f"{other.prompt_md}\n{other.explanation_md}")
                if names_answer(text, answer) and topic & _stems_of(text):
                    found.append((question, other, answer))
                    break
            else:
                continue
            break  # one finding per question is enough to send the writer there
    return found


def longest_is_right(question: Question) -> bool:
    """Whether the right option of a single-choice question is strictly the longest."""
    right = [len(_plain(o.text_md)) for o in question.options if o.correct]
    wrong = [len(_plain(o.text_md)) for o in question.options if not o.correct]
    return bool(right and wrong) and right[0] > max(wrong)


def _clearly_longer(longer: list[int], shorter: list[int]) -> bool:
    return bool(longer and shorter) and min(longer) >= max(
        max(shorter) * LENGTH_RATIO, max(shorter) + LENGTH_CHARS
    )


def _choice(q: Question) -> list[str]:
    found: list[str] = []
    texts = [_plain(o.text_md) for o in q.options]
    right = [len(t) for t, o in zip(texts, q.options, strict=True) if o.correct]
    wrong = [len(t) for t, o in zip(texts, q.options, strict=True) if not o.correct]
    if q.generated_from is None and _clearly_longer(right, wrong):
        found.append(
            "the right option is the longest by a clear margin"
            if q.kind == "single"
            else "every right option is longer than every wrong one"
        )
    for text in texts:
        if _ABOVE_RE.search(text):
            found.append(f"option {text!r} refers to the other options: write a real option")
    seen: dict[str, str] = {}
    for text in texts:
        key = normalise_answer(text)
        if key in seen:
            found.append(f"options {seen[key]!r} and {text!r} are the same after normalising")
        seen.setdefault(key, text)
    if len(q.options) < MIN_OPTIONS and q.generated_from is None:  # tables offer what they have
        found.append(f"only {len(q.options)} options: give at least {MIN_OPTIONS}")
    for option in q.options:
        if option.correct and names_answer(q.prompt_md, _plain(option.text_md)):
            found.append(f"the prompt contains its own answer {_plain(option.text_md)!r}")
    if q.kind == "multiple" and grade(q, list(range(len(q.options)))).score > 0:
        found.append("ticking every box scores above 0: add wrong options")
    if q.generated_from is None:  # the table generator words its own options
        found += _cues(q)
    return found


def _cues(q: Question) -> list[str]:
    """Hand-written choice questions: what gives the right option away unread."""
    found = []
    if absolutes_only_in_wrong(q):
        found.append(
            "every wrong option says always/only/never/cannot/all/none/every and no right "
            "one does: put absolutes in right and wrong options alike, or in none"
        )
    if form_stands_out(q):
        right = option_form(next(o.text_md for o in q.options if o.correct))
        other = "fragment" if right == "sentence" else "sentence"
        found.append(
            f"the right option is a {right} and every wrong one a {other}: give all "
            "options one grammatical form"
        )
    found += _echo(q, "the right option")
    return found


def _echo(q: Question, what: str) -> list[str]:
    echoed = prompt_words_echoed(q)
    if not echoed:
        return []
    return [
        f"{what} repeats the prompt's word(s) {', '.join(map(repr, echoed))}: reword the "
        "prompt or the answer so that matching words does not find it"
    ]


def _phrasings(q: Question, groups: list[list[str]], what: str) -> list[str]:
    found: list[str] = []
    for group in groups:
        keys: dict[str, str] = {}
        for phrase in group:
            key = normalise_answer(phrase)
            if len(key) < MIN_KEY_POINT_CHARS:
                found.append(f"{what} {phrase!r} normalises to (almost) nothing: reword it")
            elif key in keys:
                found.append(f"{what}s {keys[key]!r} and {phrase!r} are the same after normalising")
            keys.setdefault(key, phrase)
    return found


@lru_cache(maxsize=65536)
def common_word(phrase: str) -> bool:
    """Whether a phrasing is one common English word ("full", "replace"): no claim."""
    words = normalise_answer(phrase).split()
    return len(words) == 1 and zipf_frequency(words[0], "en") >= COMMON_WORD_ZIPF


def prompt_words_only(phrasings: list[str] | tuple[str, ...], prompt_md: str) -> bool:
    """Whether every phrasing of a key point uses only the prompt's content words, so
    the grader, which ignores matches of prompt words alone, could never credit it."""
    asked = prompt_stems(prompt_md)
    return all(_content_stems(p) <= asked for p in phrasings)


@lru_cache(maxsize=65536)
def _content_stems(phrase: str) -> frozenset[str]:
    return frozenset(w.stem for w in read_text(phrase).words if not w.is_function) or frozenset(
        {""}
    )


def _common_one_word(phrasings: list[str] | tuple[str, ...], what: str) -> list[str]:
    found = []
    for phrase in phrasings:
        if common_word(phrase):
            found.append(
                f"{what} {phrase!r} is one common word, which answers use without making "
                "the claim: write the claim (e.g. 'replaces the whole resource')"
            )
    return found


def _claims(q: Question) -> list[str]:
    """Open questions: key points and misconceptions that read as claims."""
    found = _phrasings(q, q.key_points, "key-point phrasing")
    found += _phrasings(q, [list(m.phrasings) for m in q.misconceptions], "misconception phrasing")
    for point in q.key_points:
        found += _common_one_word(point, "key-point phrasing")
        if prompt_words_only(point, q.prompt_md):
            found.append(
                f"key point {point[0]!r} uses only words of the prompt, which earn nothing: "
                "add a phrasing that says more than the question"
            )
    for misconception in q.misconceptions:
        found += _common_one_word(misconception.phrasings, "misconception phrasing")
        if not misconception.why_md:
            found.append(
                f"misconception {misconception.phrasings[0]!r} has no 'Why:' line: say why "
                "it is wrong (learners who assert it are shown this)"
            )
    if not q.misconceptions:
        found.append(
            "open question without misconceptions: add a 'Misconceptions:' list of the wrong "
            "claims candidates make"
        )
    return found


def lint_question(q: Question) -> list[str]:
    """What is wrong with one question as an item, in words (empty when nothing is)."""
    if q.kind in ("single", "multiple"):
        return _choice(q)
    if q.kind == "short":
        return _phrasings(q, [q.answers], "accepted answer") + _echo(q, "an accepted answer")
    found = _claims(q)
    if not q.explanation_md.strip():
        found.append("open question without a model answer: add a '> Model answer: ...' quote")
    return found


def lint_bank(bank: Bank, path: str | None = None) -> list[Diagnostic]:
    where = path or bank.path
    found = [
        Diagnostic(where, q.source_line, f"{q.id}: {message}")
        for q in bank.questions
        for message in lint_question(q)
    ]
    for question, other, answer in answers_given_away(bank):
        found.append(
            Diagnostic(
                where,
                question.source_line,
                f"{question.id}: the prompt or explanation of {other.id} contains its answer "
                f"{answer!r}: reword one of them so that practising one does not answer the other",
            )
        )
    return found
