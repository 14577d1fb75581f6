"""Stemming from many threads at once (gunicorn's threaded workers) gives the same stems
as one thread: a shared snowball stemmer once crashed with IndexError under load."""

import sys
from concurrent.futures import ThreadPoolExecutor

from quiz.scoring.reading import stem

WORDS = [
    f"{root}{end}"
    for root in ("connect", "schedul", "retri", "pagin", "authent")
    for end in ("ing", "ed", "ion", "ions", "ers", "ation", "ably", "ness")
]


def test_many_threads_stem_like_one():
    stem.cache_clear()
    expected = {word: stem(word) for word in WORDS}
    # switch threads as often as the interpreter can, so a shared stemmer's state is
    # caught mid-word (it was, within a few rounds, before stemmers were per thread)
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(30):
            stem.cache_clear()  # every call reaches a stemmer, not the cache
            with ThreadPoolExecutor(max_workers=8) as pool:
                got = list(pool.map(stem, WORDS * 20))
            assert got == [expected[word] for word in WORDS * 20]
    finally:
        sys.setswitchinterval(previous)
