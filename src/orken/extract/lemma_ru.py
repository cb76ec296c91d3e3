"""Russian lemmatiser: pymorphy2 through natasha's MorphVocab (the dictionary ships
with the natasha/pymorphy2 wheels)."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _vocab():
    """natasha's MorphVocab, or None when pymorphy2 cannot start (it needs pkg_resources and
    inspect.getargspec, gone from recent setuptools/Python): lemmas are then the lower-cased words.
    The failure is remembered, so a missing dictionary costs one attempt, not one per word."""
    try:
        from natasha import MorphVocab
        return MorphVocab()
    except Exception:  # noqa: BLE001 - any start-up failure of the optional analyser
        return None


@lru_cache(maxsize=200_000)
def lemma_ru(word: str) -> str:
    w = word.lower().replace("ё", "е")
    if not w.isalpha():
        return w
    vocab = _vocab()
    if vocab is None:
        return w
    try:
        forms = vocab.parse(w)
    except Exception:  # pragma: no cover - defensive: never let a lemma crash a document
        return w
    return forms[0].normal.replace("ё", "е") if forms else w


@lru_cache(maxsize=200_000)
def pos_ru(word: str) -> str:
    """pymorphy2's part of speech of the most likely parse (NOUN, ADJF, VERB, ...), or ''."""
    w = word.lower().replace("ё", "е")
    if not w.isalpha():
        return ""
    vocab = _vocab()
    if vocab is None:
        return ""
    try:
        forms = vocab.parse(w)
    except Exception:  # pragma: no cover - defensive
        return ""
    return str(forms[0].tag.POS or "") if forms else ""
