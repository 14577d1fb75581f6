"""Drafting a bank from a comparison article: encoding repair, structure, coverage, bad input.

Coverage is computed here from the article itself (markdown-it tokens, independently of
quiz.drafting's own reading) and checked against the bank the parser reads from the draft.
"""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import emoji
import pytest
from markdown_it import MarkdownIt

from quiz.banks import Bank, parse_text
from quiz.drafting import DraftError, decode_article, draft_bank, repair_text
from tests.conftest import DATA_DIR, PROJECT_DIR

SOURCE = Path("/work/shared/source/frameworks-comparison.md")
if not SOURCE.exists():
    SOURCE = PROJECT_DIR.parent / "shared" / "source" / "frameworks-comparison.md"
BROKERS = DATA_DIR / "message-brokers-comparison.md"
MOJIBAKE = ("â€", "Ã", "ğŸ", "ï¸")
LIST_HEADINGS = re.compile(r"pros|cons|use cases|why|features", re.I)


def misread_as_cp1254(text: str) -> str:
    """What our source went through: UTF-8 bytes read as Windows-1254, unmapped bytes lost."""
    return text.encode("utf-8").decode("cp1254", errors="ignore")


def norm(text: str) -> str:
    text = emoji.replace_emoji(text, "")
    text = re.sub(r"[*_`\\\u2600-\u27bf\ufe0f]", "", text)
    return " ".join(text.casefold().split())


def parsed(markdown: str) -> Bank:
    result = parse_text(markdown, "draft.md", max_bytes=10_000_000)
    assert result.errors == []
    assert result.bank is not None
    return result.bank


# --------------------------------------------------------------------------- structure


def article_structure(text: str) -> dict[str, list]:
    """Sections, table rows, typed list items and definitions, straight from the tokens."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: dict[str, list] = {"sections": [], "rows": [], "items": [], "definitions": []}
    sub = ""
    depth = 0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            content = tokens[i + 1].content
            if tok.tag == "h2":
                found["sections"].append(content)
                sub = content
            elif tok.tag == "h3":
                sub = content
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open" and depth == 1 and LIST_HEADINGS.search(sub):
            found["items"].append(tokens[i + 2].content)
        elif tok.type == "tbody_open":
            j = i
            while tokens[j].type != "tbody_close":
                if tokens[j].type == "tr_open":
                    found["rows"].append(tokens[j + 2].content)
                j += 1
        elif tok.type == "paragraph_open" and "definition" in sub.lower():
            found["definitions"].append(tokens[i + 1].content)
        i += 1
    return found


def assert_drills_everything(article: str, bank: Bank) -> None:
    structure = article_structure(article)
    questions = bank.questions
    asked = [
        norm(q.prompt_md) + " || " + " || ".join(norm(o.text_md) for o in q.options)
        for q in questions
    ]
    right_options = {norm(o.text_md) for q in questions for o in q.options if o.correct}
    right_options |= {norm(p) for q in questions for point in q.key_points for p in point}
    topics = [t for t in bank.topics if t.questions]

    for heading in structure["sections"]:
        assert any(norm(t.title) in norm(heading) for t in topics), (
            f"section not drilled: {heading}"
        )
    for first_cell in structure["rows"]:
        cell = norm(first_cell)
        assert any(cell in text for text in asked), f"table row not drilled: {first_cell}"
    for item in structure["items"]:
        assert norm(item) in right_options, f"list item not drilled: {item}"
    for paragraph in structure["definitions"]:
        assert any(
            q.kind == "open" and norm(paragraph) in norm(q.explanation_md) for q in questions
        ), f"definition not drilled: {paragraph[:40]}"
    assert len(topics) == len(structure["sections"])


# --------------------------------------------------------------------------- encoding


def test_repair_undoes_cp1254_mojibake_and_keeps_emoji_and_punctuation():
    original = "Here’s a “quoted” word — ✅ ❌ 🚀 ⚙️ café, naïve"
    damaged = misread_as_cp1254(original)
    assert "â€" in damaged and "âŒ" in damaged  # ❌ lost its 0x9D byte on the way
    repaired = repair_text(damaged)
    assert repaired.text == original
    assert repaired.repairs == 10  # ’ “ ” — ✅ ❌ 🚀 ⚙️ é ï
    assert repaired.lost == 0


def test_repair_of_the_shared_source():
    repaired = repair_text(SOURCE.read_text(encoding="utf-8"))
    assert not any(m in repaired.text for m in MOJIBAKE)
    for kept in ("Here’s", "—", "✅ Native", "❌ No (need hacks)", "🚀 Fast (async)", "🛠️ Minimal"):
        assert kept in repaired.text
    assert repaired.repairs >= 50
    # Emoji whose lost byte could be one of several emoji are removed, and counted.
    assert repaired.lost > 0
    assert "🔐" not in repaired.text and "Auth System" in repaired.text


def test_repair_leaves_correct_text_alone():
    text = "Doğru çalışıyor — “ok” ✅ Ÿ naïve"
    assert repair_text(text).text == text
    assert repair_text(text).repairs == 0


def test_decode_refuses_binary_empty_and_over_limit():
    with pytest.raises(DraftError, match="binary"):
        decode_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DraftError, match="empty"):
        decode_article(b"  \n\n ")
    with pytest.raises(DraftError, match="limit"):
        decode_article("x" * 101, max_bytes=100)
    # Not UTF-8 but plain legacy text: read as Windows-1252, not refused.
    assert decode_article("café “quoted”".encode("cp1252")) == "café “quoted”"


# --------------------------------------------------------------------------- the two articles


@pytest.fixture(scope="module")
def source_draft():
    return draft_bank(SOURCE.read_bytes())


def test_source_draft_validates_with_no_mojibake(source_draft):
    assert not any(m in source_draft.markdown for m in MOJIBAKE)
    result = parse_text(source_draft.markdown, "draft.md")
    assert result.errors == []
    assert [w for w in result.warnings if "explicit {#id}" in w.message] == []
    assert source_draft.errors == []
    assert source_draft.repairs >= 50


def test_source_draft_drills_every_section_row_and_item(source_draft):
    article = repair_text(SOURCE.read_text(encoding="utf-8")).text
    structure = article_structure(article)
    assert len(structure["sections"]) == 5
    assert len(structure["rows"]) == 29
    assert len(structure["items"]) == 49
    assert_drills_everything(article, parsed(source_draft.markdown))


def test_source_draft_shapes(source_draft):
    bank = parsed(source_draft.markdown)
    by_id = {q.id: q for q in bank.questions}
    assert [t.title for t in bank.topics][:3] == ["FastAPI", "Flask", "Django"]
    assert "Compare: framework\n| Feature | FastAPI | Flask | Django |" in source_draft.markdown

    pros = by_id["flask-pros-1"]  # four items: two questions of 2 + 2, five options at most
    assert pros.prompt_md == "Which of these are advantages of Flask?"
    assert pros.kind == "multiple"
    right = {o.text_md for o in pros.options if o.correct}
    wrong = {o.text_md for o in pros.options if not o.correct}
    assert "Very flexible and minimal" in right
    assert wrong and wrong.isdisjoint(right)
    assert "Huge community" not in " ".join(wrong)  # Django's "huge community" is true of Flask
    assert "Flask" not in pros.explanation_md.split("wrong options")[-1]

    what = by_id["fastapi-what"]
    assert what.kind == "open"
    assert what.prompt_md == "What is FastAPI, and what is it for?"
    assert ["ASGI", "Asynchronous Server Gateway Interface"] in what.key_points
    assert "FastAPI is a modern" in what.explanation_md

    scenario = by_id["when-to-use-what-lightweight-app-or-prototype"]
    assert scenario.kind == "single"
    assert [o.text_md for o in scenario.options if o.correct] == ["Flask"]
    assert "Lightweight app or prototype" in scenario.explanation_md
    backend = by_id["when-to-use-what-production-grade-backend-only-api"]
    # "FastAPI" alone would be half right next to "FastAPI + SQLAlchemy": not an option.
    assert "FastAPI" not in [o.text_md for o in backend.options]
    assert all(q.explanation_md for q in bank.questions)
    assert "<!-- TODO:" in source_draft.markdown and source_draft.notes


def test_drafting_is_deterministic():
    data = SOURCE.read_bytes()
    assert draft_bank(data).markdown == draft_bank(data).markdown


def _names_and_texts() -> list[tuple[str, str]]:
    """Short texts mixing names, "use", separators, case and non-ASCII: the edge cases of
    the shortcuts drafting takes for long articles."""
    rnd = random.Random(12)
    names = ["Flask", "Apache Kafka", "RabbitMQ 3", "use", "Use Cases", "C++", ".NET", "x-"]
    bits = ["use ", "Use", ": ", " - ", " → ", "–", ",", ";", " ", "for", " when ", " if",
            "reuse", "queues", "fast", "async", "APIs", "é", "ſ", "**", "1", "a", "."]  # fmt: skip
    cases = []
    for _ in range(3000):
        name = rnd.choice(names)
        cases.append(
            (
                name,
                "".join(
                    rnd.choice([name, name.lower(), name.upper()])
                    if rnd.random() < 0.3
                    else rnd.choice(bits)
                    for _ in range(rnd.randint(0, 8))
                ),
            )
        )
    return cases


def test_scenario_name_stripping_matches_the_edge_patterns():
    # _without strips most names with a short pattern; it must equal the two regexes
    from quiz.drafting.scenarios import _edge_patterns, _name_pattern, _without

    stripped = 0
    for name, text in _names_and_texts():
        leading, trailing = _edge_patterns(name)
        edges = trailing.sub("", leading.sub("", text))
        expected = _name_pattern(name).sub("…", edges)
        assert _without(text, name) == expected[:1].upper() + expected[1:], (text, name)
        stripped += edges != text
    assert stripped > 300  # the texts do exercise the stripping


def test_phrases_resemble_is_any_similar():
    from quiz.drafting.questions import Phrases, similar

    texts = [text for _name, text in _names_and_texts()]
    known = [*texts[:40], "**é**", ": -"]  # with phrases of no content word
    phrases = Phrases()
    for text in known:
        phrases.add(text)
    answers = [phrases.resemble(t) for t in texts]
    assert answers == [any(similar(t, p) for p in known) for t in texts]
    assert any(answers) and not all(answers)


def test_second_article_validates_and_is_drilled():
    text = BROKERS.read_text(encoding="utf-8")
    draft = draft_bank(text)
    bank = parsed(draft.markdown)
    structure = article_structure(text)
    assert len(structure["sections"]) == 5 and len(structure["items"]) >= 40
    assert_drills_everything(text, bank)
    assert draft.repairs == 0
    assert bank.title == "RabbitMQ vs Apache Kafka vs Redis Streams"
    assert "Compare: broker" in draft.markdown
    # "Change data capture feeding a data warehouse: **Apache Kafka**"
    scenario = next(q for q in bank.questions if "change data capture feeding" in q.prompt_md)
    assert [o.text_md for o in scenario.options if o.correct] == ["Apache Kafka"]
    assert "…" not in scenario.prompt_md


def test_second_article_misread_as_cp1254_drafts_the_same_questions():
    text = BROKERS.read_text(encoding="utf-8")
    damaged = misread_as_cp1254(text)
    assert "â€" in damaged
    draft = draft_bank(damaged)
    assert draft.repairs > 20
    assert not any(m in draft.markdown for m in MOJIBAKE)
    clean = parsed(draft_bank(text).markdown)
    assert [q.id for q in parsed(draft.markdown).questions] == [q.id for q in clean.questions]
    assert_drills_everything(repair_text(damaged).text, parsed(draft.markdown))


# --------------------------------------------------------------------------- thin articles


DEFINITION = (
    "PostgreSQL is an open-source **relational database** for transactional workloads, "
    "with **MVCC** and rich SQL."
)


def test_article_without_headings_still_drafts_its_definition():
    draft = draft_bank(DEFINITION + "\n\nIt runs on Linux.\n")
    bank = parsed(draft.markdown)
    assert [q.prompt_md for q in bank.questions] == ["What is PostgreSQL, and what is it for?"]
    assert bank.questions[0].key_points == [["relational database"], ["MVCC"]]
    assert bank.topics[0].title == "PostgreSQL"


def test_article_without_tables_or_lists():
    draft = draft_bank(f"# Databases\n\n## What is PostgreSQL?\n\n{DEFINITION}\n")
    bank = parsed(draft.markdown)
    assert bank.title == "Databases"
    assert len(bank.questions) == 1


def test_article_with_only_a_table():
    text = "## Summary\n\n| Feature | A | B |\n| --- | --- | --- |\n| Speed | Fast | Slow |\n"
    bank = parsed(draft_bank(text, bank_id="ab", title="A and B").markdown)
    assert bank.id == "ab" and bank.title == "A and B"
    assert bank.questions and all(q.generated_from for q in bank.questions)


def test_list_with_no_other_subject_becomes_an_open_question():
    text = "## What is Redis?\n\n### Pros\n\n- Fast\n- Simple commands\n"
    bank = parsed(draft_bank(text).markdown)
    (question,) = bank.questions
    assert question.kind == "open"
    assert question.key_points == [["Fast"], ["Simple commands"]]


def test_nothing_to_draft_says_why():
    with pytest.raises(DraftError, match=r"nothing could be drafted: .*definition paragraph"):
        draft_bank("Just some prose about nothing in particular.\n\nAnd more.\n")


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(DraftError, match="binary"):
        draft_bank(b"\x00\x01\x02 not text")
    with pytest.raises(DraftError, match="limit"):
        draft_bank("# T\n" + "x" * 200, max_bytes=100)
    with pytest.raises(DraftError, match="not a slug"):
        draft_bank(DEFINITION, bank_id="Not A Slug")


def test_drafting_has_no_flask_import():
    package = PROJECT_DIR / "quiz" / "drafting"
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] in ("flask", "flask_sqlalchemy")], path
        assert "quiz.banks.parser" not in names, path
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path


# --------------------------------------------------------------------------- the command


def test_cli_draft_writes_a_bank_that_validates(app, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "frameworks.md"
    result = runner.invoke(args=["quiz", "draft", str(SOURCE), "-o", str(out), "--bank", "fw"])
    assert result.exit_code == 0, result.output
    assert "repair(s) made" in result.stderr
    assert "validation: ok" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("---\nbank: fw\n")
    checked = runner.invoke(args=["quiz", "validate", str(out)])
    assert checked.exit_code == 0, checked.output
    questions = len(parsed(out.read_text(encoding="utf-8")).questions)
    assert f"ok, {questions} questions" in checked.stdout


def test_cli_draft_to_stdout_and_refusals(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["quiz", "draft", str(BROKERS), "--title", "Brokers"])
    assert result.exit_code == 0
    assert result.stdout.startswith("---\nbank: brokers\ntitle: Brokers\n")
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    refused = runner.invoke(args=["quiz", "draft", str(binary)])
    assert refused.exit_code == 1
    assert "nothing drafted: this is a binary file" in refused.stderr
    assert refused.stdout == ""
