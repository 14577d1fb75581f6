"""Moodle XML read into a bank, and a bank written as Moodle XML.

Parsing goes through ``defusedxml``: entity declarations (the billion-laughs bomb),
external entities and external DTDs are refused, never resolved. Each ``<question>`` is
read with the line of its start tag, so every notice and error names a line of the file.

Read: ``category`` (its last part is the topic), ``multichoice`` (one answer or several),
``truefalse``, ``shortanswer`` and ``essay`` (model answer from the grader information,
else the general feedback); text in ``html``/``moodle_auto_format`` is cleaned to
Markdown, ``plain_text`` escaped, ``markdown`` kept. Embedded files (``<file>``, base64
images) are reported, never dropped silently. Every other question type is reported at
its line as not supported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from quiz.banks.model import Bank, Question
from quiz.banks.slugs import slugify

from .common import (
    Answer,
    BankBuilder,
    SourceError,
    Stem,
    add_choice,
    add_short,
    add_true_false,
    category_topic,
    excerpt,
    join_explanation,
    one_line,
    open_question,
    rubric_text,
)
from .gift import weight_text
from .html_text import escape_markdown, html_to_markdown, looks_like_html

# Moodle's names for the question types this app does not have.
UNSUPPORTED_TYPES = {
    "matching": "matching question",
    "randomsamatch": "random short-answer matching question",
    "numerical": "numerical question",
    "calculated": "calculated question",
    "calculatedsimple": "calculated question",
    "calculatedmulti": "calculated multiple choice question",
    "multianswer": "embedded answers (cloze) question",
    "description": "description",
    "ddwtos": "drag and drop into text question",
    "gapselect": "select missing words question",
    "ddimageortext": "drag and drop onto image question",
    "ddmarker": "drag and drop markers question",
    "ordering": "ordering question",
}


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line of each element's start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


def _parse(data: bytes) -> tuple[Element, dict[int, int]]:
    target = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=target, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    target.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden:
        raise SourceError(
            parser.parser.CurrentLineNumber,
            "the XML declares entities (<!ENTITY ...>), which are refused: entity "
            "declarations can expand a small file into gigabytes (the billion laughs "
            "attack); export the questions from Moodle again",
        ) from None
    except (DTDForbidden, DefusedXmlException):
        raise SourceError(
            parser.parser.CurrentLineNumber,
            "the XML refers to an external entity or DTD, which is never loaded: "
            "export the questions from Moodle again",
        ) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        message = str(exc).split(": line", 1)[0]
        if message.startswith("no element found") or message.startswith("unclosed token"):
            message = "the XML ends before it is complete (is the file cut short?)"
        raise SourceError(line, f"the XML is not well-formed: {message}") from None
    return root, target.lines


def _text_of(element: Element | None, builder: BankBuilder, line: int, what: str) -> str:
    """A Moodle rich-text element (``format`` attribute and ``<text>``) as Markdown."""
    if element is None:
        return ""
    raw = element.findtext("text") or ""
    fmt = element.get("format", "html")
    files = [f.get("name", "file") for f in element.findall("file")]
    for name in files:
        builder.note(
            line,
            f"embedded file {name!r} in the {what} at line {line} (base64 data): "
            "not supported, left out",
        )
    if fmt == "markdown":
        return raw.strip()
    if fmt == "plain_text" or (fmt == "moodle_auto_format" and not looks_like_html(raw)):
        return escape_markdown(raw.strip())
    markdown, images = html_to_markdown(raw)
    for name in images:
        if name.replace("%20", " ") not in files:
            builder.note(
                line, f"image {name!r} in the {what} at line {line}: not supported, left out"
            )
    return markdown


def read_moodle_xml(data: bytes, builder: BankBuilder) -> None:
    """Every question of a Moodle XML file (its bytes: the XML says its encoding)."""
    root, lines = _parse(data)
    if root.tag != "quiz":
        raise SourceError(
            lines.get(id(root), 1),
            f"this is XML but not Moodle XML: the root element is <{root.tag}>, not <quiz>",
        )
    for question in root.iter("question"):
        _read_question(question, lines.get(id(question), 0), builder)


def _read_question(q: Element, line: int, builder: BankBuilder) -> None:
    qtype = q.get("type", "")
    if qtype == "category":
        builder.set_topic(category_topic(q.findtext("category/text") or ""), line)
        return
    name = one_line(q.findtext("name/text") or "")
    prompt = _text_of(q.find("questiontext"), builder, line, "question text")
    if qtype in UNSUPPORTED_TYPES:
        builder.skip(line, UNSUPPORTED_TYPES[qtype], prompt or name)
        return
    if qtype not in ("multichoice", "truefalse", "shortanswer", "essay"):
        builder.skip(line, f"{qtype or 'untyped'} question", prompt or name)
        return
    if not prompt.strip():
        builder.error(line, f"{qtype} question {name!r} has no question text")
        return
    general = _text_of(q.find("generalfeedback"), builder, line, "general feedback")
    tags = tuple(t for t in (one_line(x.text or "") for x in q.findall("tags/tag/text")) if t)
    wanted_id = (q.findtext("idnumber") or "").strip() or name
    stem = Stem(prompt, general, line, wanted_id, tuple(_tag_slugs(tags)))
    if qtype == "essay":
        grader = _text_of(q.find("graderinfo"), builder, line, "grader information")
        open_question(builder, stem, model_answer_md=grader or general, kind="essay question")
        return
    answers = [_answer(a, builder, line) for a in q.findall("answer")]
    if qtype == "truefalse":
        right = next((a for a in answers if a.fraction >= 100), None)
        if right is None or right.text.strip().lower() not in ("true", "false"):
            builder.error(line, f"true/false question {excerpt(prompt)!r}: no right answer")
            return
        wrong = next((a for a in answers if a is not right), Answer("", 0))
        truth = right.text.strip().lower() == "true"
        add_true_false(
            builder, stem, truth, right_feedback=right.feedback, wrong_feedback=wrong.feedback
        )
    elif qtype == "multichoice":
        single = (q.findtext("single") or "true").strip().lower() in ("true", "1")
        add_choice(builder, stem, answers, single=single)
    else:
        add_short(builder, stem, answers)


def _tag_slugs(tags: tuple[str, ...]) -> list[str]:
    return [s for s in (slugify(t) for t in tags) if s]


def _answer(element: Element, builder: BankBuilder, line: int) -> Answer:
    try:
        fraction = float(element.get("fraction", "0"))
    except ValueError:
        fraction = 0.0
    has_text = element.find("text") is not None
    text = _text_of(element, builder, line, "answer") if has_text else ""
    return Answer(text, fraction, _text_of(element.find("feedback"), builder, line, "feedback"))


# ---------------------------------------------------------------------------------------
# Writer

_XML_INVALID_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _XML_INVALID_RE.sub("\ufffd", text)
    return element


def _rich(parent: Element, tag: str, markdown: str, **attrs: str) -> Element:
    element = _sub(parent, tag, format="markdown", **attrs)
    _sub(element, "text", markdown)
    return element


def to_moodle_xml(bank: Bank) -> str:
    """The bank as Moodle XML that Moodle's importer reads; topics become categories.

    Text is written in Moodle's ``markdown`` format. The question id is both the name and
    the ``idnumber``. Multiple select gives every right box an equal share of 100% and
    every wrong box an equal share of -100% (Moodle's grade list), so ticking every box
    earns nothing, as in this app. Open questions become essays whose grader information
    is the model answer followed by the key points.
    """
    quiz = Element("quiz")
    quiz.append(ET.Comment(f" {one_line(bank.title)} (bank {bank.id}) "))
    for topic in bank.topics:
        category = _sub(quiz, "question", type="category")
        path = "/".join(p.replace("/", "//") for p in (bank.title, topic.title))
        _sub(_sub(category, "category"), "text", f"$course$/top/{one_line(path)}")
        for question in topic.questions:
            _write_question(quiz, question)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


def _write_question(quiz: Element, q: Question) -> None:
    qtype = {"single": "multichoice", "multiple": "multichoice", "short": "shortanswer"}.get(
        q.kind, "essay"
    )
    element = _sub(quiz, "question", type=qtype)
    _sub(_sub(element, "name"), "text", q.id)
    _rich(element, "questiontext", q.prompt_md)
    _rich(element, "generalfeedback", q.explanation_md)
    _sub(element, "defaultgrade", "1")
    _sub(element, "penalty", "0.3333333" if q.kind != "open" else "0")
    _sub(element, "hidden", "0")
    _sub(element, "idnumber", q.id)
    if q.kind in ("single", "multiple"):
        _sub(element, "single", "true" if q.kind == "single" else "false")
        _sub(element, "shuffleanswers", "true")
        _sub(element, "answernumbering", "abc")
        n_right = sum(o.correct for o in q.options)
        n_wrong = len(q.options) - n_right
        for option in q.options:
            if q.kind == "single":
                fraction = "100" if option.correct else "0"
            else:
                share = 100 / n_right if option.correct else -100 / max(n_wrong, 1)
                fraction = weight_text(share)
            answer = _rich(element, "answer", option.text_md, fraction=fraction)
            _rich(answer, "feedback", "")
    elif q.kind == "short":
        _sub(element, "usecase", "0")
        for accepted in q.answers:
            answer = _rich(element, "answer", accepted, fraction="100")
            _rich(answer, "feedback", "")
    else:
        _sub(element, "responseformat", "editor")
        _sub(element, "responserequired", "1")
        _sub(element, "responsefieldlines", "15")
        _sub(element, "attachments", "0")
        _sub(element, "attachmentsrequired", "0")
        _rich(element, "graderinfo", join_explanation(q.explanation_md, rubric_text(q)))
        template = _sub(element, "responsetemplate", format="html")
        _sub(template, "text", "")
    if q.tags:
        tags = _sub(element, "tags")
        for tag in q.tags:
            _sub(_sub(tags, "tag"), "text", tag)
