"""Language detection (kk vs ru) from letters specific to Kazakh and common function words."""
from __future__ import annotations

import re

_QUOTED = re.compile(r"«[^»]{0,80}»|\"[^\"]{0,80}\"|“[^”]{0,80}”")
KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
KK_WORDS = {"және", "бұл", "мен", "үшін", "бойынша", "жылы", "деп", "да", "де", "болып", "облысы", "жоба"}
RU_WORDS = {"и", "в", "на", "по", "не", "что", "для", "года", "с", "из", "области", "это", "проект"}


def detect_lang(text: str, default: str = "kk") -> str:
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return default
    # Kazakh letters in names do not make a Russian text Kazakh ("ТОО «Ертіс Мебель»", "в селе Қарабұлақ"):
    # they count in lower-case words outside quotes (in all the words when there are no such words)
    common = [w for w in re.findall(r"[^\W\d_]+", _QUOTED.sub(" ", sample)) if not w[:1].isupper()]
    if common:
        letters = sum(len(w) for w in common)
        kk_chars = sum(1 for w in common for c in w if c in KK_LETTERS)
    else:
        kk_chars = sum(1 for c in sample if c in KK_LETTERS)
    words = re.findall(r"[^\W\d_]+", sample.lower())
    kk_w = sum(1 for w in words if w in KK_WORDS)
    ru_w = sum(1 for w in words if w in RU_WORDS)
    score = kk_chars / letters * 40 + (kk_w - ru_w) / max(1, len(words)) * 10
    if kk_chars / letters > 0.01:
        return "kk"
    # no Kazakh-only letters (a short sentence can have none): word endings decide. Kazakh case and
    # possessive endings (-ында, -ның, -лары, -ады ...) against Russian inflections (-ого, -ость, -ией ...)
    kk_end = sum(1 for w in words if len(w) > 4 and w.endswith(_KK_ENDINGS) and w not in _SHARED)
    ru_end = sum(1 for w in words if len(w) > 4 and w.endswith(_RU_ENDINGS))
    score += (kk_end - ru_end) / max(1, len(words)) * 5
    if kk_end == ru_end and kk_w == ru_w and any(c in KK_LETTERS for c in sample):
        return "kk"  # nothing else decides: the Kazakh letters of the names do ("Ақтөбеде жел электр станциясы ...")
    return "kk" if score > 0.2 else "ru"


_KK_ENDINGS = ("ында", "інде", "нда", "нде", "ның", "нің", "дың", "дің", "тың", "тің", "лары", "лері", "дары", "дері",
               "ады", "еді", "йды", "йді", "ылды", "ілді", "ған", "ген", "атын", "етін", "ысы", "ісі", "уда", "уде",
               "дан", "ден", "тан", "тен", "нан", "нен", "ға", "ге", "ын", "ін")
_RU_ENDINGS = ("ого", "его", "ому", "ему", "ыми", "ими", "ость", "ости", "ией", "ия", "ие", "ий", "ый", "ая", "ое",
               "ых", "их", "ов", "ами", "ях", "ать", "ять", "ить", "ется", "ются", "ится", "ятся", "ение", "ания",
               # feminine/genitive adjectives and -ия nouns in oblique cases, masculine/plural past verbs
               "ой", "ей", "ии", "ил", "ило", "или", "ился", "лось", "лись")
# Words both languages write alike ("тенге" is the Russian spelling; its "-ге" is no Kazakh dative).
_SHARED = {"тенге", "млрд", "трлн"}
