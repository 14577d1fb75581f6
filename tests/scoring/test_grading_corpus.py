"""The open-answer grader agrees with a fair human grader on answers it never saw.

The corpus (tests/data/grading/) holds answers to the shipped open questions, each
written and labelled with the score a fair interviewer would give before the grader saw
it. The held-out split is what the targets are asserted on; nothing is tuned on it.
bench/grading.py prints both splits' tables. Questions are looked up in questions/*.md
by id: a missing id fails loudly rather than shrinking the corpus.
"""

from collections import Counter
from statistics import fmean

import pytest

from bench.grading import (
    ANSWER_BANDS,
    QUESTIONS_DIR,
    CorpusError,
    Labelled,
    grade_corpus,
    load_corpus,
    mean_absolute_error,
    questions_by_key,
)
from quiz.banks import parse_paths
from quiz.scoring import grade

MAX_MEAN_ABSOLUTE_ERROR = 0.15
MAX_FALSE_OR_NEGATED_MEAN = 0.2
NO_FALSE_OR_NEGATED_FROM = 0.5
MIN_PARAPHRASE_MEAN = 0.7
MIN_STRONG = 0.7
MAX_PROMPT_PASTED_BACK = 0.2

# The targets above are issue 18's; those still marked are not met yet. Measured on the
# held-out split when the claim grader, synonyms and rewritten banks landed: MAE 0.194,
# paraphrase mean 0.51, false mean 0.27 (max 0.75), negated mean 0.16 (max 0.50), strong
# mean 0.97. After contradictions (antonyms.txt, denials), the grammar-word keyword-list
# check, more synonyms, misconceptions and phrasings: MAE 0.153, paraphrase mean 0.56,
# false mean 0.23 (max 0.60), negated mean 0.13 (max 0.25: met), strong mean 0.94.
# After phrase synonyms, no credit for two wrong claims, no key point from the words of a
# misconception, a third tuning batch and its phrasings: MAE 0.117 (met), paraphrase mean
# 0.64, false mean 0.15 (max 0.60), negated mean 0.02 (max 0.25), strong mean 0.94.
# After key points matched across comma asides, more synonyms, tighter misconception
# phrasings and a fourth tuning batch of full paraphrases: MAE 0.111, paraphrase mean
# 0.65, false mean 0.15 (max 0.60), negated mean 0.02 (max 0.25), strong mean 0.97.
# After a fifth tuning batch written from the prompts alone, plural acronyms, a sentence
# opening with a pronoun read with the one before, terms strung with "and" as a keyword
# list, and fewer misconceptions read from prepositions, "than" and "if" clauses: MAE
# 0.112, paraphrase mean 0.65, false mean 0.16 (max 0.60), negated mean 0.02 (max 0.25),
# stuffing max 1.00, strong mean 0.97.
# Strict: the day a target is met, its test fails until this mark comes off.
NOT_MET_YET = pytest.mark.xfail(
    strict=True, reason="issue 18 target not met on the held-out split yet (see above)"
)
# What the held-out split showed then, so that no change makes it worse meanwhile.
MEASURED_MAE = 0.115
MEASURED_PARAPHRASE_MEAN = 0.64
MEASURED_FALSE_MEAN = 0.16


@pytest.fixture(scope="module")
def held_out():
    return grade_corpus(load_corpus("held-out"))


def describe(result):
    return f"{result.answer.question_id}: {result.grader:.2f} for {result.answer.text!r}"


def test_corpus_is_large_varied_and_split():
    tuning, held = load_corpus("tuning"), load_corpus("held-out")
    assert len(tuning) + len(held) >= 400
    assert len(held) >= 150
    assert not {a.text for a in tuning} & {a.text for a in held}
    kinds = ("strong", "paraphrase", "partial", "false", "negated", "stuffing")
    counts = Counter(a.band for a in held)
    assert set(counts) == set(kinds)
    assert max(counts.values()) <= 1.5 * min(counts.values())  # similar numbers
    assert len({(a.file, a.question_id) for a in held}) >= 30
    assert all(0.0 <= a.human <= 1.0 for a in tuning + held)
    assert {a.band for a in tuning} <= set(ANSWER_BANDS)


def test_every_corpus_question_is_an_open_question_of_a_shipped_bank():
    answers = load_corpus("tuning") + load_corpus("held-out")
    found = questions_by_key(answers)
    assert set(found) == {(a.file, a.question_id) for a in answers}


def test_a_missing_question_id_fails_loudly():
    ghost = Labelled("web-frameworks.md", "no-such-question", "strong", 1.0, "x")
    known = load_corpus("held-out")[0]
    with pytest.raises(CorpusError, match="has no question with id 'no-such-question'"):
        questions_by_key([known, ghost])
    with pytest.raises(CorpusError, match="missing"):
        questions_by_key([Labelled("gone.md", "x", "strong", 1.0, "x")])


def test_held_out_mean_absolute_error(held_out):
    mae = mean_absolute_error(held_out)
    print(f"held-out mean absolute error over {len(held_out)} answers: {mae:.3f}")
    assert mae <= MAX_MEAN_ABSOLUTE_ERROR


@pytest.mark.parametrize("kind", [pytest.param("false", marks=NOT_MET_YET), "negated"])
def test_held_out_false_and_negated_answers_score_low(held_out, kind):
    rows = [r for r in held_out if r.answer.band == kind]
    assert fmean(r.grader for r in rows) <= MAX_FALSE_OR_NEGATED_MEAN
    high = [describe(r) for r in rows if r.grader >= NO_FALSE_OR_NEGATED_FROM]
    assert not high


@NOT_MET_YET
def test_held_out_paraphrases_score_high(held_out):
    rows = [r for r in held_out if r.answer.band == "paraphrase"]
    assert fmean(r.grader for r in rows) >= MIN_PARAPHRASE_MEAN


@NOT_MET_YET
def test_held_out_no_strong_answer_scores_low(held_out):
    low = [describe(r) for r in held_out if r.answer.band == "strong" and r.grader < MIN_STRONG]
    assert not low


def test_held_out_is_no_worse_than_when_measured(held_out):
    def mean(kind):
        return fmean(r.grader for r in held_out if r.answer.band == kind)

    assert mean_absolute_error(held_out) <= MEASURED_MAE
    assert mean("paraphrase") >= MEASURED_PARAPHRASE_MEAN
    assert mean("false") <= MEASURED_FALSE_MEAN
    assert mean("negated") <= MAX_FALSE_OR_NEGATED_MEAN


def _shipped_open_questions():
    for result in parse_paths([QUESTIONS_DIR]):
        for question in result.bank.questions:
            if question.kind == "open":
                yield pytest.param(question, id=question.id)


@pytest.mark.parametrize("question", list(_shipped_open_questions()))
def test_the_prompt_pasted_back_scores_low(question):
    assert grade(question, question.prompt_md).score <= MAX_PROMPT_PASTED_BACK


@pytest.mark.parametrize("question", list(_shipped_open_questions()))
def test_the_model_answer_asserts_no_misconception(question):
    # a misconception phrasing loose enough to fire on the bank's own model answer fires
    # on every full correct answer too ("catch API changes that mocks miss" is no claim
    # that mocks catch API changes)
    found = grade(question, question.explanation_md or "")
    assert found.misconceptions == ()
    assert found.contradicted == ()
    assert found.score >= MIN_STRONG
