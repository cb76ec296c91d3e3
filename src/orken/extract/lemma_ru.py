"""Russian lemmatiser: pymorphy3 with its OpenCorpora dictionary (``pymorphy3-dicts-ru``).

pymorphy2 (through natasha's MorphVocab) is tried only when pymorphy3 is missing; it cannot start
on recent Python (it needs pkg_resources and inspect.getargspec). Without either, lemmas are the
lower-cased words."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _analyzer():
    """A morphological analyser with ``parse(word)``, or None. The failure is remembered, so a
    missing dictionary costs one attempt, not one per word."""
    try:
        import pymorphy3
        return pymorphy3.MorphAnalyzer()
    except Exception:  # noqa: BLE001 - any start-up failure of the optional analyser
        pass
    try:
        from natasha import MorphVocab
        return MorphVocab()
    except Exception:  # noqa: BLE001
        return None


@lru_cache(maxsize=200_000)
def _parse(w: str):
    an = _analyzer()
    if an is None or not w.isalpha():
        return None
    try:
        forms = an.parse(w)
    except Exception:  # pragma: no cover - defensive: never let a lemma crash a document
        return None
    return forms[0] if forms else None


@lru_cache(maxsize=200_000)
def lemma_ru(word: str) -> str:
    w = word.lower().replace("ё", "е")
    p = _parse(w)
    if p is None:
        return w
    return (getattr(p, "normal_form", None) or getattr(p, "normal", None) or w).replace("ё", "е")


@lru_cache(maxsize=200_000)
def pos_ru(word: str) -> str:
    """The part of speech of the most likely parse (NOUN, ADJF, VERB, ...), or ''."""
    p = _parse(word.lower().replace("ё", "е"))
    return str(p.tag.POS or "") if p is not None else ""
