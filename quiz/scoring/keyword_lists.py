"""Telling a keyword list from an answer that states claims (``is_keyword_list``): a bare
list of terms gets at most KEYWORD_LIST_CAP, however many key points it names.
"""

from __future__ import annotations

from .reading import Reading, Word

# Share of an answer's words that belong to key-point phrasings from which it counts
# as a keyword list rather than sentences (natural strong answers stay near 0.3).
KEYWORD_LIST_SHARE = 0.55
# Naming a single point in a short sentence ("JWTs need no session store.") is no list.
KEYWORD_LIST_MIN_POINTS = 2
KEYWORD_LIST_CAP = 0.15
# Share of grammar words (articles, prepositions, pronouns, auxiliaries, negations) below
# which an answer is a list of terms rather than sentences: written sentences, however
# terse, stay above 0.2; comma or slash lists of terms sit near 0.
KEYWORD_LIST_GRAMMAR_SHARE = 0.2
# ...among at least this many words ("Prometheus metrics." is a short answer, not a list).
KEYWORD_LIST_MIN_WORDS = 5
# Share of an answer's words standing in short items (at most KEYWORD_LIST_ITEM_WORDS words between
# commas, "and" or "or") from which it is a list of terms strung together, grammar words
# or not ("you need async, ASGI, Pydantic, type hints and OpenAPI"): written answers,
# however terse, stay near 0.5 at most; among at least KEYWORD_LIST_MIN_ITEMS items.
KEYWORD_LIST_ITEM_SHARE = 0.65
KEYWORD_LIST_ITEM_WORDS = 3
KEYWORD_LIST_MIN_ITEMS = 5


def _is_grammar(reading: Reading, word: Word) -> bool:
    """A grammar word as written in a sentence: not part of a hyphenated term
    ("many-to-one") nor written in capitals like SQL ("IN")."""
    written = reading.text[word.start : word.end]
    joined = "-" in reading.text[max(0, word.start - 1) : word.end + 1]
    return word.is_function and not joined and not (len(written) > 1 and written.isupper())


def _list_items(reading: Reading) -> list[int]:
    """The word counts of the answer's items: its clauses cut also at "and" and "or"."""
    items: list[int] = []
    clause = None
    for word in reading.words:
        if word.text in ("and", "or"):
            clause = None
            continue
        if word.clause != clause:
            items.append(0)
            clause = word.clause
        items[-1] += 1
    return items


def _strings_terms(reading: Reading) -> bool:
    """Whether most of the answer's words stand in short items: terms strung together."""
    items = _list_items(reading)
    short = sum(n for n in items if n <= KEYWORD_LIST_ITEM_WORDS)
    return len(items) >= KEYWORD_LIST_MIN_ITEMS and short >= KEYWORD_LIST_ITEM_SHARE * sum(items)


def is_keyword_list(reading: Reading, key_point_words: int, points_named: int) -> bool:
    """Whether the answer lists terms rather than stating claims: most of its words are
    key-point words of at least two points, or it has almost no grammar words (a key
    point is a claim, and a claim needs a clause), or most of its words are short items
    strung together by commas, "and" or "or"."""
    words = len(reading.words)
    grammar = sum(1 for w in reading.words if _is_grammar(reading, w))
    if words >= KEYWORD_LIST_MIN_WORDS and grammar / words < KEYWORD_LIST_GRAMMAR_SHARE:
        return True
    if points_named >= KEYWORD_LIST_MIN_POINTS and _strings_terms(reading):
        return True
    return points_named >= KEYWORD_LIST_MIN_POINTS and key_point_words / words >= KEYWORD_LIST_SHARE
