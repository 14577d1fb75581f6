"""Question banks in other tools' formats: converters into this app's Markdown bank
format (GIFT, Moodle XML, Aiken, quizdown, Anki) and writers out of it (GIFT, Moodle XML).

Plain Python, no Flask. ``convert(data, name, fmt)`` returns a :class:`Conversion`
(Markdown, notices at source lines, errors); ``to_gift(bank)`` and
``to_moodle_xml(bank)`` write a parsed :class:`~quiz.banks.model.Bank`.
"""

from .common import Notice, Problem
from .convert import (
    BANK_MARKDOWN,
    FORMATS,
    LABELS,
    MAX_SOURCE_BYTES,
    Conversion,
    convert,
    detect_format,
    detect_source_format,
)
from .gift import to_gift
from .markdown import to_markdown
from .moodle_xml import to_moodle_xml

__all__ = [
    "BANK_MARKDOWN",
    "FORMATS",
    "LABELS",
    "MAX_SOURCE_BYTES",
    "Conversion",
    "Notice",
    "Problem",
    "convert",
    "detect_format",
    "detect_source_format",
    "to_gift",
    "to_markdown",
    "to_moodle_xml",
]
