"""Grader for open (interview-style) answers: which claims the answer makes.

A key point is a claim, covered when one of its phrasings occurs within one clause of
the answer, clauses joined only by a comma counting as one (an aside: ACROSS_COMMAS; see
``quiz.scoring.reading.find_phrase``: stems, any order in a short window, hyphen/slash/
space variants; a hyphenated compound only as one), with the right polarity.
A match made only of words the prompt already uses earns nothing (``prompt_stems``).

The polarity is the model answer's: most key points are claims to affirm, so "not
ASGI" does not cover "ASGI"; a point the model answer only ever states as a denial
("async does not speed up **CPU-bound** work") is covered only when the learner denies
it too (see ``model_polarities``). The subject of a denied action ("a retry doesn't
charge twice") makes its point either way (see ``Match.subject_of_denial``).

A key point the answer does not make in its own words may still be made in words of
one of their commonest WordNet senses (``_weakly_made``), only when it is a point to
affirm, affirmed in every clause that makes it, and not stated the opposite way round.

The score is the share of key points covered (``coverage_score``). A bare keyword list
gets at most KEYWORD_LIST_CAP: an answer made mostly of key-point words ("ASGI type hints
Pydantic OpenAPI API"), or one with almost no grammar words, so no clause that could
state a claim ("token bucket, Redis, per API key, 429"; see ``is_keyword_list``). One
that asserts a listed misconception (in a clause that does not deny it) gets at most the
bank's ``misconception_cap`` (``score_open``), and so does one that states a key point
the opposite way round: a phrasing with one word swapped for its antonym ("faster" for
"slower", ``_opposites``), or denials of as many points as it makes
(DENIALS_TO_CONTRADICT). Two such wrong claims and it gets nothing
(WRONG_CLAIMS_FOR_NO_CREDIT), and the words that state a misconception make no key
point as well.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from quiz.banks.model import Question

from .grades import Grade, Response, grader
from .keyword_lists import KEYWORD_LIST_CAP, is_keyword_list
from .normalise import ARTICLES
from .reading import (
    ANTONYMS,
    Match,
    Phrase,
    Reading,
    find_phrase,
    phrase,
    read_text,
    stem,
    widen,
)

# An answer that denies at least this many key points, and no fewer than it makes,
# argues against the model answer: its denials count as points stated the opposite way
# round (one stray denial, "skipping ids you've seen", is not enough).
DENIALS_TO_CONTRADICT = 2

# An answer making this many wrong claims (misconceptions asserted, key points stated
# the opposite way round) is wrong as a whole: what else it names earns nothing.
WRONG_CLAIMS_FOR_NO_CREDIT = 2

# Key points (not misconceptions, whose subject an aside may change) are looked for across
# a comma aside: "PATCH, on the other hand, sends the changes".
ACROSS_COMMAS = True

# Words that count what a phrasing names but are no subject of it: a phrasing whose other
# words are all these has no opposite ("every client" / "every server").
QUANTIFIERS = frozenset(w.stem for w in read_text("every one single both few several").words)

# A word right after one of these is the object of a preposition, not the subject of a
# claim: "on top of OAuth", "simpler than WebSockets", "unlike Flask".
OBJECT_PREPOSITIONS = frozenset({"of", "than", "unlike", "over", "from"})

CONDITIONS = frozenset({"if", "unless"})

KeyPoints = tuple[tuple[str, ...], ...]
AFFIRMED = frozenset({False})
DENIED = frozenset({True})
EITHER = frozenset({False, True})


@lru_cache(maxsize=1024)
def _phrasings(phrasings: tuple[str, ...]) -> tuple[Phrase, ...]:
    found = []
    for text in phrasings:
        words = [w for w in text.split() if w.casefold() not in ARTICLES]
        wanted = phrase(" ".join(words)) if words else None
        if wanted is not None:
            found.append(wanted)
    return tuple(found)


def _matches(
    reading: Reading, phrasings: tuple[str, ...], *, across_commas: bool = False
) -> list[Match]:
    return [
        m
        for wanted in _phrasings(phrasings)
        for m in find_phrase(reading, wanted, across_commas=across_commas)
    ]


def _claims(reading: Reading, phrasings: tuple[str, ...]) -> list[Match]:
    """Matches of a wrong claim whose first word is its subject, not the object of a
    preposition ("OIDC sits on top of OAuth and adds login" claims nothing about OAuth),
    and none of whose words is only compared with, after "than", unless the claim is a
    comparison itself; nor one made only as a condition ("if you keep tokens in
    localStorage, XSS can steal them")."""
    words = reading.words
    position = {w.start: i for i, w in enumerate(words)}
    conditions = _conditional_clauses(reading)
    found = []
    for text in phrasings:
        compares = "than" in text.casefold().split()
        for m in _matches(reading, (text,)):
            before = [
                words[position[w.start] - 1].text if position[w.start] else "" for w in m.words
            ]
            if before[0] in OBJECT_PREPOSITIONS or m.words[0].clause in conditions:
                continue
            if not compares and "than" in before:
                # "SSE is simpler than WebSockets and is built in" says nothing is built
                # on WebSockets: what follows "than" is what the subject is compared with
                continue
            found.append(m)
    return found


@lru_cache(maxsize=1024)
def _widened(phrasings: tuple[str, ...], asked: frozenset[str]) -> tuple[Phrase, ...]:
    """The phrasings with their words also matched by weak synonyms, except the words
    of the prompt (``reading.widen``)."""
    return tuple(
        wide for wanted in _phrasings(phrasings) if (wide := widen(wanted, asked)) is not None
    )


def _weakly_made(
    reading: Reading, phrasings: tuple[str, ...], asked: frozenset[str]
) -> list[Match]:
    """Matches of a point made with one of its words said as a weak synonym, the rest
    in its own words (a lone weak synonym is too loose a match to be a claim: "serve"
    for "other services"), when every one of them is affirmed and says something the
    prompt did not: one denial among them and the point counts as not made, and no weak
    synonym stands for a word of the prompt."""
    found = [
        m
        for wanted in _widened(phrasings, asked)
        for m in find_phrase(reading, wanted)
        if len(m.weak) == 1
        and any(not w.is_function and w not in m.weak for w in m.words)
        and _own_words(m, asked)
        and m.weak[0].stem not in asked
    ]
    if any(m.negated for m in found):
        return []
    return found


@lru_cache(maxsize=1024)
def _opposites(phrasings: tuple[str, ...]) -> tuple[Phrase, ...]:
    """The phrasings of two or more words with one word swapped for its opposite
    (antonyms.txt): "deep pages slower" -> "deep pages faster". A positive clause
    matching one states the point the other way round."""
    found = []
    for wanted in _phrasings(phrasings):
        if len(wanted.stems) < 2 or wanted.compound:
            # a lone word has no subject to tie its opposite to, and a compound's other
            # half is no subject either ("CPU-bound" is a term of its own, not "I/O-bound"
            # said the wrong way)
            continue
        for i, word in enumerate(wanted.stems):
            if all(s in QUANTIFIERS for j, s in enumerate(wanted.stems) if j != i):
                # "every client" said as "every server" states nothing the other way round
                continue
            for other in sorted(ANTONYMS.get(word, ())):
                stems = (*wanted.stems[:i], other, *wanted.stems[i + 1 :])
                found.append(Phrase(stems, "".join(stems), None))
    return tuple(found)


def _states_opposite(reading: Reading, phrasings: tuple[str, ...], asked: frozenset[str]) -> bool:
    """Whether a clause that does not deny it states the point with one word swapped for
    its opposite ("offset is faster for deep pages" against "deep pages get slower")."""
    conditions = _conditional_clauses(reading)
    return any(
        not m.negated and _own_words(m, asked) and m.words[0].clause not in conditions
        for wanted in _opposites(phrasings)
        for m in find_phrase(reading, wanted)
    )


def _conditional_clauses(reading: Reading) -> frozenset[int]:
    """The clauses that open with "if" or "unless": a condition, not a claim ("if rows
    get inserted while you page, ...")."""
    words = reading.words
    return frozenset(
        w.clause
        for i, w in enumerate(words)
        if w.text in CONDITIONS and (i == 0 or words[i - 1].clause != w.clause)
    )


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


@lru_cache(maxsize=256)
def model_polarities(explanation_md: str, key_points: KeyPoints) -> tuple[frozenset[bool], ...]:
    """For each key point, the polarities (``Match.negated`` values) an answer may state
    it in, read from the model answer. Its bold mentions decide (all mentions if none
    is bold): affirmed in any of them, the point must be affirmed ("not ASGI" does not
    cover "ASGI"); denied in all of them, it must be denied ("async does not speed up
    **CPU-bound** work"), unless another mention affirms it, then either way will do
    ("without agreed **conventions** ... written conventions"). Not mentioned: affirmed.
    """
    text = unicodedata.normalize("NFKC", explanation_md)
    bold = [m.span(1) for m in _BOLD.finditer(text)]
    reading = read_text(text)
    polarities = []
    for phrasings in key_points:
        matches = _matches(reading, phrasings)
        emphasised = [m for m in matches if any(a <= m.words[0].start < b for a, b in bold)]
        primary = emphasised or matches
        if not primary or not all(m.negated for m in primary):
            polarities.append(AFFIRMED)
        elif all(m.negated for m in matches):
            polarities.append(DENIED)
        else:
            polarities.append(EITHER)
    return tuple(polarities)


def coverage_score(covered: int, total: int) -> float:
    """Score for covering ``covered`` of ``total`` key points: proportional (3 of 5 ->
    0.6), as the bank format says; the feedback page states the same rule."""
    return covered / total if total else 0.0


def _key_points(question: Question) -> KeyPoints:
    return tuple(tuple(p for p in kp if isinstance(p, str)) for kp in question.key_points)


@lru_cache(maxsize=1024)
def prompt_stems(prompt_md: str) -> frozenset[str]:
    """Stems of the prompt's content words: a match made only of these earns nothing,
    so pasting the question back is no answer."""
    return frozenset(w.stem for w in read_text(prompt_md).words if not w.is_function)


@lru_cache(maxsize=1024)
def prompt_spellings(prompt_md: str) -> frozenset[str]:
    """Stems of the prompt's content words as written, before synonyms.txt groups them."""
    return frozenset(stem(w.text) for w in read_text(prompt_md).words if not w.is_function)


def _own_words(match: Match, asked: frozenset[str], spelled: frozenset[str] | None = None) -> bool:
    """Whether the match says something the prompt did not: one of its content words is
    not in the prompt, or, given the prompt's ``spelled`` words, is a word of its own for
    one ("an allowance for failures" explains the "error budget" asked about; pasting the
    prompt back repeats its words)."""
    content = [w for w in match.words if not w.is_function] or list(match.words)
    if any(w.stem not in asked for w in content):
        return True
    return spelled is not None and any(stem(w.text) not in spelled for w in content)


def score_open(
    question: Question,
    covered: tuple[int, ...],
    asserted: tuple[int, ...],
    *,
    keyword_list: bool = False,
    contradicted: tuple[int, ...] = (),
) -> float:
    """The score of an open answer from what it covers and asserts, whichever grader
    decided that: proportional to the key points covered, capped for a bare keyword
    list, and capped at the bank's ``misconception_cap`` for any misconception asserted
    or any key point stated the opposite way round that is not also covered; no credit
    at all for WRONG_CLAIMS_FOR_NO_CREDIT such wrong claims."""
    score = coverage_score(len(covered), len(question.key_points))
    if keyword_list:
        score = min(score, KEYWORD_LIST_CAP)
    wrong_claims = len(set(asserted)) + len(set(contradicted) - set(covered))
    if wrong_claims >= WRONG_CLAIMS_FOR_NO_CREDIT:
        return 0.0
    if wrong_claims:
        score = min(score, question.misconception_cap)
    return score


@grader("open")
def grade_open(question: Question, response: Response) -> Grade:
    """Which key points the answer makes and which misconceptions it asserts, each
    matched as a claim within one clause, in the polarity the model answer gives it;
    the words of each match are kept for the feedback page."""
    key_points = _key_points(question)
    all_points = tuple(range(len(key_points)))
    misconceptions = tuple(question.misconceptions)
    reading = read_text(response) if isinstance(response, str) else None
    if reading is None or not reading.words or not all_points:
        return Grade.from_score(
            0.0,
            missed=all_points,
            key_point_words=((),) * len(all_points),
            misconception_words=((),) * len(misconceptions),
        )
    asked = prompt_stems(question.prompt_md)
    spelled = prompt_spellings(question.prompt_md)
    polarities = model_polarities(question.explanation_md or "", key_points)
    asserted: list[int] = []
    asserted_words: list[tuple[str, ...]] = []
    for index, misconception in enumerate(misconceptions):
        said = sorted(
            (
                m
                for m in _claims(reading, tuple(misconception.phrasings))
                if not m.negated and _own_words(m, asked, spelled)
            ),
            key=lambda m: m.words[0].start,
        )
        if said:
            asserted.append(index)
        asserted_words.append(tuple(dict.fromkeys(reading.span(m.words) for m in said)))
    # the content words that state a misconception make no key point as well ("PATCH is
    # the idempotent one" says nothing right about idempotency)
    wrong_words = {
        w.start
        for index in asserted
        for m in _claims(reading, tuple(misconceptions[index].phrasings))
        if not m.negated
        for w in m.words
        if not w.is_function
    }
    covered: list[int] = []
    missed: list[int] = []
    negated: list[int] = []
    contradicted: list[int] = []
    evidence: list[tuple[str, ...]] = []
    keyword_positions: set[int] = set()
    weakly_covered = 0
    for index, phrasings in enumerate(key_points):
        matches = [
            m
            for m in _matches(reading, phrasings, across_commas=ACROSS_COMMAS)
            if _own_words(m, asked, spelled)
        ]
        if (
            not matches
            and polarities[index] == AFFIRMED
            and not _states_opposite(reading, phrasings, asked)
        ):
            matches = _weakly_made(reading, phrasings, asked)
            weakly_covered += bool(matches)
        keyword_positions.update(w.start for m in matches for w in m.words)
        matches = [m for m in matches if not any(w.start in wrong_words for w in m.words)]
        fitting = sorted(
            (m for m in matches if m.negated in polarities[index] or m.subject_of_denial),
            key=lambda m: m.words[0].start,
        )
        if fitting:
            covered.append(index)
            evidence.append(tuple(dict.fromkeys(reading.span(m.words) for m in fitting)))
        else:
            missed.append(index)
            evidence.append(())
            if matches:
                negated.append(index)
            if polarities[index] == AFFIRMED and _states_opposite(reading, phrasings, asked):
                contradicted.append(index)
                if index not in negated:
                    negated.append(index)
    denied = [i for i in negated if i not in contradicted]
    # points made only through weak synonyms do not outweigh denials
    if len(denied) >= DENIALS_TO_CONTRADICT and len(denied) >= len(covered) - weakly_covered:
        contradicted = sorted(contradicted + denied)
    keyword_list = is_keyword_list(reading, len(keyword_positions), len(covered) + len(negated))
    return Grade.from_score(
        score_open(
            question,
            tuple(covered),
            tuple(asserted),
            keyword_list=keyword_list,
            contradicted=tuple(contradicted),
        ),
        covered=tuple(covered),
        missed=tuple(missed),
        key_point_words=tuple(evidence),
        negated=tuple(negated),
        keyword_list=keyword_list,
        misconceptions=tuple(asserted),
        misconception_words=tuple(asserted_words),
        contradicted=tuple(contradicted),
    )
