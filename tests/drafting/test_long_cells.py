"""Paragraph-long table cells become open questions whose key points are the cell's own
claims, never options (issue 19)."""

from __future__ import annotations

from quiz.banks import parse_text
from quiz.drafting import draft_bank
from quiz.drafting.article import Table
from quiz.drafting.long_cells import claims, long_cell_question, long_cells
from quiz.drafting.quality import draft_defects

SQLITE_NOTES = (
    "SQLite needs no setup at all, which is why it is the default database for mobile "
    "apps, desktop software and tests. Write-heavy workloads with many concurrent writers "
    "are where it stops fitting, because a write locks the whole database file. See "
    "https://sqlite.org/whentouse.html here."
)


def test_the_claims_are_clauses_of_the_cell_never_a_url_or_a_bare_pronoun():
    points = claims(SQLITE_NOTES, "SQLite")
    assert points == [
        ["needs no setup at all"],
        ["Write-heavy workloads with many concurrent writers are where it stops fitting"],
    ]
    assert claims("It is here. See https://example.com/x for more.", "SQLite") == []


def test_rows_with_a_paragraph_cell_leave_the_table_and_each_long_cell_is_asked():
    t = Table(5, ["Feature", "SQLite", "MySQL"], [], [])
    rows = [["Setup", "None", "A server"], ["Notes", SQLITE_NOTES, "Short"]]
    kept, long = long_cells(t, rows)
    assert kept == [["Setup", "None", "A server"]]
    # the row's short cell answers the same question for MySQL: asked openly too
    assert long == [("SQLite", "Notes", SQLITE_NOTES), ("MySQL", "Notes", "Short")]
    q = long_cell_question("t-sqlite-notes", "SQLite", "Notes", SQLITE_NOTES, 5)
    assert q.kind == "open" and q.prompt == "What should you know about SQLite (notes)?"
    assert q.key_points == claims(SQLITE_NOTES, "SQLite") and q.options == []
    assert long_cell_question("x", "SQLite", "Notes", "It is here, see it.", 5) is None
    assert claims("SQLite is an embedded engine for apps.", "SQLite") == [
        ["an embedded engine for apps"]
    ]


def test_a_drafted_table_with_paragraph_cells_offers_none_of_them_as_options():
    long_mysql = "MySQL is easy to install and well supported by every hosting provider. " * 3
    article = (
        "# Databases\n\n## What is SQLite?\n\nSQLite is an embedded **SQL database engine**.\n\n"
        "## What is MySQL?\n\nMySQL is a relational **database server**.\n\n## Notes\n\n"
        "| Database | Setup | Notes |\n|---|---|---|\n"
        f"| SQLite | None | {SQLITE_NOTES} |\n| MySQL | A package | {long_mysql} |\n"
    )
    draft = draft_bank(article)
    bank = parse_text(draft.markdown, path="d.md", max_bytes=len(draft.markdown) * 4).bank
    opened = [q for q in bank.questions if q.prompt_md.startswith("What should you know")]
    assert [q.prompt_md for q in opened] == [
        "What should you know about SQLite (notes)?",
        "What should you know about MySQL (notes)?",
    ]
    assert all(len(o.text_md) <= 160 for q in bank.questions for o in q.options)
    assert draft_defects(draft).total_defects == 0


def test_definition_key_points_are_claims_never_a_bare_noun_after_a_function_word():
    from quiz.drafting.article import Paragraph
    from quiz.drafting.questions import definition_question

    flask = Paragraph(
        3,
        "**Flask** is a lightweight **WSGI** micro framework. It leaves the database layer "
        "and authentication to **extensions** you choose yourself.",
    )
    points = definition_question("f", "Flask", flask).key_points
    assert ["WSGI"] in points and ["extensions"] in points
    flat = [p for point in points for p in point]
    assert not [p for p in flat if p.split()[0].lower() in ("the", "a", "in", "for", "that")]
    assert "leaves the database" not in flat
    svelte = Paragraph(
        5, "Svelte is a compiler created by Rich Harris in 2016. It ships no runtime."
    )
    q = definition_question("s", "Svelte", svelte)
    assert q.key_points == [["a compiler created by Rich Harris in 2016"]]
    assert any("write the key points" in todo for todo in q.todos)


def test_a_definition_keeps_each_claim_it_packs_into_one_sentence():
    from quiz.drafting.article import Paragraph
    from quiz.drafting.questions import definition_question

    caddy = Paragraph(
        4,
        "**Caddy** is a web server written in Go that obtains and renews TLS certificates "
        "automatically through ACME, and is configured with a short Caddyfile.",
    )
    flat = [p for point in definition_question("c", "Caddy", caddy).key_points for p in point]
    assert "web server" in flat
    assert "obtains and renews TLS certificates automatically through ACME" in flat
    assert "is configured with a short Caddyfile" in flat


def test_a_table_of_contents_is_furniture_not_a_section_to_write_by_hand():
    article = (
        "# Nginx vs Caddy\n\n## Table of contents\n\n- [At a glance](#at-a-glance)\n\n"
        "## At a glance\n\n| Proxy | Automatic HTTPS | Config format |\n|---|---|---|\n"
        "| Nginx | No | nginx.conf directives |\n| Caddy | Yes | Caddyfile or JSON |\n"
    )
    draft = draft_bank(article)
    assert "Table of contents" not in draft.markdown
    assert not [note for note in draft.notes if "contents" in note.lower()]
    assert "# At a glance" in draft.markdown
