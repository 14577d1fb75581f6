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
from functools import lru_cache

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
    """Undo mojibake; count the characters repaired and the damaged ones lost.

    Mojibake of a UTF-8 character is all non-ASCII, so each run of non-ASCII characters is
    repaired on its own (cached: articles repeat the same few marks and emoji), in order,
    knowing only whether a “ quote is open on the line so far.
    """
    repairs = lost = 0
    out: list[str] = []
    for line in text.split("\n"):
        if line.isascii():
            out.append(line)
            continue
        pieces: list[str] = []
        quote_depth = 0
        for ascii_part, run in _RUN_RE.findall(line):
            pieces.append(ascii_part)
            if not run:
                continue
            fixed, repaired, lost_here = _repair_run(run, quote_depth > 0)
            quote_depth += fixed.count("\u201c") - fixed.count("\u201d")
            pieces.append(fixed)
            repairs += repaired
            lost += lost_here
        out.append("".join(pieces))
    return Repaired("\n".join(out), repairs, lost)


_RUN_RE = re.compile(r"([\x00-\x7f]*)([^\x00-\x7f]*)")


@lru_cache(maxsize=4096)
def _repair_run(run: str, quote_open: bool) -> tuple[str, int, int]:
    """(repaired run, characters repaired, damaged sequences removed)."""
    completed, lost = _restore_lost_bytes(run, quote_open)
    fixed = ftfy.fix_text(completed, _FTFY_CONFIG) if completed else completed
    if fixed == run:
        return fixed, 0, lost
    return fixed, sum(1 for c in fixed if c != _VARIATION_SELECTOR_16), lost


def _restore_lost_bytes(run: str, quote_open: bool) -> tuple[str, int]:
    """Put back dropped bytes ftfy can then decode; drop sequences that stay ambiguous."""
    lost = 0

    def fix_high_run(match: re.Match[str]) -> str:
        nonlocal lost
        data = match.group(0).encode("cp1254")
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
                fragment, need - k, after_char=previous_was_char, open_quote=quote_open
            )
            if completion is None:
                lost += 1
                previous_was_char = False
            else:
                pieces.append(completion.decode("sloppy-windows-1254"))
                previous_was_char = True
            i += 1 + k
        return "".join(pieces)

    return _HIGH_RUN_RE.sub(fix_high_run, run), lost


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
