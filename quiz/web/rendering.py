"""Markdown to safe HTML: markdown-it-py with raw HTML off, then nh3 as a second fence."""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
    "del", "s", "sup", "sub", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "code": {"class"}}


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@cache
def _cleaner() -> nh3.Cleaner:
    # built once: nh3.clean() rebuilds its settings on every call, 3x the cost of cleaning
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _sanitise(html: str) -> str:
    return _cleaner().clean(html)


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML (block level)."""
    return _sanitise(_markdown().render(text or ""))


def render_inline(text: str) -> str:
    """Render one line of Markdown (an option, a heading) without a wrapping <p>."""
    return _sanitise(_markdown().renderInline(text or ""))


MODEL_ANSWER_LABEL_RE = re.compile(
    r"^(\s*<p>)\s*(?:<strong>|<em>)?\s*Model answer\s*:\s*(?:</strong>|</em>)?\s*", re.IGNORECASE
)


def without_model_answer_label(html: str) -> str:
    """Drop a leading "Model answer:" from an explanation shown under that very heading."""
    return MODEL_ANSWER_LABEL_RE.sub(r"\1", html, count=1)
