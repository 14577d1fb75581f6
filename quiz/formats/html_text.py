"""HTML question text (Moodle XML, GIFT ``[html]``, Anki fields) cleaned to Markdown.

A small, safe conversion with the standard library's HTML tokenizer: paragraphs, line
breaks, headings, bold, italics, code and preformatted blocks, lists and links (only
``http``, ``https`` and ``mailto`` targets; otherwise the link text alone) survive.
Scripts, styles and every other tag are dropped, their text kept. Images cannot come
along (the bank format has no media store), so each one is returned to the caller to
report, never dropped silently. Nothing here raises on bad HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>])")
# Line starts that would make a heading, a list or a setext underline of plain text.
_LINE_START_RE = re.compile(r"^([ \t]*)(#|[-+](?=\s|$)|\d{1,9}[.)](?=\s)|=+(?=\s*$))", re.M)
_SAFE_URL_RE = re.compile(r"^(?:https?:|mailto:)", re.I)
_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "table", "tr", "figure"}
_DROP_TAGS = {"script", "style", "head", "title", "noscript", "template"}


def looks_like_html(text: str) -> bool:
    return bool(_TAG_RE.search(text))


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders the same characters."""
    text = _MD_SPECIAL_RE.sub(r"\\\1", text)

    def guard(m: re.Match[str]) -> str:
        mark = m.group(2)
        if mark[0].isdigit():
            return m.group(1) + mark[:-1] + "\\" + mark[-1]
        return m.group(1) + "\\" + mark

    return _LINE_START_RE.sub(guard, text)


@dataclass
class _List:
    ordered: bool
    count: int = 0


@dataclass
class _Converter(HTMLParser):
    out: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)
    pre: int = 0
    code: int = 0
    drop: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    # Paragraph breaks are written as "\n\n" markers and tidied at the end.
    def _block(self) -> None:
        self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag in _DROP_TAGS:
            self.drop += 1
        elif tag in _BLOCK_TAGS or tag == "blockquote":
            self._block()
        elif tag == "br":
            self.out.append("  \n" if not self.pre else "\n")
        elif re.fullmatch(r"h[1-6]", tag):
            self._block()
            self.out.append("**")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.code += 1
            self.out.append("`")
        elif tag == "pre":
            self._block()
            self.out.append("```\n")
            self.pre += 1
        elif tag in ("ul", "ol"):
            if not self.lists:
                self._block()
            self.lists.append(_List(ordered=tag == "ol"))
        elif tag == "li":
            current = self.lists[-1] if self.lists else _List(ordered=False)
            current.count += 1
            indent = "   " * max(len(self.lists) - 1, 0)
            marker = f"{current.count}." if current.ordered else "-"
            self.out.append(f"\n{indent}{marker} ")
        elif tag == "a":
            href = attr.get("href", "").strip()
            self.links.append(href if _SAFE_URL_RE.match(href) else None)
            if self.links[-1]:
                self.out.append("[")
        elif tag == "img":
            name = attr.get("src", "").rsplit("/", 1)[-1] or attr.get("alt", "") or "image"
            self.images.append(name)
        elif tag in ("td", "th"):
            self.out.append(" ")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self.drop = max(self.drop - 1, 0)
        elif tag in _BLOCK_TAGS or tag == "blockquote":
            self._block()
        elif re.fullmatch(r"h[1-6]", tag):
            self.out.append("**")
            self._block()
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.code = max(self.code - 1, 0)
            self.out.append("`")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            while self.out and self.out[-1].endswith("\n") and self.out[-1] != "```\n":
                self.out[-1] = self.out[-1][:-1]
            self.out.append("\n```")
            self._block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f"]({href})")

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.pre:
            self.out.append(data)
        elif self.code:
            self.out.append(re.sub(r"\s+", " ", data))
        else:
            self.out.append(_MD_SPECIAL_RE.sub(r"\\\1", re.sub(r"\s+", " ", data)))


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """HTML -> (Markdown, names of the images it held)."""
    conv = _Converter()
    try:
        conv.feed(html)
        conv.close()
    except Exception:  # html.parser is lenient; this is a last-ditch guard
        return escape_markdown(re.sub(r"<[^>]*>", " ", html)).strip(), conv.images
    text = "".join(conv.out)
    paragraphs: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        if chunk.lstrip().startswith("```"):
            paragraphs.append(chunk.strip("\n"))
            continue
        lines = [re.sub(r"(?<=\S) {2,}", " ", ln).rstrip() for ln in chunk.split("\n")]
        lines = [ln if re.match(r"^\s*(?:-|\d+\.) ", ln) else ln.lstrip() for ln in lines]
        body = "\n".join(ln for ln in lines if ln.strip())
        if body:
            paragraphs.append(body)
    markdown = "\n\n".join(paragraphs).replace("****", "")
    return markdown.strip(), conv.images
