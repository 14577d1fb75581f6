"""Slugs: the ids a bank, a topic, a question and a tag are known by.

Owns the slug rule (lowercase ASCII letters and digits in words joined by single
hyphens), :func:`slugify` that derives a slug from any text, and :func:`truncate_slug`
that keeps a derived question id short. Explicit ids written by authors are checked
against :data:`SLUG_RE`; derived ones are built with :func:`slugify`.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DERIVED_ID_MAX = 80


def slugify(text: str) -> str:
    """Lowercase ASCII slug: words joined by ``-``; emoji and punctuation are dropped.

    Accented letters are transliterated (``Größe`` -> ``grosse``); letters and digits
    with no ASCII form (``日本``) become their hex code points, so a slug is never empty
    when the text contains any letter or digit.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", str(text).casefold()):
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else "-")
        elif unicodedata.combining(ch):
            continue
        elif ch.isalnum():
            out.append(f"{ord(ch):x}")
        else:
            out.append("-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def truncate_slug(slug: str, limit: int = DERIVED_ID_MAX) -> str:
    """Cut ``slug`` to at most ``limit`` characters, at a ``-`` boundary when possible."""
    if len(slug) <= limit:
        return slug
    if slug[limit] == "-":
        return slug[:limit].rstrip("-")
    cut = slug[:limit]
    idx = cut.rfind("-")
    return cut[:idx] if idx > 0 else cut
