"""The body of a bank file: topics, question sections and topic introductions.

Owns the outline: a ``# `` heading opens a topic (its slug, from the title, must be
unique in the bank), a ``## `` heading opens a question that runs to the next heading
of level 1 or 2 (handed to :mod:`.questions`), and a table standing in a topic's
introduction is a comparison table (handed to :mod:`.tables`). Also the traps an author
falls into between questions: an answer part outside any question, a table with a
broken header, ``Answer: x`` right above ``---`` (a setext heading) and an HTML comment
that is never closed.
"""

from __future__ import annotations

from .blocks import Block, split_blocks, table_cell_count
from .context import ParseContext
from .model import Topic
from .questions import QuestionDraft, finish_question
from .slugs import slugify
from .table_reader import table_questions
from .units import LABEL_RE, units_of


def read_body(text: str, ctx: ParseContext) -> list[Topic]:
    """The topics of ``text`` (the file with its front matter blanked out), in order."""
    topics: list[Topic] = []
    topic_lines: dict[str, int] = {}
    topic: Topic | None = None
    draft: QuestionDraft | None = None
    for block in split_blocks(text):
        if block.type == "heading" and block.setext and _setext_trap(block, ctx):
            # Read the lines above the --- as the paragraph the author meant.
            block = Block("paragraph", block.start, block.end - 1, [])
        if block.type == "heading" and block.level <= 2:
            if draft is not None:
                finish_question(draft, ctx)
                draft = None
            if block.level == 1:
                topic = _open_topic(block, topic_lines, ctx)
                topics.append(topic)
            else:
                if topic is None:
                    ctx.error(
                        block.start + 1,
                        "question before the first topic: add a '# Topic' heading above it",
                    )
                draft = QuestionDraft(block, topic)
        elif draft is not None:
            draft.blocks.append(block)
        else:
            _outside_question(block, topic, ctx)
        if block.type == "html_block":
            _check_comment(block, ctx)
    if draft is not None:
        finish_question(draft, ctx)

    total = 0
    for t in topics:
        total += len(t.questions)
    if total == 0 and not ctx.error_count:
        ctx.warn(1, "the bank has no questions: add '# Topic' and '## Question' headings")
    return topics


def _setext_trap(block: Block, ctx: ParseContext) -> bool:
    """``Answer: x`` directly above ``---`` is read as a heading: say so instead."""
    last = block.content.split("\n")[-1].strip()
    if not LABEL_RE.match(last):
        return False
    ctx.error(
        block.end,
        "the line above this --- is read as a heading: put a blank line before the ---",
    )
    return True


def _check_comment(block: Block, ctx: ParseContext) -> None:
    content = block.tokens[0].content
    if content.lstrip().startswith("<!--") and "-->" not in content:
        ctx.warn(
            block.start + 1,
            "HTML comment is never closed, so it hides the rest of the file: add -->",
        )


def _open_topic(block: Block, topic_lines: dict[str, int], ctx: ParseContext) -> Topic:
    line = block.start + 1
    title = block.content.strip()
    slug = slugify(title)
    if not title:
        ctx.error(line, "topic heading has no text: write the topic's name after '# '")
    elif not slug:
        ctx.error(
            line, f"topic {title!r} has no letters or digits: give it a name to build ids from"
        )
    elif slug in topic_lines:
        ctx.error(
            line,
            f"duplicate topic {title!r} (same as the topic at line "
            f"{topic_lines[slug]}): give each topic its own title",
        )
    else:
        topic_lines[slug] = line
    return Topic(slug=slug, title=title, source_line=line)


def _outside_question(block: Block, topic: Topic | None, ctx: ParseContext) -> None:
    """A block in a topic's introduction (or before the first topic)."""
    line = block.start + 1
    if block.type == "table":
        if topic is None:
            ctx.error(
                line,
                "comparison table before the first topic: add a '# Topic' heading above it",
            )
        else:
            topic.questions.extend(table_questions(block, topic, ctx))
        return
    if block.type == "paragraph":
        rows = [ln.strip() for ln in ctx.lines[block.start : block.end]]
        if rows and all(r.startswith("|") for r in rows) and table_cell_count(rows[0]) >= 2:
            ctx.error(
                line,
                "this table has a missing or broken header: start it with a header row and "
                "then a delimiter row with one --- per column, like | --- | --- |",
            )
            return
    for unit in units_of(block, ctx.lines):
        if unit.kind in ("answer", "keypoints", "tasklist"):
            where = "before the first topic" if topic is None else "outside a question"
            ctx.error(
                unit.start + 1,
                f"answer part {where}: start the question with a '## ' heading above it",
            )
            return
