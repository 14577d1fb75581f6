"""Typed text made comparable: the normaliser the short-answer grader, the lint checks and
the model grader's cache key share. Plain Python."""

from __future__ import annotations

import unicodedata

ARTICLES = frozenset({"a", "an", "the"})


def normalise_answer(text: str) -> str:
    """Normalise typed text for comparison.

    Unicode NFKC, casefold (so "Straße" equals "STRASSE"), every character that is not
    a letter, digit or combining mark becomes a space, the articles "a", "an" and "the"
    are dropped as whole words, whitespace is collapsed and stripped. Accents are kept:
    "café" and "cafe" differ (longer answers get typo tolerance in the short grader).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    # Keep letters, digits and combining marks of any script (marks matter for scripts
    # such as Devanagari, whose vowel signs are not "letters"); all else is a separator.
    chars = [ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text]
    return " ".join(w for w in "".join(chars).split() if w not in ARTICLES)
