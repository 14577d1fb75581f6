"""How well the open-answer grader agrees with a human grader.

Run: `.venv/bin/python bench/grading.py [--split tuning|held-out|both] [--worst N]
[--grader key-points|model]`; `--grader model` asks the model grader configured by
GRADER_URL, GRADER_MODEL (and GRADER_API_KEY, GRADER_TIMEOUT) in the environment.
Grades every answer of the labelled corpus (tests/data/grading/) against its question
in questions/*.md and prints, for the tuning and the held-out split separately, the
confusion table (human band by grader band), the mean absolute error overall and per
kind of answer, and the time grading takes; for the tuning split only, the answers the
two disagree on most. The held-out split's answers were written and labelled before
the grader saw them, and nothing tuned on them: it prints aggregates only.
tests/scoring/test_grading_corpus.py asserts the project's targets on the held-out split.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.banks import Question, parse_file  # noqa: E402
from quiz.scoring import grade  # noqa: E402
from quiz.scoring.model_grader import grade_open_with_model, settings_from_config  # noqa: E402

CORPUS_DIR = ROOT / "tests" / "data" / "grading"
# Each split's files. Never tune the grader or the banks on the held-out split.
SPLITS = {
    "tuning": (
        "tuning.yaml",
        "tuning-earlier.yaml",
        "tuning-2.yaml",
        "tuning-3.yaml",
        "tuning-4.yaml",
        "tuning-5.yaml",
        "tuning-6a.yaml",
    ),
    "held-out": ("held-out.yaml",),
}
QUESTIONS_DIR = ROOT / "questions"
# Kinds of answer: strong, a correct paraphrase in other words, partial (about half),
# confidently false with the right vocabulary, negating the key points, a keyword list
# or stuffing, off-topic (earlier corpus only).
ANSWER_BANDS = ("strong", "paraphrase", "partial", "false", "negated", "stuffing", "off-topic")
# Score bands of the confusion table: (name, lowest score in it)
SCORE_BANDS = (("high", 0.7), ("mid", 0.3), ("low", 0.0))


class CorpusError(Exception):
    """The corpus names a bank file or question id the shipped banks do not have."""


@dataclass(frozen=True)
class Labelled:
    file: str
    question_id: str
    band: str
    human: float
    text: str


@dataclass(frozen=True)
class Graded:
    answer: Labelled
    grader: float
    seconds: float = 0.0

    @property
    def error(self) -> float:
        return abs(self.grader - self.answer.human)


def load_corpus(split: str = "held-out", only: str | None = None) -> list[Labelled]:
    """Every labelled answer of one split (``tuning`` or ``held-out``), or of its one
    corpus file named ``only``."""
    answers = []
    for name in SPLITS[split]:
        if only is not None and name != only:
            continue
        answers.extend(load_file(CORPUS_DIR / name))
    return answers


def load_file(path: Path) -> list[Labelled]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers = []
    for entry in entries:
        for answer in entry["answers"]:
            if answer["band"] not in ANSWER_BANDS:
                raise CorpusError(f"{entry['id']}: unknown band {answer['band']!r}")
            answers.append(
                Labelled(
                    entry["file"],
                    entry["id"],
                    answer["band"],
                    float(answer["human"]),
                    answer["text"],
                )
            )
    return answers


def questions_by_key(
    answers: list[Labelled], folder: Path = QUESTIONS_DIR
) -> dict[tuple[str, str], Question]:
    """The open question each answer is for, by (file, id); raises CorpusError naming
    every file or id that is missing or not an open question."""
    by_file: dict[str, dict[str, Question]] = {}
    problems = []
    for name in sorted({a.file for a in answers}):
        path = folder / name
        if not path.is_file():
            problems.append(f"bank file {path} is missing")
            continue
        parsed = parse_file(path)
        if parsed.bank is None:
            problems.append(f"{path} does not parse: {parsed.errors[0]}")
            continue
        by_file[name] = {q.id: q for t in parsed.bank.topics for q in t.questions}
    found = {}
    for key in sorted({(a.file, a.question_id) for a in answers}):
        question = by_file.get(key[0], {}).get(key[1])
        if key[0] not in by_file:
            continue
        if question is None:
            problems.append(f"{key[0]} has no question with id {key[1]!r}")
        elif question.kind != "open":
            problems.append(f"{key[0]}: {key[1]!r} is a {question.kind} question, not open")
        else:
            found[key] = question
    if problems:
        raise CorpusError("; ".join(problems))
    return found


Scorer = Callable[[Question, str], float]


def key_point_score(question: Question, text: str) -> float:
    return grade(question, text).score


def model_scorer(environ: Mapping[str, str]) -> Scorer:
    """Scores from the model grader configured in ``environ`` (GRADER_URL, ...); an answer
    it gives no verdict on is scored by key points, as in the app."""
    settings = settings_from_config(environ)
    if settings is None:
        raise SystemExit("--grader model needs GRADER_URL and GRADER_MODEL in the environment")

    def score(question: Question, text: str) -> float:
        return grade_open_with_model(question, text, settings).score

    return score


def grade_corpus(answers: list[Labelled], scorer: Scorer = key_point_score) -> list[Graded]:
    questions = questions_by_key(answers)
    results = []
    for answer in answers:
        started = time.perf_counter()
        score = scorer(questions[(answer.file, answer.question_id)], answer.text)
        results.append(Graded(answer, score, time.perf_counter() - started))
    return results


def mean_absolute_error(results: list[Graded]) -> float:
    return statistics.fmean(r.error for r in results)


def score_band(score: float) -> str:
    return next(name for name, lowest in SCORE_BANDS if score >= lowest)


def confusion_table(results: list[Graded]) -> list[str]:
    names = [name for name, _ in SCORE_BANDS]
    lines = ["human \\ grader " + "".join(f"{n:>7}" for n in names)]
    for human in names:
        row = [
            sum(
                1
                for r in results
                if score_band(r.answer.human) == human and score_band(r.grader) == g
            )
            for g in names
        ]
        lines.append(f"{human:<15}" + "".join(f"{n:>7}" for n in row))
    return lines


def band_table(results: list[Graded]) -> list[str]:
    lines = [f"{'answer band':<12}{'n':>4}{'human':>8}{'grader':>8}{'MAE':>7}{'max':>7}"]
    for band in ANSWER_BANDS:
        rows = [r for r in results if r.answer.band == band]
        if rows:
            lines.append(
                f"{band:<12}{len(rows):>4}"
                f"{statistics.fmean(r.answer.human for r in rows):>8.2f}"
                f"{statistics.fmean(r.grader for r in rows):>8.2f}"
                f"{mean_absolute_error(rows):>7.2f}"
                f"{max(r.grader for r in rows):>7.2f}"
            )
    return lines


def report(split: str, results: list[Graded], worst: int) -> None:
    questions = len({(r.answer.file, r.answer.question_id) for r in results})
    print(f"== {split}: {len(results)} labelled answers to {questions} open questions")
    print("(bands: high >= 0.7 > mid >= 0.3 > low)\n")
    print("\n".join(confusion_table(results)))
    print()
    print("\n".join(band_table(results)))
    print(f"\nmean absolute error: {mean_absolute_error(results):.3f}")
    times = [r.seconds * 1000 for r in results]
    mean_ms, max_ms = statistics.fmean(times), max(times)
    print(f"grading time per answer: mean {mean_ms:.2f} ms, max {max_ms:.2f} ms")
    if worst and split == "tuning":
        print("\nlargest disagreements (human -> grader):")
        for r in sorted(results, key=lambda r: -r.error)[:worst]:
            text = " ".join(r.answer.text.split())
            print(
                f"  {r.answer.human:.2f} -> {r.grader:.2f}  {r.answer.question_id} "
                f"[{r.answer.band}] {text[:70]}"
            )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "both"), default="both")
    parser.add_argument("--worst", type=int, default=10, help="tuning disagreements to list")
    parser.add_argument(
        "--question", action="append", default=[], help="only this question id (repeatable)"
    )
    parser.add_argument("--file", help="only this corpus file of the split, e.g. tuning-5.yaml")
    parser.add_argument("--grader", choices=("key-points", "model"), default="key-points")
    args = parser.parse_args()
    scorer = key_point_score
    if args.grader == "model":
        scorer = model_scorer(os.environ)
    for split in SPLITS if args.split == "both" else (args.split,):
        answers = load_corpus(split, args.file)
        if args.question:
            answers = [a for a in answers if a.question_id in args.question]
        report(split, grade_corpus(answers, scorer), args.worst)


if __name__ == "__main__":
    main()
