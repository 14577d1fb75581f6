from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.banks.model import KINDS, Misconception, Option, Question
from quiz.scoring import (
    GRADERS,
    Grade,
    correct_answers,
    grade,
    grader,
    normalise_answer,
)
from quiz.scoring.open_answers import KEYWORD_LIST_CAP, coverage_score, score_open
from quiz.scoring.reading import read_phrase_synonyms, read_text


def single(correct_index: int = 2, n: int = 3) -> Question:
    options = [Option(f"option {i}", i == correct_index) for i in range(n)]
    return Question(id="q", kind="single", prompt_md="?", topic_slug="t", options=options)


def multiple(pattern: str = "xxx__") -> Question:
    """``pattern``: one character per option, ``x`` for a right one, ``_`` for a wrong one."""
    options = [Option(f"option {i}", c == "x") for i, c in enumerate(pattern)]
    return Question(id="q", kind="multiple", prompt_md="?", topic_slug="t", options=options)


def short(*answers: str) -> Question:
    return Question(id="q", kind="short", prompt_md="?", topic_slug="t", answers=list(answers))


def open_q(
    *key_points: list[str],
    prompt: str = "?",
    misconceptions: tuple[Misconception, ...] = (),
    explanation: str = "",
) -> Question:
    """An open question with these key points (misconceptions capped at the default 0.2)."""
    return Question(
        id="q",
        kind="open",
        prompt_md=prompt,
        topic_slug="t",
        key_points=[list(k) for k in key_points],
        misconceptions=list(misconceptions),
        explanation_md=explanation,
    )


FASTAPI = open_q(
    ["async/await", "asynchronous", "coroutines"],
    ["ASGI"],
    ["non-blocking", "does not block", "event loop"],
)


# ------------------------------------------------------------------- registry


def test_registry_covers_every_kind():
    assert set(GRADERS) == set(KINDS)


def test_unknown_kind_raises():
    q = short("x")
    q.kind = "essay"  # type: ignore[assignment]
    with pytest.raises(ValueError, match="essay"):
        grade(q, "x")
    with pytest.raises(ValueError, match="essay"):
        correct_answers(q)


def test_registering_a_kind_twice_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        grader("single")(lambda q, r: Grade.from_score(0))
    assert GRADERS["single"].__name__ == "grade_single"


def test_grade_verdict_must_match_score():
    assert Grade.from_score(1.0).verdict == "right"
    assert Grade.from_score(0.0).verdict == "wrong"
    assert Grade.from_score(0.5).verdict == "partial"
    with pytest.raises(ValueError):
        Grade(1.0, "partial")
    with pytest.raises(ValueError):
        Grade(1.5, "right")


# --------------------------------------------------------------------- single


@pytest.mark.parametrize(
    ("response", "score"),
    [
        ([2], 1.0),
        ((2,), 1.0),
        ([2, 2], 1.0),  # duplicate counted once
        ([2, 7], 1.0),  # out-of-range index ignored
        ([2, -1], 1.0),  # negative index is out of range, not "the last option"
        ([0], 0.0),
        ([0, 2], 0.0),  # two options selected
        ([], 0.0),
        ([-1], 0.0),  # would be option 2 with Python indexing
        ([99], 0.0),
        (["2"], 0.0),  # not an int: ignored
        ([True], 0.0),  # bool is not an index
        ("2", 0.0),  # wrong type
        (2, 0.0),  # wrong type
        (None, 0.0),
    ],
)
def test_single(response, score):
    result = grade(single(), response)
    assert result.score == score
    assert result.verdict == ("right" if score == 1 else "wrong")


# ------------------------------------------------------------------- multiple


@pytest.mark.parametrize(
    ("response", "score", "verdict"),
    [
        ([0, 1, 2], 1.0, "right"),
        ([2, 1, 0], 1.0, "right"),
        ([0, 1], 2 / 3, "partial"),
        ([0, 1, 2, 3], 0.5, "partial"),  # 3/3 right - 1/2 wrong
        ([0, 1, 3], 1 / 6, "partial"),  # 2/3 - 1/2
        ([0, 3], 0.0, "wrong"),  # 1/3 - 1/2, floored at 0
        ([0, 3, 4], 0.0, "wrong"),  # floored at 0, not -2/3
        ([3, 4], 0.0, "wrong"),
        ([0, 1, 2, 3, 4], 0.0, "wrong"),  # all boxes ticked: 3/3 - 2/2
        ([], 0.0, "wrong"),  # none ticked
        ([0, 0, 0], 1 / 3, "partial"),  # duplicates counted once
        ([0, 1, 2, 5, -1, 100], 1.0, "right"),  # out-of-range ignored
        ("012", 0.0, "wrong"),  # a string is not a list of indices
        ({"a": 1}, 0.0, "wrong"),
    ],
)
def test_multiple(response, score, verdict):
    result = grade(multiple(), response)
    assert result.score == pytest.approx(score)
    assert result.verdict == verdict


@pytest.mark.parametrize("pattern", ["x___", "xx_", "xxx_", "xxxx_", "x_x_x_"])
def test_multiple_ticking_every_box_earns_nothing(pattern):
    assert grade(multiple(pattern), list(range(len(pattern)))).score == 0.0


def test_multiple_without_wrong_options_scores_the_right_share():
    assert grade(multiple("xxxx"), [0, 1]).score == 0.5


# ---------------------------------------------------------------- normalising


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  The   WSGI ", "wsgi"),
        ("an apple a day", "apple day"),
        ("Theory of a thing", "theory of thing"),  # "the" only as a whole word
        ("Straße", "strasse"),  # casefold
        ("ＷＳＧＩ", "wsgi"),  # NFKC folds full-width letters
        ("cafe\u0301", "café"),  # NFKC composes the accent
        ("async/await", "async await"),
        ("Web-Server_Gateway, Interface!", "web server gateway interface"),
        ("HTTP/1.1", "http 1 1"),
        ("Москва", "москва"),  # letters of any script are kept
        ("नमस्ते दुनिया", "नमस्ते दुनिया"),  # combining vowel signs are kept
        ("", ""),
        ("the", ""),
        ("?!", ""),
    ],
)
def test_normalise_answer(text, expected):
    assert normalise_answer(text) == expected


# ---------------------------------------------------------------------- short


FLASK_GATEWAY = short("WSGI", "Web Server Gateway Interface")


@pytest.mark.parametrize(
    "response",
    ["WSGI", "wsgi", "  WSGI  ", "the WSGI", "WSGI.", "a web-server gateway interface!"],
)
def test_short_exact_after_normalising(response):
    result = grade(FLASK_GATEWAY, response)
    assert result.score == 1.0
    assert result.verdict == "right"


def test_short_matched_is_original_spelling_of_the_accepted_answer():
    assert grade(FLASK_GATEWAY, "web server gateway interface").matched == (
        "Web Server Gateway Interface"
    )
    assert grade(FLASK_GATEWAY, "wsgi").matched == "WSGI"


def test_short_articles_in_the_accepted_answer_are_dropped_too():
    assert grade(short("The Django ORM"), "django orm").score == 1.0


@pytest.mark.parametrize("response", ["", "   ", "the", "?!", "a an the"])
def test_short_empty_answer_is_wrong(response):
    result = grade(short("WSGI"), response)
    assert result.score == 0.0
    assert result.matched is None


def test_short_accepted_answer_that_normalises_to_nothing_never_matches():
    assert grade(short("The"), "the").score == 0.0


@pytest.mark.parametrize("response", [None, ["WSGI"], 42, b"WSGI"])
def test_short_wrong_type_is_wrong(response):
    assert grade(short("WSGI"), response).score == 0.0


def test_short_typo_in_four_letter_answer_refused():
    assert grade(short("WSGI"), "WSGl").score == 0.0
    assert grade(short("WSGI"), "WSG").score == 0.0
    assert grade(short("WSGI"), "SWGI").score == 0.0  # even a transposition


@pytest.mark.parametrize(
    ("response", "score"),
    [
        ("Flsak", 1.0),  # transposition = one edit
        ("Flaskk", 1.0),  # insertion
        ("Flas", 1.0),  # deletion
        ("Plask", 1.0),  # substitution
        ("Plasc", 0.0),  # two edits on a 5-character answer
        ("lfsak", 0.0),  # two transpositions
    ],
)
def test_short_one_typo_for_5_to_10_characters(response, score):
    assert grade(short("Flask"), response).score == score


def test_short_ten_characters_still_one_typo():
    assert len(normalise_answer("middleware")) == 10
    assert grade(short("middleware"), "midleware").score == 1.0
    assert grade(short("middleware"), "midlewere").score == 0.0  # two edits


def test_short_eleven_characters_allow_two_typos():
    assert len(normalise_answer("interpreter")) == 11
    assert grade(short("interpreter"), "intepretr").score == 1.0  # two edits


@pytest.mark.parametrize(
    ("response", "score"),
    [
        ("Web Server Gateway Interfcae", 1.0),  # one transposition
        ("Web Servr Gateway Interfase", 1.0),  # two edits
        ("Web Sevr Gateway Interfase", 0.0),  # three edits
        ("Wbe Srever Gateway Interface", 1.0),  # two transpositions
    ],
)
def test_short_two_typos_for_longer_answers(response, score):
    result = grade(short("Web Server Gateway Interface"), response)
    assert result.score == score
    assert result.matched == ("Web Server Gateway Interface" if score else None)


def test_short_exact_match_beats_a_typo_match():
    # "flask" is one edit from "Flasks" but exactly "Flask"
    assert grade(short("Flasks", "Flask"), "flask").matched == "Flask"


def test_short_typo_reports_the_closest_accepted_answer():
    assert grade(short("Starlette", "Startlet"), "Startlett").matched == "Startlet"


def test_short_unicode_casefold():
    assert grade(short("Straße"), "STRASSE").score == 1.0
    assert grade(short("Straße"), "strasse").matched == "Straße"


def test_short_accents_are_significant_but_typo_tolerant_when_long():
    # Decision: normalising keeps accents (NFKC does not strip them), so a missing
    # accent is an ordinary one-character edit.
    assert grade(short("Café"), "CAFÉ").score == 1.0
    assert grade(short("Café"), "cafe\u0301").score == 1.0  # decomposed form
    assert grade(short("Café"), "cafe").score == 0.0  # 4 characters: no typo forgiven
    assert grade(short("Pokémon"), "pokemon").score == 1.0  # 7 characters: one edit


def test_short_numbers_and_punctuation():
    assert grade(short("HTTP/1.1"), "http 1.1").score == 1.0
    assert grade(short("404"), "405").score == 0.0


# ----------------------------------------------------------------------- open


def test_open_all_key_points_covered():
    answer = "FastAPI is ASGI-based, so async/await endpoints run on an event loop."
    result = grade(FASTAPI, answer)
    assert result.score == 1.0
    assert result.verdict == "right"
    assert result.covered == (0, 1, 2)
    assert result.missed == ()


def test_open_partial():
    result = grade(FASTAPI, "It uses coroutines and does not block the worker.")
    assert result.score == pytest.approx(2 / 3)  # 2 of 3 points
    assert result.verdict == "partial"
    assert result.covered == (0, 2)
    assert result.missed == (1,)


@pytest.mark.parametrize(
    "answer",
    ["Async/Await", "async await", "ASYNC-AWAIT!", "with the async / await syntax"],
)
def test_open_phrasing_variants_are_normalised(answer):
    assert grade(FASTAPI, answer).covered == (0,)


def test_open_word_boundaries():
    q = open_q(["ORM"], ["GIL"])
    assert grade(q, "the format of the output, a gilded cage").covered == ()
    assert grade(q, "Django's ORM").covered == (0,)
    assert grade(q, "(ORM)").covered == (0,)


def test_open_matches_on_stems():
    q = open_q(["extensions"], ["validation"], ["blocking"])
    result = grade(q, "You add an extension; it validates input. Slow calls block the worker.")
    assert result.covered == (0, 1, 2)
    assert result.key_point_words == (("extension",), ("validates",), ("block",))


def test_open_claim_goes_on_in_a_sentence_opening_with_a_pronoun():
    q = open_q(["deep pages stay fast"], ["other"])
    assert grade(q, "Keyset reads from an index. It stays fast on deep pages.").covered == (0,)
    # a new subject is a new claim
    assert grade(q, "Offset reads deep pages. Keyset stays fast.").covered == ()
    # and the pronoun reaches back one sentence only
    assert grade(q, "It reads deep pages. Keyset is different. It stays fast.").covered == ()


def test_open_plural_acronym_meets_its_singular():
    q = open_q(["SLI"], ["JWT"])
    result = grade(q, "Pick SLIs that users feel, and keep the JWTs short-lived.")
    assert result.covered == (0, 1)
    assert result.key_point_words == (("SLIs",), ("JWTs",))
    # a word in capitals that merely ends in "S" is left alone
    assert grade(open_q(["CORS"]), "CORS headers").covered == (0,)


@pytest.mark.parametrize(
    "answer", ["I/O bound work", "IO-bound work", "io bound work", "I/O-bound work", "IO bound"]
)
def test_open_hyphen_slash_and_space_variants(answer):
    q = open_q(["I/O bound"])
    assert grade(q, f"Async helps {answer} most.").covered == (0,)


@pytest.mark.parametrize("answer", ["nonblocking", "non-blocking", "non blocking"])
def test_open_compound_written_as_one_word_or_two(answer):
    assert grade(open_q(["non blocking"]), f"The server is {answer}.").score == 1.0
    assert grade(open_q(["nonblocking"]), f"The server is {answer}.").score == 1.0


def test_open_multi_word_phrasing_in_any_order_within_a_short_window():
    q = open_q(["event loop"])
    assert grade(q, "one Event Loop per thread").score == 1.0
    assert grade(q, "the loop runs the events").score == 1.0
    assert grade(q, "prevent loops").score == 0.0
    far = "an event arrives and after many unrelated words we finally see a loop"
    assert grade(q, far).score == 0.0
    assert grade(q, "every event, then a loop").score == 0.0  # not across clauses


@pytest.mark.parametrize(
    "answer",
    [
        "It is not ASGI.",
        "It isn't ASGI-based.",
        "No ASGI here.",
        "It never uses ASGI.",
        "It runs without ASGI.",
        "It uses WSGI rather than ASGI.",
        "It uses WSGI instead of ASGI.",
        "ASGI doesn't matter here.",
    ],
)
def test_open_a_point_in_a_negated_clause_does_not_count(answer):
    result = grade(open_q(["ASGI"], ["WSGI"]), answer)
    assert 0 not in result.covered
    assert result.negated == (0,)
    assert result.key_point_words[0] == ()


def test_open_negation_stops_at_the_clause():
    q = open_q(["ASGI"], ["event loop"])
    assert grade(q, "It is not WSGI, it is ASGI with an event loop.").covered == (0, 1)
    assert grade(q, "It does not block because ASGI runs an event loop.").covered == (0, 1)
    assert grade(q, "Flask is WSGI and does not support ASGI natively.").covered == ()


def test_open_a_negation_inside_the_phrasing_is_part_of_it():
    q = open_q(["does not block", "non blocking"])
    result = grade(q, "An async view doesn't block the worker.")
    assert result.covered == (0,)
    assert result.key_point_words == (("doesn't block",),)


def test_open_a_point_the_model_answer_denies_must_be_denied():
    q = open_q(["I/O bound"], ["CPU bound"])
    q.explanation_md = "Async helps **I/O-bound** work. It does not speed up **CPU-bound** work."
    assert grade(q, "Async makes CPU-bound work faster.").covered == ()
    assert grade(q, "Async makes CPU-bound work faster.").negated == (1,)
    result = grade(q, "It helps I/O-bound code; CPU-bound code gets no faster.")
    assert result.covered == (0, 1)
    assert grade(q, "Async won't make CPU-bound work any faster.").covered == (1,)


def test_open_the_model_answers_bold_mention_decides_the_polarity():
    q = open_q(["worker"], ["conventions"])
    # "worker" is affirmed where it is bold, so a later "instead of a worker" does not
    # make a denial acceptable; "conventions" is bold only in a denial but affirmed
    # elsewhere, so either way counts
    q.explanation_md = (
        "WSGI **ties up a worker**, ASGI uses a loop instead of a worker. "
        "Without agreed **conventions** code drifts; teams write conventions down."
    )
    assert grade(q, "It does not tie up a worker.").covered == ()
    assert grade(q, "Each connection ties up a worker.").covered == (0,)
    assert grade(q, "Without conventions the code drifts.").covered == (1,)
    assert grade(q, "Agree on conventions early.").covered == (1,)


@pytest.mark.parametrize(
    "answer",
    [
        "JWTs need no session store.",
        "The server doesn't store sessions.",
        "It works without a session store.",
        "Sessions are never stored on the server.",
    ],
)
def test_open_negation_words_are_interchangeable_inside_a_phrasing(answer):
    assert grade(open_q(["no session store"]), answer).score == 1.0


def test_open_window_counts_content_words_only():
    q = open_q(["both versions"])
    assert grade(q, "It must work with both the old and the new version.").score == 1.0
    assert grade(q, "Both teams review every schema change before a new version.").score == 0.0


def test_open_a_very_long_answer_is_graded():
    result = grade(FASTAPI, "It is ASGI, so the event loop is never blocked. " * 100)
    assert result.covered == (1, 2)


def test_open_a_bare_keyword_list_gets_at_most_partial_credit():
    result = grade(FASTAPI, "async/await, ASGI, event loop")
    assert result.keyword_list
    assert result.covered == (0, 1, 2)
    assert result.score == pytest.approx(KEYWORD_LIST_CAP)
    sentence = "FastAPI runs coroutines on ASGI, so one event loop serves many requests."
    assert grade(FASTAPI, sentence).score == 1.0
    assert not grade(FASTAPI, sentence).keyword_list


def test_open_lone_capitalised_function_word_matches_only_as_written():
    q = open_q(["IN"])
    assert grade(q, "Load them in a second query").score == 0.0
    assert grade(q, "a second query with WHERE id IN (...)").score == 1.0


def test_open_detail_keeps_the_keys_pages_read_and_adds_the_matched_words():
    detail = grade(FASTAPI, "It is not ASGI; coroutines run on an event loop.").detail()
    assert detail["covered"] == [0, 2]
    assert detail["missed"] == [1]
    assert detail["matched"] is None
    assert detail["key_point_words"] == [["coroutines"], [], ["event loop"]]
    assert detail["negated"] == [1]
    assert detail["keyword_list"] is False


def test_open_articles_are_dropped_on_both_sides():
    q = open_q(["the GIL"])
    assert grade(q, "CPython has a GIL").score == 1.0
    assert grade(q, "CPython has GIL").score == 1.0


def test_open_ignores_phrasings_that_normalise_to_nothing():
    q = open_q(["the", "?"], ["ASGI"])
    result = grade(q, "ASGI")
    assert result.covered == (1,)
    assert result.missed == (0,)


@pytest.mark.parametrize("answer", ["", "   ", "...", None, ["ASGI"]])
def test_open_empty_or_wrong_type_is_wrong_with_everything_missed(answer):
    result = grade(FASTAPI, answer)
    assert result.score == 0.0
    assert result.verdict == "wrong"
    assert result.covered == ()
    assert result.missed == (0, 1, 2)


def test_open_unicode():
    q = open_q(["Straße"], ["naïve"])
    result = grade(q, "STRASSE, naïve")
    assert result.covered == (0, 1)


# ------------------------------------------------------------ correct answers


def test_correct_answers():
    assert correct_answers(single()) == ["option 2"]
    assert correct_answers(multiple("x_x")) == ["option 0", "option 2"]
    assert correct_answers(FLASK_GATEWAY) == ["WSGI", "Web Server Gateway Interface"]
    assert correct_answers(FASTAPI) == ["async/await", "ASGI", "non-blocking"]


# ----------------------------------------------------------------- properties

responses = st.one_of(
    st.text(),
    st.lists(st.integers(min_value=-10, max_value=10)),
    st.lists(st.one_of(st.integers(), st.text(), st.none(), st.booleans())),
    st.none(),
    st.integers(),
)


@given(response=responses)
def test_graders_never_raise_and_stay_in_range(response):
    for q in (single(), multiple(), FLASK_GATEWAY, FASTAPI):
        result = grade(q, response)
        assert 0.0 <= result.score <= 1.0
        assert result.verdict in ("right", "partial", "wrong")


@given(text=st.text())
def test_normalise_is_idempotent(text):
    once = normalise_answer(text)
    assert normalise_answer(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(picks=st.lists(st.integers(min_value=0, max_value=4)))
def test_multiple_matches_formula(picks):
    q = multiple("xx_x_")
    chosen = set(picks)
    right = len(chosen & {0, 1, 3})
    wrong = len(chosen & {2, 4})
    assert grade(q, picks).score == pytest.approx(max(0, right / 3 - wrong / 2))


@pytest.mark.parametrize(
    ("given", "accepted"),
    [
        ("429 Unprocessable Entity", "422 Unprocessable Entity"),
        ("400 Unprocessable Entity", "422 Unprocessable Entity"),
        ("HTTP/1.0", "HTTP/1.1"),
        ("Python 3.10", "Python 3.11"),
    ],
)
def test_a_different_number_is_never_forgiven_as_a_typo(given, accepted):
    question = Question(id="q", kind="short", prompt_md="?", topic_slug="t", answers=[accepted])
    assert grade(question, given).score == 0.0


def test_a_typo_in_the_words_beside_a_number_is_still_forgiven():
    question = Question(
        id="q", kind="short", prompt_md="?", topic_slug="t", answers=["422 Unprocessable Entity"]
    )
    assert grade(question, "422 Unprocesable Entity").score == 1.0


ASYNC_WITH_MODEL_ANSWER = open_q(
    ["I/O bound", "waiting"],
    ["CPU bound"],
    ["no session store"],
    ["IN"],
    explanation="Async helps **I/O-bound** work; it does not speed up **CPU-bound** work.",
)


@given(text=st.text())
def test_reading_any_text_keeps_words_inside_it(text):
    reading = read_text(text)
    for word in reading.words:
        assert 0 <= word.start < word.end <= len(reading.text)
        assert word.text
    assert [w.clause for w in reading.words] == sorted(w.clause for w in reading.words)


PIECES = [*"abcIO/-.,;' ", " not ", " no ", " CPU ", " bound ", " waiting ", " session ", "IN"]


@given(text=st.lists(st.sampled_from(PIECES)).map("".join))
def test_open_grade_is_consistent_on_any_text(text):
    result = grade(ASYNC_WITH_MODEL_ANSWER, text)
    assert 0.0 <= result.score <= 1.0
    assert set(result.covered) | set(result.missed) == {0, 1, 2, 3}
    assert not set(result.covered) & set(result.missed)
    assert set(result.negated) <= set(result.missed)
    assert all(bool(result.key_point_words[i]) == (i in result.covered) for i in range(4))
    assert all(word in read_text(text).text for words in result.key_point_words for word in words)


def test_open_a_new_subject_after_and_ends_the_negation():
    q = open_q(["event loop"])
    assert grade(q, "It does not block and it uses an event loop.").score == 1.0
    assert grade(q, "It does not block and uses no event loop.").score == 0.0


def test_open_a_wrapped_line_does_not_end_a_clause_but_a_blank_line_does():
    q = open_q(["event loop"])
    assert grade(q, "It does not use an event\nloop.").covered == ()
    assert grade(q, "It does not block.\n\nAn event loop serves the rest").covered == (0,)
    assert grade(q, "- no threads\n- event loop").covered == (0,)


@pytest.mark.parametrize(
    ("covered", "total", "score"),
    [
        (0, 4, 0.0),
        (1, 4, 0.25),
        (2, 4, 0.5),
        (3, 4, 0.75),
        (4, 4, 1.0),
        (1, 5, 0.2),
        (2, 5, 0.4),
        (3, 5, 0.6),
        (4, 5, 0.8),
        (1, 3, 1 / 3),
        (2, 3, 2 / 3),
        (1, 1, 1.0),
    ],
)
def test_open_credit_is_proportional_to_the_points_covered(covered, total, score):
    assert coverage_score(covered, total) == pytest.approx(score)


def test_open_coverage_score_rises_with_every_point():
    for total in range(1, 9):
        scores = [coverage_score(c, total) for c in range(total + 1)]
        assert scores == sorted(set(scores))
        assert scores[0] == 0.0 and scores[-1] == 1.0


@pytest.mark.parametrize(
    "answer",
    [
        "A retry doesn't charge the customer twice.",
        "The retry won't create a second payment.",
        "Retries never charge twice.",  # no auxiliary: nothing reaches back
    ],
)
def test_open_the_subject_of_a_denied_action_still_makes_its_point(answer):
    q = open_q(["retry"], ["refund"])
    q.explanation_md = "A blind **retry** could charge twice."
    result = grade(q, answer)
    assert result.covered == (0,)
    assert result.negated == ()


@pytest.mark.parametrize(
    "answer",
    [
        "Retries are not a concern here.",
        "A retry isn't needed.",
        "A retry won't be necessary.",
        "Retries don't matter.",
        "We never retry.",
        "There is no retry.",
    ],
)
def test_open_a_denied_subject_or_object_still_does_not_count(answer):
    q = open_q(["retry"], ["refund"])
    q.explanation_md = "A blind **retry** could charge twice."
    result = grade(q, answer)
    assert result.covered == ()
    assert result.negated == (0,)


def test_open_the_subject_of_a_denied_action_fits_a_denied_point_too():
    q = open_q(["I/O bound"], ["CPU bound"])
    q.explanation_md = "Async helps **I/O-bound** work. It does not speed up **CPU-bound** work."
    assert grade(q, "CPU-bound work doesn't get any faster with async.").covered == (1,)
    assert grade(q, "CPU-bound work is not faster with async.").covered == (1,)
    assert grade(q, "Async makes CPU-bound work faster.").covered == ()


def test_open_a_phrasing_of_a_negation_and_function_words_keeps_them_all():
    q = open_q(["all or nothing"])
    assert grade(q, "The transfer is all or nothing.").covered == (0,)
    assert grade(q, "It is not atomic and never isolated.").covered == ()
    # the negation that governs the phrasing is not one of its own words
    result = grade(q, "None of it is all or nothing.")
    assert result.covered == ()
    assert result.negated == (0,)


def test_open_a_phrasing_takes_the_nearest_of_its_words():
    q = open_q(["second query"])
    answer = "The first query loads users and then a second query loads their posts."
    assert grade(q, answer).key_point_words == (("second query",),)


@pytest.mark.parametrize(
    "answer", ["It is not only ASGI-based but also typed.", "Not just ASGI: it is typed too."]
)
def test_open_not_only_is_no_negation(answer):
    assert grade(open_q(["ASGI"]), answer).score == 1.0


# ------------------------------------------------------ claims and misconceptions


def test_a_negation_carries_over_a_short_list():
    q = open_q(["metrics"], ["traces"], ["logs"])
    assert grade(q, "It isn't about metrics, traces or logs.").covered == ()
    # a new clause with its own subject is not part of the list
    assert grade(q, "It is not metrics, it is traces.").covered == (1,)
    # nor is a relative clause about the denied thing
    assert grade(q, "It does nothing for metrics, which need logs.").covered == (2,)


def test_contractions_without_apostrophes_and_ignore_deny():
    q = open_q(["event loop"], ["sorts"])
    assert grade(q, "asgi doesnt use an event loop").covered == ()
    assert grade(q, "I'd ignore sorts").covered == ()


def test_predicates_that_deny_their_subject():
    q = open_q(["statistics"])
    assert grade(q, "statistics are irrelevant").covered == ()
    assert grade(q, "stale statistics mislead the planner").covered == (0,)


def test_a_hyphenated_compound_matches_only_as_one():
    q = open_q(["free-threaded"])
    assert grade(q, "the free-threaded build").covered == (0,)
    assert grade(q, "a free threaded build").covered == (0,)
    assert grade(q, "threads are free").covered == ()


def test_words_of_the_prompt_earn_nothing_by_themselves():
    q = open_q(
        ["ASGI"],
        ["long-lived connections", "keeps the connection open"],
        prompt="Why does ASGI help with WebSockets?",
    )
    assert grade(q, "Why does ASGI help with WebSockets?").score == 0.0
    assert grade(q, "ASGI keeps the connection open").covered == (1,)


def test_open_a_prompt_word_said_in_other_words_is_the_answer_s_own():
    # "failures" and "allowance" are synonyms of the prompt's "error" and "budget": the
    # answer explains the term rather than pasting it back
    q = open_q(
        ["allowance for errors"],
        ["freeze releases"],
        prompt="What do you do with the error budget?",
    )
    assert grade(q, "What do you do with the error budget?").score == 0.0
    assert grade(q, "The error budget, the error budget.").covered == ()
    assert grade(q, "Treat the remaining failures as an allowance.").covered == (0,)


def oauth_question(*misconceptions: str) -> Question:
    """An open question on OAuth 2.0 with the given misconceptions and a cap of 0.2."""
    return open_q(
        ["delegated authorisation"],
        ["access token"],
        prompt="What is OAuth 2.0 for?",
        misconceptions=tuple(Misconception((m,), "It is wrong.") for m in misconceptions),
    )


def test_an_asserted_misconception_caps_the_score_and_a_denied_one_does_not():
    q = oauth_question("authentication protocol")
    said = grade(q, "Delegated authorisation with an access token; an authentication protocol.")
    assert said.misconceptions == (0,) and said.score == 0.2
    assert said.misconception_words == (("authentication protocol",),)
    denied = grade(
        q, "Delegated authorisation with an access token, not an authentication protocol."
    )
    assert denied.misconceptions == () and denied.score == 1.0


def test_a_misconception_needs_its_subject_not_the_object_of_a_preposition():
    q = oauth_question("OAuth for login")
    said = grade(q, "OAuth is for login: it hands out an access token.")
    assert said.misconceptions == (0,)
    # OIDC is the one that adds login here; OAuth is only what it sits on top of
    other = grade(
        q, "OpenID Connect sits on top of OAuth and adds login; OAuth gives access tokens."
    )
    assert other.misconceptions == ()
    assert other.score == 0.5


def test_a_misconception_word_after_than_is_only_compared_with():
    q = oauth_question("SSE is built on WebSockets")
    assert grade(q, "SSE is built on top of WebSockets.").misconceptions == (0,)
    assert grade(q, "SSE is simpler than WebSockets and is built in.").misconceptions == ()
    # unless the wrong claim is itself a comparison
    compared = oauth_question("WSGI is faster than ASGI")
    assert grade(compared, "WSGI is faster than ASGI.").misconceptions == (0,)


def test_a_condition_states_no_wrong_claim():
    q = oauth_question("tokens in localStorage")
    assert grade(q, "Keep the tokens in localStorage.").misconceptions == (0,)
    conditional = "If you keep tokens in localStorage, any XSS can steal them."
    assert grade(q, conditional).misconceptions == ()
    # nor a key point stated the other way round ("add" is the opposite of "remove")
    removed = open_q(["removes rows"], ["index"])
    assert grade(removed, "Rows get added, and it uses an index.").contradicted == (0,)
    assert grade(removed, "If rows get added, it uses an index.").contradicted == ()


def test_the_words_of_an_asserted_misconception_make_no_key_point():
    # "PATCH is idempotent" states the misconception; its "idempotent" is no claim
    # about PUT's idempotency as well
    q = open_q(
        ["idempotent"],
        ["partial update"],
        prompt="Explain the difference between PUT and PATCH.",
        misconceptions=(Misconception(("PATCH is idempotent",), "It is not guaranteed."),),
    )
    wrong = grade(q, "PATCH is idempotent.")
    assert wrong.misconceptions == (0,)
    assert wrong.covered == () and wrong.negated == ()
    assert wrong.score == 0.0
    # a point made in words of its own still counts, up to the cap
    both = grade(q, "PATCH is idempotent. PUT is idempotent too, PATCH is a partial update.")
    assert both.covered == (0, 1) and both.score == 0.2


def test_two_wrong_claims_earn_no_credit():
    q = oauth_question("authentication protocol", "tokens in localStorage")
    one = grade(q, "Delegated authorisation with an access token; an authentication protocol.")
    assert one.score == 0.2
    two = grade(
        q,
        "Delegated authorisation with an access token; an authentication protocol, "
        "so keep the tokens in localStorage.",
    )
    assert two.misconceptions == (0, 1) and two.covered == (0, 1)
    assert two.score == 0.0
    assert score_open(q, (0, 1), (0,)) == 0.2
    assert score_open(q, (0, 1), (0, 1)) == 0.0
    assert score_open(q, (0,), (0,), contradicted=(1,)) == 0.0


def test_open_a_list_of_terms_without_grammar_words_is_a_keyword_list():
    # a claim needs a clause: terms separated by commas or slashes state nothing
    terms = "coroutines, ASGI server, non-blocking, event loop, Starlette, uvicorn"
    result = grade(FASTAPI, terms)
    assert result.keyword_list
    assert result.score == pytest.approx(KEYWORD_LIST_CAP)
    slashed = grade(FASTAPI, "async/await / ASGI / event loop / Starlette / uvicorn")
    assert slashed.keyword_list
    # a terse sentence is no list, and hyphenated terms or SQL keywords are no grammar
    terse = "FastAPI runs coroutines on ASGI, so the event loop is never blocked."
    assert not grade(FASTAPI, terse).keyword_list
    assert grade(FASTAPI, terse).score == 1.0
    assert grade(FASTAPI, "one-to-many, IN, ASGI, coroutines, uvicorn, many-to-one").keyword_list


def test_open_a_quantifier_is_no_subject_for_an_opposite():
    # client / server are opposites (antonyms.txt), but "every server" does not state
    # "every client" the other way round
    q = open_q(["every client", "per-client"], ["Redis"])
    result = grade(q, "The counters live in Redis so every server shares them.")
    assert result.contradicted == ()
    assert result.score == 0.5


def test_open_terms_strung_together_with_grammar_words_are_a_keyword_list():
    # grammar words around a string of terms do not make it claims
    strung = "Well, you need coroutines, ASGI, an event loop, Starlette, uvicorn and so on."
    assert grade(FASTAPI, strung).keyword_list
    assert grade(FASTAPI, strung).score == pytest.approx(KEYWORD_LIST_CAP)
    anded = "It is coroutines and ASGI and the event loop and Starlette and speed, really."
    assert grade(FASTAPI, anded).keyword_list
    # a sentence with a short list in it is no list
    listing = (
        "FastAPI runs coroutines on ASGI, so while one request waits on the database, "
        "the event loop serves the others: Starlette, uvicorn and Pydantic do the rest."
    )
    assert not grade(FASTAPI, listing).keyword_list
    assert grade(FASTAPI, listing).score == 1.0


PAGINATION = open_q(
    ["deep pages get slower", "skipped rows are read"],
    ["index seek"],
    prompt="Compare offset and keyset pagination.",
    explanation="Offset: **deep pages get slower**. Keyset: an **index seek**.",
)


def test_open_a_point_stated_the_opposite_way_round_is_a_misconception():
    # "faster" is the opposite of "slower" (antonyms.txt): the point is contradicted,
    # not covered, and the score is capped like a misconception
    result = grade(PAGINATION, "Offset is faster for deep pages, and keyset uses an index seek.")
    assert result.covered == (1,)
    assert result.contradicted == (0,)
    assert 0 in result.negated
    assert result.score == pytest.approx(PAGINATION.misconception_cap)
    assert result.detail()["contradicted"] == [0]
    # denying the opposite is no contradiction, and the point made as meant is covered
    denied = grade(PAGINATION, "Deep pages are not faster with offset; keyset uses an index seek.")
    assert denied.contradicted == ()
    right = grade(PAGINATION, "With offset deep pages get slower; keyset does an index seek.")
    assert right.contradicted == () and right.score == 1.0


def test_antonym_lines_need_one_slash():
    from quiz.scoring.reading import read_antonyms

    opposites = read_antonyms("# comment\n\nearly, soon / late\n")
    assert opposites["earli"] == opposites["soon"] == frozenset({"late"})
    assert opposites["late"] == frozenset({"earli", "soon"})
    with pytest.raises(ValueError, match="one '/'"):
        read_antonyms("fast slow\n")


def test_open_an_answer_denying_as_many_points_as_it_makes_is_capped():
    # two denials and one point made: the answer argues against the model answer, and
    # its two points stated the opposite way round are two wrong claims: no credit
    result = grade(FASTAPI, "It is not ASGI and there is no event loop; it uses coroutines.")
    assert result.covered == (0,)
    assert result.contradicted == (1, 2)
    assert result.score == 0.0
    # one stray denial beside the points made is only a missed point
    one = grade(FASTAPI, "It uses coroutines on an event loop, not ASGI.")
    assert one.negated == (1,) and one.contradicted == ()
    assert one.score == pytest.approx(2 / 3)


def test_a_phrase_of_synonyms_txt_reads_as_the_word_it_stands_for():
    table = read_phrase_synonyms("revoke, cancel, take back, took back\n")
    assert table == {("take", "back"): "revok", ("took", "back"): "revok"}
    with pytest.raises(ValueError, match="put a word first"):
        read_phrase_synonyms("take back, revoke\n")
    words = read_text("You can't take one back, the pool ran out; it took the token back.").words
    assert [w.text for w in words if w.stem == "exhaust"] == ["ran out"]
    # a phrase is its words side by side in one clause
    assert not any(w.stem == "revok" for w in words)
    q = open_q(["hard to revoke"], prompt="What are the trade-offs of JWTs?")
    assert grade(q, "It is hard to take a token back once issued.").covered == ()
    assert grade(q, "A token is hard to take back once issued.").covered == (0,)


def test_a_negation_hyphenated_to_a_word_negates_only_that_term():
    words = read_text("The no-GIL build has official support, but it is not the default.").words
    by_text = {w.text: w for w in words}
    assert not by_text["official"].negated and not by_text["support"].negated
    assert by_text["default"].negated
    q = open_q(["official support"], ["no-GIL"], prompt="Where does free-threaded Python stand?")
    assert grade(q, "The no-GIL build has official support.").covered == (0, 1)
    assert grade(q, "It is nogil now, with official support.").covered == (0, 1)
