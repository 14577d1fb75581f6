"""Question banks: the dataclasses and the Markdown parser (plain Python, no Flask)."""

from .model import (
    CHOICE_KINDS,
    KINDS,
    Bank,
    BankFormatError,
    Diagnostic,
    Misconception,
    Option,
    ParseResult,
    Question,
    QuestionKind,
    Topic,
)
from .parser import load_bank, parse_file, parse_paths, parse_text
from .slugs import slugify
from .source import DEFAULT_MAX_BYTES, collect_bank_files

__all__ = [
    "CHOICE_KINDS",
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "Bank",
    "BankFormatError",
    "Diagnostic",
    "Misconception",
    "Option",
    "ParseResult",
    "Question",
    "QuestionKind",
    "Topic",
    "collect_bank_files",
    "load_bank",
    "parse_file",
    "parse_paths",
    "parse_text",
    "slugify",
]
