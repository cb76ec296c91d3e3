"""Scale words ("тыс", "млн", "миллиард", "мың", "bn" ...): one exact Decimal table.

Read by the text extractor (``orken.extract.numbers``) and by the import's number parser
(``orken.io.parse``), each with its own matching: an ``abbr`` entry is an abbreviation (the import
matches it exactly; the extractor also accepts a Kazakh case ending after it when ``declines``,
"млрд-қа", "мыңнан"); a ``stem`` entry is the stem of a full word and takes any ending
("миллиардов", "тысячами", "millions").
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

THOUSAND, MILLION, BILLION, TRILLION = Decimal(10**3), Decimal(10**6), Decimal(10**9), Decimal(10**12)


@dataclass(frozen=True)
class ScaleWord:
    text: str
    value: Decimal
    form: str  # abbr | stem
    langs: tuple[str, ...]
    declines: bool = False  # an abbreviation written with case endings in running Kazakh text


SCALE_WORDS: tuple[ScaleWord, ...] = (
    ScaleWord("трлн", TRILLION, "abbr", ("kk", "ru"), declines=True),
    ScaleWord("триллион", TRILLION, "stem", ("kk", "ru")),
    ScaleWord("trln", TRILLION, "abbr", ("en",)),
    ScaleWord("trillion", TRILLION, "stem", ("en",)),
    ScaleWord("tn", TRILLION, "abbr", ("en",)),
    ScaleWord("млрд", BILLION, "abbr", ("kk", "ru"), declines=True),
    ScaleWord("миллиард", BILLION, "stem", ("kk", "ru")),
    # Latin Kazakh "mıllıard"/"milliard" read through Cyrillic: "ıa" is ия in loanwords ("-sııa")
    ScaleWord("миллиярд", BILLION, "stem", ("kk",)),
    ScaleWord("bn", BILLION, "abbr", ("en",)),
    ScaleWord("bln", BILLION, "abbr", ("en",)),
    ScaleWord("billion", BILLION, "stem", ("en",)),
    ScaleWord("млн", MILLION, "abbr", ("kk", "ru"), declines=True),
    ScaleWord("миллион", MILLION, "stem", ("kk", "ru")),
    ScaleWord("mln", MILLION, "abbr", ("en",)),
    ScaleWord("million", MILLION, "stem", ("en",)),
    ScaleWord("m", MILLION, "abbr", ("en",)),
    ScaleWord("тыс", THOUSAND, "abbr", ("ru",)),
    ScaleWord("мың", THOUSAND, "abbr", ("kk",), declines=True),
    ScaleWord("тысяч", THOUSAND, "stem", ("ru",)),
    ScaleWord("thousand", THOUSAND, "stem", ("en",)),
    ScaleWord("k", THOUSAND, "abbr", ("en",)),
)


def words(*langs: str) -> tuple[ScaleWord, ...]:
    """The scale words of any of ``langs`` (all when none is given)."""
    return tuple(w for w in SCALE_WORDS if not langs or set(w.langs) & set(langs))
