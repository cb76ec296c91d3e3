"""Reading and writing CoNLL files (token in the first column, tag in the last)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

Sentence = list[tuple[str, str]]


def read_conll(path: str | Path, *, with_tags: bool = True) -> list[Sentence]:
    """Read sentences of (token, tag) pairs; tag is "O" when absent or not wanted."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return parse_conll(text.splitlines(), with_tags=with_tags)


def parse_conll(lines: Iterable[str], *, with_tags: bool = True) -> list[Sentence]:
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        if line.startswith("-DOCSTART-"):
            continue
        cols = line.split()
        tok = cols[0]
        tag = cols[-1] if with_tags and len(cols) > 1 else "O"
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def sentence_bucket(sent: Sentence, buckets: int = 10) -> int:
    """Stable hash bucket of a sentence's token string (for a reproducible split)."""
    key = " ".join(t for t, _ in sent).encode("utf-8")
    return int(hashlib.sha1(key).hexdigest()[:8], 16) % buckets


def split_train_dev(sents: list[Sentence], dev_bucket: int = 0, buckets: int = 10, mode: str = "hash"
                    ) -> tuple[list[Sentence], list[Sentence]]:
    """Split by sentence hash: bucket ``dev_bucket`` of ``buckets`` is dev (10 %).

    ``mode="block"`` instead keeps the last 10 % of the file as dev: the file is ordered by
    source, so this is a harder, out-of-topic check of generalisation."""
    if mode == "block":
        cut = len(sents) - len(sents) // buckets
        return sents[:cut], sents[cut:]
    train, dev = [], []
    for s in sents:
        (dev if sentence_bucket(s, buckets) == dev_bucket else train).append(s)
    return train, dev


def iter_tokens(sents: list[Sentence]) -> Iterator[str]:
    for s in sents:
        for t, _ in s:
            yield t
