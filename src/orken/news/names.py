"""Name keys for fuzzy matching across Kazakh, Russian and English and across case forms.

A key is the name casefolded, with quotes, legal forms and generic words ("завод", "зауыт",
"plant") removed, written in a coarse Latin code (Kazakh and Russian letters and the English
spellings of the same sounds fall together: қ/к/х/kh → k, ш/sh → w, ж/zh → j, ы/y/і → i) and
each word cut to its first six letters, which drops most Kazakh and Russian case endings. So
"«Қазақстан Алюминий» зауытының", "Казахстанский алюминий" and "Kazakhstan Aluminium plant" all
come out as "kazaks alumin" or close to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

#: legal forms and function words
STOP = frozenset("""
тоо жшс ао ақ оао зао ооо ип жк ұк кх шқ llp jsc llc ltd pjsc plc
по производству өндіру өндірісі производство production of the and и және в на для по with
""".split())

#: word beginnings of generic nouns ("the plant", "the project"): a subject made only of these is no name
GENERIC_STEMS = ("завод", "зауыт", "фабрик", "комбинат", "кәсіпор", "предприят", "проект", "жоба", "компани",
                 "цех", "объект", "нысан", "кластер", "станци", "кеніш", "рудник", "мекеме", "ұйым", "организац",
                 "өндіріс", "производств", "инвестор", "аймақ", "область", "облыс", "регион", "өңір", "қала",
                 "город", "аудан", "район", "plant", "factory", "company", "project", "enterprise", "works",
                 "mill", "compan")
WIDTH = 6

TRANSLIT = str.maketrans({
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o",
    "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "k",
    "һ": "k", "ц": "c", "ч": "c", "ш": "w", "щ": "w", "ъ": "", "ы": "i", "і": "i", "ь": "", "э": "e",
    "ю": "u", "я": "a",
})
LATIN = (("shch", "w"), ("sh", "w"), ("ch", "c"), ("zh", "j"), ("kh", "k"), ("ts", "c"), ("yu", "u"),
         ("ya", "a"), ("ck", "k"), ("q", "k"), ("h", "k"), ("x", "ks"), ("y", "i"))
WORD = re.compile(r"[^\W_]+", re.UNICODE)
QUOTED = re.compile(r"[«\"“„]([^«»\"“”„]{2,80})[»\"”“]")
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
DOUBLE = re.compile(r"(.)\1+")


def code(word: str) -> str:
    """A word in the coarse Latin code, cut to WIDTH letters."""
    if CYRILLIC.search(word):
        word = word.translate(TRANSLIT)
    else:
        for a, b in LATIN:
            word = word.replace(a, b)
    return DOUBLE.sub(r"\1", word)[:WIDTH]


#: Latin letters that look like Cyrillic ones (after casefolding), and back: a name typed with a
#: Latin "с" or "р" inside a Cyrillic word (or the reverse) is the same name
LOOKALIKE_TO_CYRILLIC = str.maketrans("aceopxykmthbi", "асеорхукмтнві")
LOOKALIKE_TO_LATIN = str.maketrans("асеорхукмтнві", "aceopxykmthbi")
LATIN_LETTER = re.compile(r"[a-z]")


ONLY_CYRILLIC = re.compile(r"[бвгдёжзийлмнпфцчшщъыьэюяәғқңөұүһ]")
ONLY_LATIN = re.compile(r"[dfgjlnqrsuvwz]")


def fold(word: str) -> str:
    """A word of mixed scripts written in its script (look-alike letters swapped): Cyrillic if it has a
    letter only Cyrillic has, else Latin if it has one only Latin has, else the script of most letters."""
    cyrillic = len(CYRILLIC.findall(word))
    latin = len(LATIN_LETTER.findall(word))
    if not cyrillic or not latin:
        return word
    if ONLY_CYRILLIC.search(word):
        to_cyrillic = True
    elif ONLY_LATIN.search(word):
        to_cyrillic = False
    else:
        to_cyrillic = cyrillic >= latin
    return word.translate(LOOKALIKE_TO_CYRILLIC if to_cyrillic else LOOKALIKE_TO_LATIN)


def words(text: str) -> list[str]:
    return [fold(w) for w in WORD.findall(text.casefold().replace("ё", "е")) if not w.isdigit()]


def _meaningful(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP and not w.startswith(GENERIC_STEMS)]


def key(text: str) -> str:
    """The comparison key of a name (empty when it is all generic words)."""
    return " ".join(code(w) for w in _meaningful(text))


def is_generic(text: str | None) -> bool:
    """True for subjects such as "Зауыттың", "предприятии", "the plant": no name in them."""
    return not text or not _meaningful(text)


@lru_cache(maxsize=1 << 18)
def aliases(*names: str | None) -> tuple[str, ...]:
    """The keys to compare with: each full name and each quoted part of it («КазБелАЗ»). Remembered for the
    last 262,144 name triples: the review search and the linker compare a query with every project's
    names, and computing the keys is most of that time at 100,000 projects."""
    out: list[str] = []
    for name in names:
        if not name:
            continue
        for part in [name, *QUOTED.findall(name)]:
            k = key(part)
            if k and k not in out:
                out.append(k)
    return tuple(out)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two keys are; word order matters little, extra words in one of them some."""
    if not a or not b:
        return 0.0
    ordered = fuzz.token_sort_ratio(a, b)
    shorter = min(len(a.replace(" ", "")), len(b.replace(" ", "")))
    subset = fuzz.token_set_ratio(a, b) * (0.92 if shorter >= 6 else 0.75)
    return max(ordered, subset) / 100


def best_similarity(subject: str, keys: tuple[str, ...]) -> float:
    k = key(subject)
    return max((similarity(k, other) for other in keys), default=0.0)
