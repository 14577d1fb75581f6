"""Where a bank's text comes from: files, folders, bytes, and the limits on them.

Owns reading a file as bytes (refusing one over the size limit before reading it),
decoding UTF-8 (a bad byte is reported at its line), dropping a byte-order mark,
normalising line endings to ``\\n`` and NUL characters to U+FFFD, refusing an empty
file, and expanding folders into the ``*.md`` files they hold. Everything here turns
trouble into a :class:`~quiz.banks.model.Diagnostic`; nothing raises.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from .frontmatter import FRONT_MATTER_HINT
from .model import Diagnostic, ParseResult

DEFAULT_MAX_BYTES = 1_000_000

_NEWLINES_RE = re.compile(r"\r\n?")


def decode(data: object, path: str, max_bytes: int) -> tuple[str | None, list[Diagnostic]]:
    """Bytes or str -> normalised text, or the diagnostics that stop parsing."""

    def fail(line: int, message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(path, line, message)]

    too_big = (
        "the file is {size:,} bytes, over the limit of {limit:,} bytes: split it into smaller banks"
    )
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > max_bytes:
            return fail(1, too_big.format(size=len(raw), limit=max_bytes))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            prefix = raw[: exc.start].decode("utf-8", errors="replace")
            line = _NEWLINES_RE.sub("\n", prefix).count("\n") + 1
            return fail(
                line, f"not valid UTF-8 (first bad byte at line {line}); save the file as UTF-8"
            )
    elif isinstance(data, str):
        text = data
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > max_bytes:
            return fail(1, too_big.format(size=size, limit=max_bytes))
    else:
        return fail(1, f"expected the file's text, got {type(data).__name__}")
    text = text.removeprefix("\ufeff")
    text = _NEWLINES_RE.sub("\n", text).replace("\0", "\ufffd")
    if not text.strip():
        return fail(
            1, f"the file is empty: {FRONT_MATTER_HINT}, then add a '# Topic' and questions"
        )
    return text, []


def read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes | ParseResult:
    """The file's bytes, or a result carrying why it cannot be parsed."""
    name = str(path)
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                message = (
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes: "
                    "split it into smaller banks"
                )
                return ParseResult(name, None, [Diagnostic(name, 1, message)])
            return fh.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return ParseResult(name, None, [Diagnostic(name, 1, f"cannot read the file: {reason}")])


def collect_bank_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; folders expanded to their ``*.md`` files (recursive, sorted).

    Hidden files and folders (name starting with ``.``) inside a folder are skipped, and a
    file named twice is kept once.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve() if p.exists() else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = [
                f
                for f in p.rglob("*.md")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ]
            for f in sorted(found):
                add(f)
        else:
            add(p)
    return out
