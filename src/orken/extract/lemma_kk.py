"""Kazakh lemmatiser: hand-written suffix stripping (no external model or library).

Kazakh is agglutinative: plural + possessive + case suffixes stack to the right of
the stem ("жоба-лар-ы-ның"). We strip known suffixes from the right, longest first,
while the remaining stem keeps at least three letters and a vowel. Stems that end in
a vowel and look like a suffix ("теңге", "жоба") are protected by a small lexicon.
This is a stemmer for matching, not a full morphological analyser.
"""
from __future__ import annotations

from functools import lru_cache

VOWELS = set("аәеёиоөуұүыіэюя")

# Suffix inventory (case, possessive, plural, a few derivational/verbal forms).
_SUFFIXES = sorted(set("""
лар лер дар дер тар тер
ым ім м ың ің ң ы і сы сі мыз міз ңыз ңіз ымыз іміз ыңыз іңіз
ның нің дың дің тың тің
ға ге қа ке на не ғы
ны ні ды ді ты ті н
да де та те нда нде
дан ден тан тен нан нен
мен бен пен
дағы дегі тағы тегі ндағы ндегі
ша ше шы ші
ын ін сын сін ына іне сына сіне ында інде сында сінде ынан інен сынан сінен
лары лері дары дері тары тері
ндa
""".split()), key=len, reverse=True)

# Lemmas that end like a suffix and must not be cut further.
PROTECTED = set("""
теңге тенге жоба тонна инвестиция субсидия аудан облыс қала ауыл кент өндіріс
техника компания аймақ гектар шақырым дана адам зауыт фабрика орын кәсіпорын
тауар нысан қуат өнім көлем бюджет қаражат сома құн табыс экспорт импорт
өнеркәсіп станция электр энергия жер аумақ шаршы метр миллион миллиард мың жүз
триллион пайыз қатысушы кәсіпкер өсім үлес қор халық тұрғын сала
""".split())

MIN_STEM = 3
_LENGTHS = sorted({len(x) for x in _SUFFIXES}, reverse=True)
_BY_LENGTH = {n: {x for x in _SUFFIXES if len(x) == n} for n in _LENGTHS}


def _has_vowel(s: str) -> bool:
    return any(c in VOWELS for c in s)


@lru_cache(maxsize=200_000)
def lemma_kk(word: str) -> str:
    """Return a stem of a Kazakh word form (lower-cased)."""
    w = word.lower().replace("-\n", "").replace("\u00ad", "")
    if "-" in w and w.split("-", 1)[0].isdigit():
        return w.split("-", 1)[0]  # "2024-жылы", "10-ы" -> the number
    for _ in range(5):
        if w in PROTECTED:
            return w
        # the suffixes the word ends with, longest first (of one length at most one can match)
        ends = [n for n in _LENGTHS if w[-n:] in _BY_LENGTH[n]]
        for n in ends:  # a known lemma reachable in one step wins
            if w[:-n] in PROTECTED:
                return w[:-n]
        for n in ends:
            stem = w[:-n]
            if len(stem) >= MIN_STEM and _has_vowel(stem):
                w = stem
                break
        else:
            break
    return w


def kk_stem_match(word: str, stems: tuple[str, ...]) -> bool:
    """True when the word form starts with one of the given stems (prefix match,
    which tolerates any stacked suffixes)."""
    w = word.lower()
    return any(w.startswith(s) for s in stems)
