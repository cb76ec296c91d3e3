"""Russian lemmatiser: pymorphy2 through natasha's MorphVocab (the dictionary ships
with the natasha/pymorphy2 wheels)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _vocab():
    from natasha import MorphVocab
    return MorphVocab()


@lru_cache(maxsize=200_000)
def lemma_ru(word: str) -> str:
    w = word.lower().replace("ё", "е")
    if not w.isalpha():
        return w
    try:
        forms = _vocab().parse(w)
    except Exception:  # pragma: no cover - defensive: never let a lemma crash a document
        return w
    return forms[0].normal.replace("ё", "е") if forms else w
