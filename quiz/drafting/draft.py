"""``draft_bank``: an article in, a bank draft (Markdown in the bank format) out.

Sections become topics; comparison tables stay tables (the bank parser generates their
questions) with a ``Compare:`` line naming what the columns are; typed lists, definition
paragraphs and "when to use" tables or lists become questions (see ``questions``). The
draft is checked with the bank parser before it is returned.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import yaml

from quiz.banks import KINDS, parse_text, slugify
from quiz.banks.model import MAX_BANK_ID, MAX_TITLE

from .article import (
    LIST_KINDS,
    Article,
    ListBlock,
    Paragraph,
    Section,
    Table,
    list_items,
    read_article,
)
from .drafted import Draft
from .encoding import MAX_ARTICLE_BYTES, DraftError, decode_article, repair_text
from .furniture import description_of, front_text, is_furniture_section, without_furniture
from .legend import article_legend, rows_in_words
from .long_cells import long_cell_question, long_cells
from .misconceptions import MIN_MISCONCEPTIONS, NO_MISCONCEPTIONS, Comparisons, misconception_lines
from .questions import (
    OPPOSITE,
    DraftQuestion,
    Phrases,
    SubjectList,
    definition_question,
    definition_subject,
    head_noun,
    list_questions,
    mentions,
)
from .scenarios import recommendations, scenario_questions
from .tables import (
    compared_things,
    compares_subjects,
    keepable,
    oriented,
    subject_matchers,
    table_markdown,
)

_MAX_TOPIC_TITLE = 150  # well inside the parser's limits on topic titles and their slugs
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def draft_bank(
    article: str | bytes,
    *,
    bank_id: str | None = None,
    title: str | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
    validate: bool = True,
) -> Draft:
    """Draft a bank from an article. Raises DraftError when nothing can be drafted.

    With ``validate`` (the default) the draft is read back with the bank parser, which
    fills in the counts by kind and any errors; without it those stay empty.
    """
    if bank_id is not None and not _SLUG_RE.match(bank_id):
        raise DraftError(
            f"bank id {bank_id!r} is not a slug: use lowercase letters, digits and single hyphens"
        )
    repaired = repair_text(decode_article(article, max_bytes))
    front, text, damaged = without_furniture(repaired.text)
    structure = read_article(text)
    structure.title = structure.title or front_text(front, "title")
    writer = _Writer(structure)
    writer.description = front_text(front, "description") or writer.description
    body = writer.write()
    if not writer.questions_written and not writer.tables_kept:
        raise DraftError(
            "nothing could be drafted: the article has no definition paragraph "
            "(“X is a … for …”), no list under a Pros, Cons, Use cases, Features or Why "
            "heading, no comparison table and no “when to use” table or list"
        )
    final_title = (title or writer.default_title())[:MAX_TITLE].strip() or "Article draft"
    final_id = bank_id or slugify(final_title)[:MAX_BANK_ID].strip("-") or "article-draft"
    front = {"bank": final_id, "title": final_title}
    if writer.description:
        front["description"] = writer.description
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
    markdown = f"---\n{header}---\n\n" + body
    questions, errors = [], []
    if validate:
        result = parse_text(markdown, path=f"{final_id}.md", max_bytes=len(markdown) * 4)
        questions = result.bank.questions if result.bank else []
        errors = [str(e) for e in result.errors]
    kinds = Counter(q.kind for q in questions)
    return Draft(
        markdown=markdown,
        repairs=repaired.repairs,
        lost=repaired.lost + damaged,
        notes=writer.notes,
        questions_by_kind={k: kinds.get(k, 0) for k in KINDS},
        generated=sum(1 for q in questions if q.generated_from),
        misconceptions=writer.misconceptions,
        drilled=writer.drilled,
        errors=errors,
        validated=validate,
    )


class _Writer:
    """Walks the article's sections and writes one topic per section."""

    def __init__(self, article: Article):
        self.article = article
        self.out: list[str] = []
        self.notes: list[str] = []
        self.ids: set[str] = set()
        self.topics: set[str] = set()
        self.next_copy: dict[str, int] = {}  # a topic title's next "(n)"
        self.questions_written = 0
        self.misconceptions = 0
        self.tables_kept = 0
        self.drilled = Counter({"sections": 0, "table rows": 0, "list items": 0})
        self.subjects = self._subjects()
        self.subject_in = subject_matchers(
            # the title too: "Choosing an ORM: SQLAlchemy, Django ORM and Peewee"
            [*self.subjects, *(s.subject for s in article.sections if s.subject), article.title],
            [p.block for s in article.sections for p in s.parts if isinstance(p.block, Table)],
        )
        self.noun = self._noun()
        # what a scenario question offers: the tables' compared things, then the others
        self.choices = compared_things(self.subjects, self.subject_in, article)
        self.comparisons = Comparisons(article, self.subjects, self.noun)
        # One SubjectList per typed list (or typed table's first column), by block; a
        # table comparing the subjects is no list, whatever its heading says.
        self.list_of = {
            id(part.block): SubjectList(section, part.kind, part.heading, *list_items(part.block))
            for section in article.sections
            for part in section.parts
            if part.kind in LIST_KINDS
            and list_items(part.block)[0]
            and not compares_subjects(part.block, self.subject_in)
        }
        self.lists = list(self.list_of.values())
        self.by_kind: dict[str, list[SubjectList]] = {}
        self.lists_of: dict[int, list[SubjectList]] = {}
        self.items_of: dict[int, Phrases] = {}  # all of a section's items
        self.position: dict[int, int] = {}  # a list's index among the lists of its kind
        for sl in self.lists:
            self.position[id(sl)] = len(self.by_kind.setdefault(sl.kind, []))
            self.by_kind[sl.kind].append(sl)
            self.lists_of.setdefault(id(sl.section), []).append(sl)
            items = self.items_of.setdefault(id(sl.section), Phrases())
            for item in sl.items:
                items.add(item)
        self.description = description_of([p.source for p in article.intro])
        self.legend = article_legend(article)

    # -- article-wide facts

    def _subjects(self) -> list[str]:
        names = [s.subject for s in self.article.sections if s.names_subject]
        for section in self.article.sections:
            for part in section.parts:
                if isinstance(part.block, Paragraph):
                    name = definition_subject(part.block)
                    if name and len(name.split()) <= 4 and name not in names:
                        names.append(name)
        return names

    def _noun(self) -> str | None:
        nouns = Counter(
            noun
            for s in self.article.sections
            for p in s.parts
            if isinstance(p.block, Paragraph) and (noun := head_noun(p.block))
        )
        return nouns.most_common(1)[0][0] if nouns else None

    def default_title(self) -> str:
        if self.article.title:
            return self.article.title
        if len(self.subjects) >= 2:
            return ", ".join(self.subjects[:-1]) + " and " + self.subjects[-1]
        return self.subjects[0] if self.subjects else "Article draft"

    # -- writing

    def write(self) -> str:
        if self.lists:
            self._todo(
                "the wrong options of the list questions are other subjects' items: "
                "check that none of them is also true of the question's subject"
            )
        for section in self.article.sections:
            if not is_furniture_section(section.title):  # a table of contents, "share this"
                self._section(section)
        return "\n".join(self.out).rstrip() + "\n"

    def _todo(self, note: str, where: list[str] | None = None) -> None:
        self.notes.append(note)
        (where if where is not None else self.out).extend(
            [f"<!-- TODO: {note.replace('--', '–')} -->", ""]
        )

    def _section(self, section: Section) -> None:
        title = section.subject if section.names_subject else section.title
        title = title or self.article.title or (self.subjects or ["Article"])[0]
        base_title = title[:_MAX_TOPIC_TITLE].strip() if slugify(title) else "Topic"
        # "Title (2)", "(3)", ...: numbers already taken for this title are not tried
        # again, or a heading repeated in every part of a long article costs n² slugs
        title, slug, n = base_title, slugify(base_title), self.next_copy.get(base_title, 2)
        while slug in self.topics:
            title, n = f"{base_title} ({n})", n + 1
            slug = slugify(title)
        self.next_copy[base_title] = n
        self.topics.add(slug)
        intro: list[str] = []
        questions: list[DraftQuestion] = []
        for part in section.parts:
            block = part.block
            if isinstance(block, Table):
                questions += self._table(section, slug, part.kind, block, intro)
            elif isinstance(block, ListBlock):
                questions += self._list(section, slug, part.kind, block, part.heading)
            elif isinstance(block, Paragraph):
                name = definition_subject(block)
                if name and (mentions(name, section.subject) or not section.names_subject):
                    subject = section.subject if section.names_subject else name
                    questions.append(definition_question(self._id(f"{slug}-what"), subject, block))
                elif (sentences := recommendations(block, self.choices)) is not None:
                    questions += self._scenarios(section, slug, sentences, "list items")
        if not questions and not any(line.startswith("|") for line in intro):
            if section.parts:
                self._todo(
                    f"section “{section.title}” (line {section.line}) has nothing to draft "
                    "questions from: write some by hand"
                )
            return
        self.drilled["sections"] += 1
        self.out += [f"# {title}", "", *intro]
        for question in questions:
            if question.kind == "open":
                self.comparisons.attach(question, section)
            self._question(question)

    def _table(
        self, section: Section, slug: str, kind: str | None, table: Table, intro: list[str]
    ) -> list[DraftQuestion]:
        written = table  # the typed lists know the table as the article wrote it
        table, corner_noun = oriented(table, self.subject_in[id(table)])
        columns = len(table.headers)
        rows, unsaid = rows_in_words(table, self.legend)
        for row_label, line in unsaid:
            self._todo(
                f"table row “{row_label}” (line {line}) holds emoji-only values that no "
                "legend in the article puts into words: left out, write them in words",
                intro,
            )
        if kind == "when" and columns == 2:
            return self._scenarios(section, slug, table, "table rows")
        rows, opened = self._long_cells(slug, table, rows, intro)
        if opened and not rows:
            return opened  # every row a paragraph: open questions only
        if not keepable(table.headers, rows):
            self._todo(
                f"the table at line {table.line} cannot be kept for the question generator "
                "(missing headers, ragged or duplicate rows, or one answer only): "
                "turn it into questions by hand",
                intro,
            )
            return []
        if columns >= 3:
            noun = corner_noun or self.noun
            if noun:
                intro.append(f"Compare: {noun}")
            else:
                self._todo("name what this table compares with a Compare: line", intro)
        intro.append(table_markdown(table.headers, rows))
        intro.append("")
        self.tables_kept += 1
        self.drilled["table rows"] += len(rows)
        return opened + self._typed_list(section, slug, written)

    def _long_cells(
        self, slug: str, table: Table, rows: list[list[str]], intro: list[str]
    ) -> tuple[list[list[str]], list[DraftQuestion]]:
        """The rows whose cells fit an option, and open questions on the others' cells."""
        if len(table.headers) < 3:
            return rows, []
        rows, long = long_cells(table, rows)
        opened = []
        for thing, row_label, cell in long:
            qid = self._id(f"{slug}-{slugify(thing)}-{slugify(row_label)}")
            question = long_cell_question(qid, thing, row_label, cell, table.line)
            if question is None:
                self._todo(
                    f"the “{row_label}” cell of {thing} (table at line {table.line}) is too "
                    "long for an option and says nothing a key point can hold: left out",
                    intro,
                )
            else:
                opened.append(question)
        return rows, opened

    def _list(
        self, section: Section, slug: str, kind: str | None, block: ListBlock, heading: str
    ) -> list[DraftQuestion]:
        if kind == "when" or (kind is None and recommendations(block, self.choices)):
            return self._scenarios(section, slug, block, "list items", heading)
        return self._typed_list(section, slug, block)

    def _scenarios(
        self, section: Section, slug: str, block: ListBlock | Table, drilled: str, heading=""
    ) -> list[DraftQuestion]:
        noun = self.noun or "option"
        made = scenario_questions(slug, section, block, self.choices, noun, heading)
        for q in made:
            q.id = self._id(q.id)
        self.drilled[drilled] += len(made)
        return made

    def _typed_list(self, section: Section, slug: str, block: ListBlock | Table) -> list:
        own = self.list_of.get(id(block))
        if own is None:
            return []
        made = list_questions(
            f"{slug}-{own.kind}",
            own,
            self._candidates(own),
            self.items_of[id(section)],
            [
                i
                for sl in self.lists_of[id(section)]
                if sl.kind == OPPOSITE.get(own.kind)
                for i in sl.items
            ],
        )
        for q in made:
            q.id = self._id(q.id)
        if isinstance(block, ListBlock):
            self.drilled["list items"] += len(own.items)
        return made

    def _candidates(self, own: SubjectList) -> Iterator[tuple[str, str]]:
        """Other subjects' items of the same kind, from the next subject on, wrapping round."""
        same = self.by_kind[own.kind]
        at = self.position[id(own)]
        for k in range(1, len(same)):
            sl = same[(at + k) % len(same)]
            if sl.section is not own.section:
                for item in sl.items:
                    yield item, sl.section.subject

    def _id(self, wanted: str) -> str:
        # the wanted ids are mostly slugs already, which slugify would return unchanged
        slug = wanted if _SLUG_RE.match(wanted) else slugify(wanted)
        base = slug[:180].strip("-") or "question"
        qid, n = base, 2
        while qid in self.ids:
            qid, n = f"{base}-{n}", n + 1
        self.ids.add(qid)
        return qid

    def _question(self, q: DraftQuestion) -> None:
        self.questions_written += 1
        self.out += [f"## {_one_line(q.prompt)} {{#{q.id}}}", ""]
        for note in q.todos:
            self._todo(f"{q.id}: {note}")
        if q.kind in ("single", "multiple"):
            self.out += [f"- [{'x' if ok else ' '}] {_one_line(text)}" for text, ok in q.options]
        elif q.kind == "short":
            self.out.append("Answer: " + " | ".join(_escape_bar(a) for a in q.answer))
        else:
            self.out += ["Key points:"]
            self.out += ["- " + " | ".join(_escape_bar(p) for p in point) for point in q.key_points]
            self.out += misconception_lines(q.misconceptions, _escape_bar)
            self.misconceptions += len(q.misconceptions)
            if len(q.misconceptions) < MIN_MISCONCEPTIONS:  # too few in the comparison
                self.notes.append(f"{q.id}: {NO_MISCONCEPTIONS}")
                self.out += ["", f"<!-- TODO: {NO_MISCONCEPTIONS} -->"]
        self.out.append("")
        self.out += [f"> {line}".rstrip() for line in q.explanation]
        self.out.append("")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape_bar(text: str) -> str:
    return re.sub(r"(?<!\\)\|", r"\\|", _one_line(text))
