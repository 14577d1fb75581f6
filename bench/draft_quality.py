"""How usable the drafts of comparison articles found in the wild are.

Run: .venv/bin/python bench/draft_quality.py [-v]. Drafts every article under
tests/data/articles/ (tuning) and tests/data/articles/held-out/ (never tuned on) with
``draft_bank``, as `quiz draft` does, and prints per article: questions by kind, then
the defects ``quiz.drafting.quality`` counts (a question with no right option, one
option, leftover markup or U+FFFD, an option over 160 characters, over 5 options, front
matter or URL text, an emoji or status mark inside an option, a table row named after a
compared subject (a transposed table misread), a key point that says nothing ("the
system", "here"); validation errors), the parser's
warnings and the TODOs left for the instructor. An article that is not a comparison is
refused, and the reason is printed. -v lists each defect found. Exit 1 on any defect.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.banks import KINDS
from quiz.drafting import DraftError, draft_bank
from quiz.drafting.quality import DEFECTS, Quality, draft_defects

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "articles"
SPLITS = {"tuning": ARTICLES, "held-out": ARTICLES / "held-out"}


def measure(path: Path) -> Quality | str:
    """The draft's quality, or the reason drafting refused the article."""
    try:
        return draft_defects(draft_bank(path.read_bytes()))
    except DraftError as exc:
        return str(exc)


def report(name: str, paths: list[Path], verbose: bool) -> int:
    columns = ["article", *KINDS, *DEFECTS, "warnings", "TODOs"]
    short = {
        "validation errors": "errors",
        "unanswerable": "no-right",
        "one option": "1-opt",
        "markup or U+FFFD": "markup",
        "option > 160 chars": ">160ch",
        "> 5 options": ">5opts",
        "front matter or URL": "fm/url",
        "emoji or mark in option": "emoji",
        "subject as feature": "subj-row",
        "empty key point": "empty-kp",
    }
    heads = [short.get(c, c) for c in columns]
    width = max(len(p.name) for p in paths)
    print(f"== {name} ({len(paths)} articles)")
    print(f"{heads[0]:<{width}} " + " ".join(f"{h:>8}" for h in heads[1:]))
    total = 0
    for path in paths:
        quality = measure(path)
        if isinstance(quality, str):
            print(f"{path.name:<{width}} refused: {quality}")
            continue
        values = [
            *(quality.kinds[k] for k in KINDS),
            *(quality.defects[d] for d in DEFECTS),
            quality.warnings,
            quality.todos,
        ]
        print(f"{path.name:<{width}} " + " ".join(f"{v:>8}" for v in values))
        total += quality.total_defects
        if verbose:
            for example in quality.examples:
                print(f"    {example}")
    print(f"defects: {total}\n")
    return total


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    total = 0
    for name, folder in SPLITS.items():
        total += report(name, sorted(folder.glob("*.md")), verbose)
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
