"""HTML comments (``<!-- ... -->``) are the author's notes: removed before parsing.

The format says comments are ignored, so they must never reach a learner, wherever they
sit: between questions, in a heading, an option, a table cell, an explanation or the
front matter. A comment is replaced by nothing but its own line breaks, so every later
line keeps its number. Comments inside code (a fenced block or a backtick span) are
code, and stay. A comment that is never closed is left for the body's own warning
(it would hide the rest of the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE = "<!--", "-->"
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based line where it opens
    inline: bool  # it shares a line with the text of a field


def strip_comments(text: str) -> tuple[str, list[Comment]]:
    """``text`` without its HTML comments, and where each one was."""
    if OPEN not in text:
        return text, []
    lines = text.split("\n")
    found: list[Comment] = []
    fence: str | None = None
    number = 0
    while number < len(lines):
        line = lines[number]
        marker = FENCE_RE.match(line)
        if fence is not None or marker:
            if fence is None:
                fence = marker.group(1)
            elif marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            number += 1
            continue
        start = _comment_start(line)
        if start < 0:
            number += 1
            continue
        last, end = number, line.find(CLOSE, start + len(OPEN))
        while end < 0 and last + 1 < len(lines):
            last += 1
            end = lines[last].find(CLOSE)
        if end < 0:  # never closed: the body warns that it hides the rest of the file
            break
        before, after = line[:start], lines[last][end + len(CLOSE) :]
        found.append(Comment(number + 1, bool(before.strip() or after.strip())))
        # The text around the comment joins on its first line; the lines it spanned
        # stay, blank, so every later line keeps its number. The same line is then
        # scanned again for another comment.
        lines[number] = before + after
        for spanned in range(number + 1, last + 1):
            lines[spanned] = ""
    return "\n".join(lines), found


def _comment_start(line: str) -> int:
    """Where a comment opens on ``line`` outside a backtick code span, or -1."""
    position = line.find(OPEN)
    while position >= 0:
        if line.count("`", 0, position) % 2 == 0:
            return position
        position = line.find(OPEN, position + 1)
    return -1
