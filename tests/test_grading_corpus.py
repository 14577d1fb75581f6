"""The open-answer grader agrees with a careful human grader on the labelled corpus.

The corpus (tests/data/grading-corpus.yaml) holds answers to the shipped open
questions with the score a fair interviewer would give; bench/grading.py prints the
confusion table. Questions are looked up in questions/*.md by id: a missing id fails
loudly rather than shrinking the corpus.
"""

import pytest

from bench.grading import (
    CorpusError,
    Labelled,
    grade_corpus,
    load_corpus,
    mean_absolute_error,
    questions_by_key,
)

MAX_MEAN_ABSOLUTE_ERROR = 0.15
MAX_STUFFED_OR_NEGATED = 0.4
MIN_STRONG = 0.7


@pytest.fixture(scope="module")
def results():
    return grade_corpus()


def test_corpus_is_large_and_varied():
    answers = load_corpus()
    assert len(answers) >= 120
    bands = {a.band for a in answers}
    assert bands == {"strong", "partial", "wrong", "stuffed", "negated", "off-topic"}
    assert len({(a.file, a.question_id) for a in answers}) >= 15
    assert all(0.0 <= a.human <= 1.0 for a in answers)


def test_every_corpus_question_is_an_open_question_of_a_shipped_bank():
    answers = load_corpus()
    found = questions_by_key(answers)
    assert set(found) == {(a.file, a.question_id) for a in answers}


def test_a_missing_question_id_fails_loudly():
    ghost = Labelled("web-frameworks.md", "no-such-question", "strong", 1.0, "x")
    known = load_corpus()[0]
    with pytest.raises(CorpusError, match="has no question with id 'no-such-question'"):
        questions_by_key([known, ghost])
    with pytest.raises(CorpusError, match="missing"):
        questions_by_key([Labelled("gone.md", "x", "strong", 1.0, "x")])


def test_mean_absolute_error(results):
    mae = mean_absolute_error(results)
    print(f"mean absolute error over {len(results)} answers: {mae:.3f}")
    assert mae <= MAX_MEAN_ABSOLUTE_ERROR


def describe(result):
    return f"{result.answer.question_id}: {result.grader:.2f} for {result.answer.text!r}"


def test_stuffed_and_negated_answers_score_low(results):
    high = [
        describe(r)
        for r in results
        if r.answer.band in ("stuffed", "negated") and r.grader > MAX_STUFFED_OR_NEGATED
    ]
    assert not high


def _strong_cases():
    for answer in load_corpus():
        if answer.band == "strong":
            yield pytest.param(answer, id=f"{answer.question_id}-{answer.text[:24]}")


@pytest.mark.parametrize("answer", list(_strong_cases()))
def test_strong_answer_scores_high(answer, results):
    [result] = [r for r in results if r.answer == answer]
    assert result.grader >= MIN_STRONG, describe(result)
