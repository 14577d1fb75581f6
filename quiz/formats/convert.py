"""Convert a question file from another tool into this app's Markdown bank format.

``convert(data, name, fmt)`` never raises: it returns a :class:`Conversion` with the bank
Markdown, the notices (questions not converted, or converted with a caveat, each at its
line in the source file) and the errors (``LINE: message``). The Markdown is checked
with the bank parser before it is returned, so a conversion without errors is a bank
that imports. ``detect_format`` guesses the format from the file's name and content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quiz.banks.model import Bank
from quiz.banks.parser import parse_text

from .aiken import read_aiken
from .anki import read_anki_text, read_apkg
from .common import BankBuilder, Notice, Problem, SourceError, bank_identity
from .gift import read_gift
from .markdown import to_markdown
from .moodle_xml import read_moodle_xml
from .quizdown import read_quizdown

# A source file larger than this is refused before it is read (an .apkg may carry media).
MAX_SOURCE_BYTES = 20_000_000

TextReader = Callable[[str, BankBuilder], None]
BytesReader = Callable[[bytes, BankBuilder], None]

LABELS = {
    "gift": "GIFT",
    "moodle-xml": "Moodle XML",
    "aiken": "Aiken",
    "quizdown": "quizdown",
    "anki-csv": "Anki CSV/TSV",
    "apkg": "an Anki package (.apkg)",
}
TEXT_READERS: dict[str, TextReader] = {
    "gift": read_gift,
    "aiken": read_aiken,
    "quizdown": read_quizdown,
    "anki-csv": read_anki_text,
}
BYTES_READERS: dict[str, BytesReader] = {"moodle-xml": read_moodle_xml, "apkg": read_apkg}
FORMATS = ("gift", "moodle-xml", "aiken", "quizdown", "anki-csv", "apkg")
BANK_MARKDOWN = "markdown"  # this app's own format: nothing to convert
_BANK_KEY_RE = re.compile(r"^bank[ \t]*:")


@dataclass
class Conversion:
    """The converted bank (Markdown), what was left out, and what went wrong."""

    format: str | None
    markdown: str = ""
    notices: list[Notice] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    converted: int = 0  # questions in the Markdown
    skipped: int = 0  # questions reported as not supported
    bank: Bank | None = None  # the Markdown parsed, when there are no errors

    @property
    def ok(self) -> bool:
        return not self.errors and self.bank is not None

    @property
    def summary(self) -> str:
        text = f"{self.converted} question{'s' if self.converted != 1 else ''} converted"
        if self.skipped:
            text += f", {self.skipped} not supported"
        return text


# What each format's content looks like, to refuse a file given the wrong format.
_SIGNATURES: dict[str, re.Pattern[bytes]] = {
    "moodle-xml": re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<quiz[\s>]", re.S),
    "anki-csv": re.compile(rb"^#(?:separator|columns|html|guid column|notetype column):", re.M),
    "aiken": re.compile(rb"^[A-Z][.)][ \t]+\S.*\n(?:.*\n)*?ANSWER:[ \t]*[A-Z]\b", re.M),
    "quizdown": re.compile(
        rb"^#{1,6}[ \t]+\S.*\n(?:(?!#).*\n)*?[ \t]*[-*+][ \t]+\[[ xX]\][ \t]", re.M
    ),
    "gift": re.compile(
        rb"(?:^|\n)[ \t]*(?:::[^\n]*?::|\$CATEGORY:)"  # a title or a category
        rb"|\{[^{}]*?(?:^|[\s{])[=~][^{}]*\}|\{(?:T|F|TRUE|FALSE)\}",  # an answer section
        re.S,
    ),
}
_EXTENSIONS = {
    ".gift": "gift",
    ".xml": "moodle-xml",
    ".csv": "anki-csv",
    ".tsv": "anki-csv",
    ".apkg": "apkg",
    ".colpkg": "apkg",
}


def _sniff(data: bytes) -> str | None:
    """The format the content looks like, among every format this module knows."""
    if data[:4] == b"PK\x03\x04":
        return "apkg"
    head = data[:200_000].lstrip(b"\xef\xbb\xbf")
    return next((fmt for fmt, sig in _SIGNATURES.items() if sig.search(head)), None)


def detect_format(data: bytes, filename: str = "") -> str | None:
    """The format of a file from its content (and, failing that, its name), or None."""
    sniffed = _sniff(data)
    if sniffed in FORMATS:
        return sniffed
    ext = re.search(r"\.[A-Za-z0-9]+$", filename.lower())
    found = _EXTENSIONS.get(ext.group(0)) if ext else None
    return found if found in FORMATS else None


def has_bank_front_matter(data: bytes) -> bool:
    """Whether the file opens with this app's front matter (a ``bank:`` key)."""
    head = data[:4096].decode("utf-8", "replace").removeprefix("\ufeff").replace("\r", "\n")
    lines = head.split("\n")
    if lines[0].strip() != "---":
        return False
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return False
        if _BANK_KEY_RE.match(line):
            return True
    return False


def detect_source_format(data: bytes, filename: str = "") -> str | None:
    """An uploaded file's format: ``BANK_MARKDOWN`` for this app's own bank, else a format
    of FORMATS, else None. A Markdown file without a bank's front matter that reads as
    quizdown is quizdown; any other ``.md`` file is a bank (its errors say what is wrong)."""
    if has_bank_front_matter(data):
        return BANK_MARKDOWN
    found = detect_format(data, filename)
    if found is None and re.search(r"\.(?:md|markdown)$", filename, re.I):
        return BANK_MARKDOWN
    return found


def _looks_like(data: bytes, fmt: str) -> bool:
    if fmt == "apkg":
        return data[:4] == b"PK\x03\x04"
    signature = _SIGNATURES.get(fmt)
    return bool(signature and signature.search(data[:200_000].lstrip(b"\xef\xbb\xbf")))


def decode_text(data: bytes) -> str:
    """UTF-8 text with ``\\n`` line ends; a bad byte raises :class:`SourceError` at its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            line, f"not valid UTF-8 (first bad byte at line {line}): save the file as UTF-8"
        ) from None
    return re.sub(r"\r\n?", "\n", text.removeprefix("\ufeff")).replace("\0", "\ufffd")


def convert(
    data: bytes,
    name: str = "",
    fmt: str | None = None,
    bank_id: str | None = None,
    title: str | None = None,
) -> Conversion:
    """Convert ``data`` (the file's bytes, its file name ``name``) from ``fmt`` (None: detect)."""
    result = Conversion(format=fmt)
    try:
        _convert(result, bytes(data), name, bank_id, title)
    except SourceError as exc:
        result.errors.append(exc.problem)
    except Exception as exc:  # a bug in a reader must never escape as a crash
        result.errors.append(
            Problem(0, f"internal error while converting ({type(exc).__name__}); please report")
        )
    if result.errors:
        result.bank = None
    return result


def _convert(
    result: Conversion, data: bytes, name: str, bank_id: str | None, title: str | None
) -> None:
    choices = ", ".join(FORMATS)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            0, f"the file is {len(data):,} bytes, over the limit of {MAX_SOURCE_BYTES:,} bytes"
        )
    if not data.strip():
        raise SourceError(0, "the file is empty")
    fmt = result.format or detect_format(data, name)
    if fmt is None:
        raise SourceError(0, f"cannot tell the file's format: choose one of {choices}")
    if fmt not in FORMATS:
        raise SourceError(0, f"unknown format {fmt!r}: choose one of {choices}")
    result.format = fmt
    if not _looks_like(data, fmt):
        other = _sniff(data)
        if other and other != fmt:
            raise SourceError(
                0,
                f"this file looks like {LABELS.get(other, other)}, not {LABELS.get(fmt, fmt)}: "
                f"choose the format {other}",
            )
    builder = BankBuilder()
    if fmt in BYTES_READERS:
        BYTES_READERS[fmt](data, builder)
    else:
        TEXT_READERS[fmt](decode_text(data), builder)
    result.notices, result.errors, result.skipped = builder.notices, builder.errors, builder.skipped
    the_id, the_title = bank_identity(bank_id, title, builder.source_title, name)
    bank = builder.bank(the_id, the_title)
    result.converted = len(bank.questions)
    if not bank.questions and not result.errors:
        label = LABELS.get(fmt, fmt)
        if result.skipped:
            raise SourceError(
                0, f"no question in this {label} file can be converted ({result.summary})"
            )
        raise SourceError(0, f"no {label} questions found in the file")
    result.markdown = to_markdown(bank)
    parsed = parse_text(result.markdown, f"{the_id}.md")
    for diag in parsed.errors:
        result.errors.append(Problem(0, f"converted bank, line {diag.line}: {diag.message}"))
    result.bank = parsed.bank
