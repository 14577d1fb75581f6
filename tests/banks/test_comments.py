"""HTML comments never reach a learner, wherever an author puts them (issue 24)."""

from quiz.banks import parse_text
from quiz.banks.comments import strip_comments

BANK = """---
bank: notes <!-- id chosen in June -->
title: Notes bank <!-- working title -->
description: Drills. <!-- for the spring cohort -->
---

<!-- a note
across lines -->
# Basics <!-- topic note -->

## Which one is a WSGI framework? <!-- prompt note --> {#wsgi}
- [ ] FastAPI <!-- FastAPI is ASGI -->
- [x] Flask <!--right-->
- [ ] Starlette

> Flask speaks WSGI. <!-- add a link -->

## Why use a pool? {#pool}
Key points:
- reuses connections <!-- the core -->
- bounds concurrency

> Model answer: it reuses connections and bounds them. <!-- ok -->

## Which comment syntax does HTML use? {#html-comment}
Answer: `<!-- -->`

> Written `<!-- like this -->`, it stays: it is code.

# Tables

Compare: framework

| Aspect <!-- header note --> | Flask | Django |
| --- | --- | --- |
| Admin panel | No <!-- extension --> | Yes |
| ORM | No | Yes <!-- built in --> |
"""


def test_comments_are_removed_from_every_field_and_warned_about_when_inline():
    result = parse_text(BANK, "notes.md")
    assert result.ok, result.errors
    bank = result.bank
    learner_text = [bank.id, bank.title, bank.description or ""]
    for topic in bank.topics:
        learner_text.append(topic.title)
    for question in bank.questions:
        learner_text += [question.prompt_md, question.explanation_md or ""]
        learner_text += [option.text_md for option in question.options]
        learner_text += list(question.answers) + [str(point) for point in question.key_points]
    joined = "\n".join(learner_text)
    code = next(q for q in bank.questions if q.id == "html-comment")
    assert "<!-- -->" in code.answers[0] and "`<!-- like this -->`" in code.explanation_md
    assert "<!--" not in joined.replace(code.answers[0], "").replace(code.explanation_md, "")
    assert bank.id == "notes" and bank.title == "Notes bank"
    wsgi = next(q for q in bank.questions if q.id == "wsgi")
    assert [o.text_md for o in wsgi.options] == ["FastAPI", "Flask", "Starlette"]
    inline_lines = {w.line for w in result.warnings if "HTML comment inside" in w.message}
    assert inline_lines == {2, 3, 4, 9, 11, 12, 13, 16, 20, 23, 34, 36, 37}
    assert 7 not in inline_lines  # a comment on lines of its own is the author's note


def test_line_numbers_after_a_comment_are_unchanged():
    text, found = strip_comments("a\n<!-- one\ntwo\nthree -->\nb <!-- x --> c\n")
    assert text.split("\n") == ["a", "", "", "", "b  c", ""]
    assert [(c.line, c.inline) for c in found] == [(2, False), (5, True)]


def test_comments_inside_code_fences_and_an_unclosed_comment_stay():
    text, found = strip_comments("```\n<!-- in code -->\n```\nx <!-- never closed\ny")
    assert "<!-- in code -->" in text and "<!-- never closed" in text
    assert found == []
