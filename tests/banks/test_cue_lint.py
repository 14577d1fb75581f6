"""Cue checks of quiz.banks.lint: each on a small bank that must warn and a close
variant that must not."""

from __future__ import annotations

from quiz.banks import parse_text
from quiz.banks.lint import (
    absolutes_only_in_wrong,
    answers_given_away,
    form_stands_out,
    lint_bank,
    option_form,
    prompt_words_echoed,
)

FRONT = "---\nbank: demo\ntitle: Demo\n---\n# T\n"


def bank(body: str):
    result = parse_text(FRONT + body)
    assert result.errors == [], result.errors
    return result.bank


def messages(body: str) -> list[str]:
    return [d.message for d in lint_bank(bank(body))]


ABSOLUTE_WRONG = (
    "## Can a WSGI app run under an ASGI server? {#q}\n"
    "- [x] Yes, through an adapter that runs it in a thread pool\n"
    "- [ ] No, the two interfaces can never be bridged\n"
    "- [ ] Only if every view is rewritten with async def\n"
    "> e\n"
)


def test_absolutes_in_every_wrong_option_and_no_right_one_warn():
    [q] = bank(ABSOLUTE_WRONG).questions
    assert absolutes_only_in_wrong(q)
    assert any("always/only/never" in m for m in messages(ABSOLUTE_WRONG))


def test_an_absolute_in_the_right_option_too_does_not_warn():
    body = ABSOLUTE_WRONG.replace("that runs it", "that always runs it")
    [q] = bank(body).questions
    assert not absolutes_only_in_wrong(q)
    assert not any("always/only/never" in m for m in messages(body))


def test_one_wrong_option_without_an_absolute_does_not_warn():
    body = ABSOLUTE_WRONG.replace("can never be bridged", "need a rewrite to be bridged")
    assert not absolutes_only_in_wrong(bank(body).questions[0])


def test_absolutes_inside_code_spans_are_not_words_of_the_option():
    body = (
        "## Which call lists rows? {#q}\n- [x] `rows.first()` then a loop\n"
        "- [ ] `rows.all()` in a loop\n- [ ] `rows.none()` in a loop\n> e\n"
    )
    assert not absolutes_only_in_wrong(bank(body).questions[0])


SESSION = (
    "## Where is Flask's default session kept? {#q}\n"
    "- [x] In a cookie signed with the secret key, readable by the client\n"
    "- [ ] It is stored on the server, keyed by a random id\n"
    "- [ ] It is encrypted with AES, so the client cannot read it\n"
    "- [ ] It is kept in the worker's memory until the process restarts\n"
    "> e\n"
)


def test_option_forms():
    assert option_form("It is stored on the server") == "sentence"
    assert option_form("Yes: the proxy does it") == "sentence"
    assert option_form("Flask stays WSGI, so each request holds a worker") == "fragment"
    assert option_form("So that clients do not retry in lockstep") == "fragment"
    assert option_form("In a signed cookie") == "fragment"
    assert option_form("Token bucket") == "fragment"


def test_a_fragment_among_sentences_warns():
    assert form_stands_out(bank(SESSION).questions[0])
    assert any(
        "right option is a fragment and every wrong one a sentence" in m for m in messages(SESSION)
    )


def test_the_same_fragment_among_mixed_options_does_not_warn():
    body = SESSION.replace(
        "It is kept in the worker's memory until the process restarts",
        "In the worker's memory until the process restarts",
    )
    assert not form_stands_out(bank(body).questions[0])
    assert not any("grammatical form" in m for m in messages(body))


def test_a_sentence_among_fragments_warns_too():
    body = (
        "## Which rate limiter allows bursts? {#q}\n"
        "- [x] A token bucket, which can save up tokens while the client is idle\n"
        "- [ ] Fixed window counter\n- [ ] Leaky bucket queue\n- [ ] Sliding log\n> e\n"
    )
    assert any(
        "right option is a sentence and every wrong one a fragment" in m for m in messages(body)
    )


ECHO = (
    "## Which measure stops a cache stampede when a hot key expires? {#q}\n"
    "- [x] A lock, so that one request recomputes the stampeding key\n"
    "- [ ] Identical TTLs for every key\n"
    "- [ ] Turning the cache off under load\n"
    "> e\n"
)


def test_a_right_option_repeating_a_distinctive_prompt_word_by_stem_warns():
    assert prompt_words_echoed(bank(ECHO).questions[0]) == ["stampede"]
    assert any("repeats the prompt's word(s) 'stampede'" in m for m in messages(ECHO))


def test_a_prompt_word_that_wrong_options_repeat_too_is_no_cue():
    body = ECHO.replace(
        "Identical TTLs for every key", "Identical TTLs, which make stampedes worse"
    )
    assert prompt_words_echoed(bank(body).questions[0]) == []


def test_everyday_prompt_words_are_not_distinctive():
    body = ECHO.replace("stampeding key", "hot key")  # "key" is an everyday word
    assert prompt_words_echoed(bank(body).questions[0]) == []


def test_spellings_after_the_first_short_answer_may_repeat_prompt_words():
    body = (
        "## Which gateway interface is Flask built on? {#q}\n"
        "Answer: WSGI | Web Server Gateway Interface\n> e\n"
    )
    assert prompt_words_echoed(bank(body).questions[0]) == []


def test_a_short_answer_repeating_a_prompt_word_warns_and_a_reworded_prompt_does_not():
    echo = "## Which PEP specifies WSGI for Python 3? {#q}\nAnswer: PEP 3333 | 3333\n> e\n"
    assert any("accepted answer repeats the prompt's word(s) 'pep'" in m for m in messages(echo))
    fixed = echo.replace("Which PEP", "Which Python Enhancement Proposal")
    assert messages(fixed) == []


GIVEN_AWAY = (
    "## Which WSGI toolkit is Flask built on? {#flask-werkzeug}\nAnswer: Werkzeug\n> e\n"
    "## What is Starlette to FastAPI? {#starlette}\n"
    "- [x] Its web layer\n- [ ] Its ORM\n- [ ] Its template engine\n"
    "> Starlette is FastAPI's web layer, as Werkzeug is Flask's.\n"
)


def test_an_explanation_that_contains_another_questions_answer_warns():
    found = answers_given_away(bank(GIVEN_AWAY))
    assert [(q.id, other.id, answer) for q, other, answer in found] == [
        ("flask-werkzeug", "starlette", "Werkzeug")
    ]
    assert any(
        m.startswith("flask-werkzeug: the prompt or explanation of starlette contains its answer")
        for m in messages(GIVEN_AWAY)
    )


def test_a_text_that_names_the_answer_about_something_else_does_not_warn():
    body = (
        "## Which framework ships an admin panel? {#admin}\n"
        "- [ ] FastAPI\n- [ ] Flask\n- [x] Django\n> e\n"
        "## Which of these are third-party? {#other}\n- [x] DRF\n- [x] Django Ninja\n"
        "- [ ] The ORM\n- [ ] Forms\n- [ ] Auth\n> Both add APIs; Django Ninja uses type hints.\n"
    )
    assert answers_given_away(bank(body)) == []
    about_admins = body.replace("Django Ninja uses type hints", "Django ships the admin")
    assert [q.id for q, _, _ in answers_given_away(bank(about_admins))] == ["admin"]


def test_an_explanation_without_the_answer_does_not_warn():
    body = GIVEN_AWAY.replace("as Werkzeug is Flask's", "much as a WSGI toolkit is Flask's")
    assert answers_given_away(bank(body)) == []


def test_a_short_single_choice_answer_in_another_prompt_warns_and_everyday_words_do_not():
    version = (
        "## In which Django release did async views arrive? {#version}\n"
        "- [ ] 3.0\n- [x] 3.1\n- [ ] 4.1\n> e\n"
        "## Since 3.1, what can a Django view be? {#other}\nAnswer: a coroutine\n> e\n"
    )
    assert [q.id for q, _, _ in answers_given_away(bank(version))] == ["version"]
    everyday = (
        "## Which pytest scope lasts the whole run? {#scope}\nAnswer: session\n> e\n"
        "## What does Flask sign? {#other}\nAnswer: the session cookie\n> e\n"
    )
    assert answers_given_away(bank(everyday)) == []
