"""Read an article as text and repair mojibake before anything else looks at it.

The usual damage is UTF-8 once misread as a Windows code page (``â€™`` for ``’``,
``ğŸš€`` for ``🚀`` with Windows-1254). ``ftfy`` undoes that. One thing it cannot undo
alone: bytes the code page has no character for (0x81, 0x8D, 0x8F, 0x90, 0x9D in
Windows-1252/1254) were dropped when the article was misread, so some sequences arrive
one or two bytes short (``âŒ`` is ``❌`` without its 0x9D). Before ftfy runs, each such
short sequence gets its lost byte back when exactly one completion is an emoji (or the
emoji variation selector after an emoji); a sequence that could be several emoji is
removed and counted as lost, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import emoji
import ftfy
import ftfy.bad_codecs  # registers the "sloppy-windows-*" codecs

MAX_ARTICLE_BYTES = 2_000_000

# Bytes with no character in Windows-1252/1254: dropped when UTF-8 was misread as those.
_UNDEFINED_BYTES = (0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E)
_VARIATION_SELECTOR_16 = "\ufe0f"
_CLOSING_QUOTE = "\u201d"
# Characters Windows-1254 maps to bytes 0x80-0xFF: the raw material of its mojibake.
_CP1254_HIGH = "".join(
    bytes([b]).decode("cp1254") for b in range(0x80, 0x100) if b not in _UNDEFINED_BYTES
)
_HIGH_RUN_RE = re.compile(f"[{re.escape(_CP1254_HIGH)}]+")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # the article's own ’ and “ ” are punctuation to keep
    fix_latin_ligatures=False,
    fix_character_width=False,
    restore_byte_a0=False,  # a space after a short sequence is a space, not a lost 0xA0
    explain=False,
)


class DraftError(Exception):
    """The article cannot be drafted; the message says why, for the CLI and the web page."""


@dataclass(frozen=True)
class Repaired:
    text: str
    repairs: int  # mojibake sequences turned back into the characters they were
    lost: int  # damaged sequences that could not be recovered and were removed


def decode_article(data: str | bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> str:
    """Bytes or text -> text, refusing binary, empty or over-limit input with a DraftError."""
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise DraftError(
            f"the article is {size:,} bytes, over the {max_bytes:,}-byte limit: "
            "split it and draft each part"
        )
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise DraftError("this is a binary file, not an article: upload Markdown or text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Not UTF-8: read it as Windows-1252, the commonest legacy encoding of articles.
            text = data.decode("sloppy-windows-1252")
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text or _control_share(text) > 0.01:
        raise DraftError("this is a binary file, not an article: upload Markdown or text")
    if not text.strip():
        raise DraftError("the article is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    sample = text[:10_000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(len(sample), 1)


def repair_text(text: str) -> Repaired:
    """Undo mojibake line by line; count the sequences repaired and the ones lost."""
    repairs = lost = 0
    out: list[str] = []
    for line in text.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        completed, lost_here = _restore_lost_bytes(line)
        fixed = ftfy.fix_text(completed, _FTFY_CONFIG)
        lost += lost_here
        if fixed != line:
            matcher = SequenceMatcher(None, line, fixed, autojunk=False)
            changed = sum(1 for op in matcher.get_opcodes() if op[0] != "equal")
            repairs += max(changed - lost_here, 0)
        out.append(fixed)
    return Repaired("\n".join(out), repairs, lost)


def _restore_lost_bytes(line: str) -> tuple[str, int]:
    """Put back dropped bytes ftfy can then decode; drop sequences that stay ambiguous."""
    lost = 0

    def open_quote(match: re.Match[str]) -> bool:
        # A lost 0x9D most often ends a “…” quote opened earlier on the line.
        before = ftfy.fix_text(line[: match.start()], _FTFY_CONFIG)
        return before.count("\u201c") > before.count("\u201d")

    def fix_run(match: re.Match[str]) -> str:
        nonlocal lost
        run = match.group(0)
        data = run.encode("cp1254")
        pieces: list[str] = []
        i = 0
        previous_was_char = False
        while i < len(data):
            need = _continuations(data[i])
            k = 0
            while k < need and i + 1 + k < len(data) and 0x80 <= data[i + 1 + k] <= 0xBF:
                k += 1
            if need == 0 or k == need or k == 0:
                # A whole sequence, or not UTF-8 at all: leave it to ftfy as it is.
                step = 1 + k if need else 1
                pieces.append(data[i : i + step].decode("cp1254"))
                previous_was_char = need > 0 and k == need
                i += step
                continue
            fragment = data[i : i + 1 + k]
            completion = _complete(
                fragment, need - k, after_char=previous_was_char, open_quote=open_quote(match)
            )
            if completion is None:
                lost += 1
                previous_was_char = False
            else:
                pieces.append(completion.decode("sloppy-windows-1254"))
                previous_was_char = True
            i += 1 + k
        return "".join(pieces)

    return _HIGH_RUN_RE.sub(fix_run, line), lost


def _continuations(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 1
    if 0xE0 <= lead <= 0xEF:
        return 2
    if 0xF0 <= lead <= 0xF4:
        return 3
    return 0


def _complete(fragment: bytes, missing: int, *, after_char: bool, open_quote: bool) -> bytes | None:
    """The one completion of a short sequence that is an emoji, or None if not exactly one.

    Exceptions, by context: the emoji variation selector right after a character, and a
    closing quote when the line has an open one.
    """
    found: dict[str, bytes] = {}
    for candidate in _insertions(fragment, missing):
        try:
            char = candidate.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if emoji.is_emoji(char) or (after_char and char == _VARIATION_SELECTOR_16):
            found[char] = candidate
        elif open_quote and char == _CLOSING_QUOTE:
            return candidate
    if _VARIATION_SELECTOR_16 in found:
        return found[_VARIATION_SELECTOR_16]
    return next(iter(found.values())) if len(found) == 1 else None


def _insertions(fragment: bytes, missing: int) -> list[bytes]:
    """Every way to insert ``missing`` undefined bytes after the lead byte."""
    results = [fragment]
    for _ in range(missing):
        results = [
            seq[:pos] + bytes([b]) + seq[pos:]
            for seq in results
            for pos in range(1, len(seq) + 1)
            for b in _UNDEFINED_BYTES
        ]
    return list(dict.fromkeys(results))
