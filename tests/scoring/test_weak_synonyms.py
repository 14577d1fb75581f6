"""The weak synonym tier (quiz/scoring/wordnet_synonyms.txt, from WordNet): how the build
script writes it, and how the open-answer grader uses it."""

from __future__ import annotations

import re

import pytest

from bench.build_wordnet_synonyms import build, by_stem, render
from quiz.banks.model import Question
from quiz.scoring import grade
from quiz.scoring.reading import (
    SYNONYMS,
    WORDNET_SYNONYMS_FILE,
    read_weak_synonyms,
    weak_synonyms,
)

LICENCE = "WordNet Release 3.0\n\nWordNet 3.0 Copyright 2006 by Princeton University."

# A two-part-of-speech miniature of WordNet's dict/ files: "tally" has two senses, the
# first shared with "count" and "number", the second with "score"; "reckon" is never
# sense-tagged (tagsense_cnt 0), so it counts as rare.
FILES = {
    "index.noun": """  1 licence header line
count n 1 1 @ 1 1 00000001
number n 1 1 @ 1 1 00000001
tally n 2 1 @ 2 2 00000001 00000002
score n 1 1 @ 1 1 00000002
reckon n 1 1 @ 1 0 00000001
""",
    "data.noun": """  1 licence header line
00000001 03 n 04 count 0 number 0 tally 0 reckon 0 000 | a count
00000002 03 n 02 tally 0 score 0 000 | a score
""",
    "index.verb": "",
    "data.verb": "",
    "index.adj": "",
    "data.adj": "",
}


@pytest.fixture
def wordnet_dir(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="latin-1")
    return tmp_path


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_build_takes_the_first_senses_of_common_words_only(wordnet_dir):
    related = build(wordnet_dir, senses=1)
    assert related["count"] == {"number", "tally"}  # not the rare "reckon"
    assert related["tally"] == {"count", "number"}  # its second sense is left out
    assert "reckon" not in related
    assert build(wordnet_dir, senses=2)["tally"] == {"count", "number", "score"}


def test_render_writes_stem_lines_under_the_licence_notice(wordnet_dir):
    text = render(by_stem(build(wordnet_dir, senses=2)), LICENCE, senses=2)
    assert "# WordNet 3.0 Copyright 2006 by Princeton University." in text
    assert "first 2 senses" in text
    assert table_lines(text) == [
        "count: number, talli",
        "number: count, talli",
        "score: talli",
        "talli: count, number, score",
    ]
    assert read_weak_synonyms(text)["talli"] == {"count", "number", "score"}


def test_the_shipped_table_is_small_well_formed_and_carries_the_licence():
    text = WORDNET_SYNONYMS_FILE.read_text(encoding="utf-8")
    assert len(text.encode()) < 1_500_000
    assert "Copyright 2006 by Princeton University" in text
    line = re.compile(r"[a-z]+: [a-z]+(, [a-z]+)*")
    lines = table_lines(text)
    assert len(lines) > 1000
    assert all(line.fullmatch(entry) for entry in lines)


def test_a_hand_written_group_outranks_wordnet_and_antonyms_are_never_synonyms():
    grouped = next(iter(SYNONYMS))  # a stem of some synonyms.txt group
    table = read_weak_synonyms(f"{grouped}: zebra\nfaster: slower, quicker\n")
    assert grouped not in table
    assert table["faster"] == {"quicker"}  # "slower" is its antonym (antonyms.txt)
    assert grouped not in weak_synonyms()


def test_a_line_without_a_colon_is_refused():
    with pytest.raises(ValueError, match="':'"):
        read_weak_synonyms("count number\n")


def open_q(*key_points: list[str], prompt: str = "?", explanation: str = "") -> Question:
    return Question(
        id="q",
        kind="open",
        prompt_md=prompt,
        topic_slug="t",
        key_points=[list(k) for k in key_points],
        explanation_md=explanation,
    )


COUNTS = open_q(["request counts"], ["Prometheus"])


def test_a_paraphrase_with_a_wordnet_synonym_makes_the_point():
    assert "count" not in SYNONYMS and "number" in weak_synonyms()["count"]
    result = grade(COUNTS, "We export the number of requests to Prometheus.")
    assert result.covered == (0, 1)
    assert result.key_point_words[0] == ("number of requests",)


def test_a_lone_wordnet_synonym_is_not_a_claim():
    assert grade(open_q(["counts"], ["Prometheus"]), "Numbers in Prometheus.").covered == (1,)
    assert grade(COUNTS, "We export numbers to Prometheus.").covered == (1,)


@pytest.mark.parametrize(
    "answer",
    [
        "We do not keep the number of requests; Prometheus is enough.",
        "Prometheus, without any number of requests.",
        # one denial among the clauses that make it and the point is not made
        "Prometheus has the number of requests, but not the number of requests we need.",
    ],
)
def test_a_wordnet_synonym_never_rescues_a_negated_clause(answer):
    result = grade(COUNTS, answer)
    assert result.covered == (1,)
    assert result.key_point_words[0] == ()


def test_a_point_the_model_answer_denies_is_never_made_by_a_wordnet_synonym():
    q = open_q(
        ["request counts"],
        explanation="You do **not** need **request counts** here.",
    )
    assert grade(q, "You don't need the number of requests.").covered == ()


def test_a_word_of_the_prompt_is_not_widened():
    q = open_q(["request counts"], ["Prometheus"], prompt="What do you count, and where?")
    assert grade(q, "The number of requests, in Prometheus.").covered == (1,)
