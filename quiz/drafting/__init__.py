"""Draft a question bank from a comparison article (plain Python, no Flask).

``draft_bank(article_text, bank_id=..., title=...)`` repairs the article's encoding,
reads its structure from markdown-it tokens and returns a :class:`Draft`: the bank
Markdown (valid as it is, with ``<!-- TODO: ... -->`` where a human should look), the
number of encoding repairs, the notes and a summary of what was drilled.
"""

from .draft import Draft, draft_bank
from .encoding import MAX_ARTICLE_BYTES, DraftError, Repaired, decode_article, repair_text

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Draft",
    "DraftError",
    "Repaired",
    "decode_article",
    "draft_bank",
    "repair_text",
]
