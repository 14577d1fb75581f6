"""Page furniture of an article found in the wild, and the limits an option keeps.

Plain Python. An article's YAML front matter is read for its title and description and
never drafted as content; options longer than a sentence or more than five per question
are not options an instructor keeps.
"""

from __future__ import annotations

import re

import yaml

# MAX_OPTIONS is re-exported: the drafter caps its own lists as the table generator does
from quiz.banks.tables import MAX_OPTION_CHARS, clean_cell
from quiz.banks.tables import MAX_OPTIONS as MAX_OPTIONS

from .article import plain

FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
URL_RE = re.compile(r"https?://|\bwww\.")
MIN_DESCRIPTION_WORDS = 6


def front_matter(text: str) -> tuple[dict, str]:
    """An article's YAML front matter (read, never drafted) and the text with its lines
    blanked, so the lines of everything below stay as the author sees them."""
    match = FRONT_RE.match(text)
    if not match:
        return {}, text
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        front = None
    blank = "\n" * match.group(0).count("\n")
    return (front if isinstance(front, dict) else {}), blank + text[match.end() :]


def front_text(front: dict, key: str) -> str:
    value = front.get(key)
    return " ".join(value.replace("\ufffd", "").split())[:300] if isinstance(value, str) else ""


def fits_option(text: str) -> bool:
    """Whether ``text`` is short enough to be an option (a paragraph is not)."""
    return len(text) <= MAX_OPTION_CHARS


def description_of(intro: list[str]) -> str:
    """The first sentence of the first intro paragraph that says something: not badges,
    images, a banner with a link or a one-word exclamation ("Awesome!")."""
    said = [
        text
        for source in intro
        if len((text := clean_cell(plain(source))).split()) >= MIN_DESCRIPTION_WORDS
        and not URL_RE.search(source)
    ]
    return " ".join(re.split(r"(?<=[.!?])\s", said[0])[:1])[:300] if said else ""


# Page furniture that comes as a section of its own: a table of contents, "share this".
_FURNITURE_SECTION_RE = re.compile(
    r"^(?:table of contents|contents|toc|in this (?:article|post|guide)|on this page|"
    r"share(?: this(?: post| article)?)?|related (?:posts|articles)|further reading)$",
    re.I,
)


def is_furniture_section(title: str) -> bool:
    """A heading of page furniture, nothing to draft from and nothing to flag."""
    return _FURNITURE_SECTION_RE.match(title.strip(" :")) is not None


def without_furniture(text: str) -> tuple[dict, str, int]:
    """The front matter, the text to draft from and how many damaged characters (U+FFFD,
    what encoding repair could not recover) were removed so no learner sees them."""
    front, body = front_matter(text)
    return front, body.replace("\ufffd", ""), body.count("\ufffd")
