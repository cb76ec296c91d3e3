"""Latin-script Kazakh: detect it, and read it through a Cyrillic transliteration.

Kazakh outlets publish Latin editions in three spellings:

- the 2018 alphabet with acute accents (Presidential Decree No. 637 of 26 Oct 2017 as amended by
  Decree No. 569 of 19 Feb 2018): á ǵ ı ń ó ú ý, digraphs sh ch; і -> i, и/й -> ı, ы -> y,
  у -> ý, ұ -> u, ү -> ú;
- the 2021 alphabet (the revised 31-letter alphabet presented in January 2021): ä ğ ı ñ ö ş ū ü;
  і -> ı (capital I), и/й -> i (capital İ), ы -> y, у -> u, ұ -> ū, ү -> ü, ш/ч -> ş;
- ASCII spellings with digraphs (zh, sh, ch, ng, gh, kh), often with stray Cyrillic letters.

The tables below are written from those rules (the reverse direction: Latin -> Cyrillic). Loan
letters written by their sound (ц -> s, я -> ia/ıa, ю -> iu/ıý) are restored where the spelling
is unambiguous enough for reading ("investisia" -> "инвестиция", "stansia" -> "станция").
Reading is all the pipeline needs: it runs on the Cyrillic text, and every offset is mapped back
to the original Latin text, so spans and quoted text stay exact substrings of the input. Strings
the extractor derives (a nominative project name, a product) are written back with
:func:`to_latin` in the document's own scheme.
"""
from __future__ import annotations

import re
from collections import Counter

LATN2018_ONLY = set("áǵńóúýÁǴŃÓÚÝ")
LATN2021_ONLY = set("äğñöşūüÄĞÑÖŞŪÜİ")
_VOWELS_CYR = set("аәеёиоөуұүыіэюя")

# Latin -> Cyrillic, per scheme (lower case; multi-letter keys are tried first).
_COMMON = {"a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "j": "ж", "k": "к", "l": "л",
           "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "v": "в", "y": "ы",
           "z": "з", "c": "с", "w": "у", "x": "кс",
           "sh": "ш", "ch": "ч", "zh": "ж", "gh": "ғ", "kh": "х", "ng": "ң"}
TABLE_2018 = {**_COMMON, "á": "ә", "ǵ": "ғ", "ı": "и", "i": "і", "ń": "ң", "ó": "ө", "u": "ұ", "ú": "ү", "ý": "у",
              "ıa": "ия", "ıý": "ию", "ıo": "ио",
              # 2021 letters seen in 2018 text (mixed spellings on one site)
              "ä": "ә", "ğ": "ғ", "ñ": "ң", "ö": "ө", "ş": "ш", "ū": "ұ", "ü": "ү"}
TABLE_2021 = {**_COMMON, "ä": "ә", "ğ": "ғ", "ı": "і", "i": "и", "ñ": "ң", "ö": "ө", "ş": "ш", "u": "у", "ū": "ұ",
              "ü": "ү", "ia": "ия", "iu": "ию", "io": "ио",
              "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у"}
TABLE_ASCII = {**_COMMON, "i": "і", "u": "у", "ı": "і", "ia": "ия", "ya": "я", "yu": "ю", "ts": "ц", "ae": "ә", "oe": "ө", "ue": "ү",
               "á": "ә", "ǵ": "ғ", "ń": "ң", "ó": "ө", "ú": "ү", "ý": "у",
               "ä": "ә", "ğ": "ғ", "ñ": "ң", "ö": "ө", "ş": "ш", "ū": "ұ", "ü": "ү"}
TABLES = {"latn2018": TABLE_2018, "latn2021": TABLE_2021, "latn_ascii": TABLE_ASCII}
# Digraphs that stay two letters where "ng" is not ң (loanwords: "inzhiniring" keeps it anyway).

# Kazakh words (in any of the three spellings) that mark a Latin text as Kazakh, not English.
_KK_MARKERS = re.compile(r"\b(?:jäne|jane|zhane|men|bul|bıyl|biyl|jyly|zhyly|jylы|oblys\w*|aýdan\w*|audan\w*|"
                         r"qala\w*|mln|mlrd|trln|teñge|teńge|tenge|myñ|myń|myng|jyl\w*|zhyl\w*|iske|ıske|"
                         r"boiynşa|boıynsha|boiynsha|arqyly|üşin|úshin|ushin)\b", re.I)


def detect_script(text: str) -> str:
    """'cyrl', or the Latin scheme 'latn2018' | 'latn2021' | 'latn_ascii' for Latin-script Kazakh."""
    sample = text[:20000]
    lat = cyr = n18 = n21 = 0
    for c, n in Counter(sample).items():  # each distinct character once
        if c.isalpha():
            if "a" <= c.lower() <= "z" or c in LATN2018_ONLY or c in LATN2021_ONLY or c in "ıİ":
                lat += n
            elif "\u0400" <= c <= "\u04ff":
                cyr += n
        n18 += n if c in LATN2018_ONLY else 0
        n21 += n if c in LATN2021_ONLY else 0
    if lat <= 2 * cyr or lat < 10:
        return "cyrl"
    if not (n18 or n21) and not _KK_MARKERS.search(sample):
        return "cyrl"  # Latin, but not Kazakh (English, say): left as it is
    if n18 > n21:
        return "latn2018"
    if n21:
        return "latn2021"
    return "latn_ascii"


_ASCII_VOWELS = set("aeiouyáóúýäöüūı")
_LOAN_MARKS = re.compile(r"[fvwcx]|ts|ch|ya|yu|io|^[bcdfgkpstvz][lrtv]|^s[pkmnt]", re.I)


def _ascii_u(text: str, i: int) -> str:
    """ASCII Kazakh writes у, ұ and ү all as "u". It is у as a glide (after a vowel: "zauyt", "audany"),
    before a vowel ("uaqytsha") and at a word's end ("oqu", "su"), and in loanwords (f/v/ts/ch/ya,
    initial consonant clusters: "struktura", "produktsiya"); elsewhere it is the vowel ұ or ү, by the
    word's vowel harmony (front with e/i/ä/ö/ü: "ushin" -> үшін; back otherwise: "zhumys" -> жұмыс)."""
    a = i
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    b = i + 1
    while b < len(text) and text[b].isalpha():
        b += 1
    word = text[a:b].lower()
    k = i - a
    prev = word[k - 1] if k else ""
    nxt = word[k + 1] if k + 1 < len(word) else ""
    if prev in _ASCII_VOWELS or not nxt or nxt in _ASCII_VOWELS or _LOAN_MARKS.search(word):
        return "у"
    if any(c in word for c in "eiäöüі") or "ae" in word or "oe" in word:
        return "ү"
    return "ұ"


def to_cyrillic(text: str, scheme: str) -> tuple[str, list[int], list[int]]:
    """Transliterate -> (Cyrillic text, start offset in ``text`` of each output character,
    end offset in ``text`` of each output character)."""
    table = TABLES[scheme]
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "İ":
            lc, width = "i", 1
            rep = table.get("i")
        else:
            rep, width = None, 1
            for w in (2, 1):
                key = text[i:i + w].lower()
                if len(key) == w and key in table:
                    rep, width = table[key], w
                    break
        if rep is None:
            out.append(ch)
            starts.append(i)
            ends.append(i + 1)
            i += 1
            continue
        prev = out[-1].lower() if out else ""
        if scheme == "latn_ascii":
            if text[i:i + 3].lower() == "tsh":
                rep, width = "т", 1  # "uaqytsha" is т+ш, not ц+х
            elif rep == "у" and width == 1 and ch in "uU":
                rep = _ascii_u(text, i)
        if rep == "ң" and text[i:i + 2].lower() == "ng" and i + 2 < n and text[i + 2].lower() in "aeiouyıáóúýäöüū":
            rep, width = "н", 1  # "ng" before a vowel is н+г ("tenge"); ң before a consonant or at the end
        if scheme != "latn_ascii" and rep in ("и",) and prev in _VOWELS_CYR:
            rep = "й"  # Kazakh и/й after a vowel is й ("saiyn" -> "сайын")
        if rep in ("ия", "ию", "ио") and (not prev or not prev.isalpha() or prev in _VOWELS_CYR):
            rep = {"ия": "я", "ию": "ю", "ио": "ё"}[rep]  # word-initially or after a vowel: я ("iadrolyq" -> "ядролық")
        if ch.isupper() or (ch == "İ"):
            rep = rep[0].upper() + rep[1:]
        for k, c in enumerate(rep):
            out.append(c)
            starts.append(i)
            ends.append(i + width)
        i += width
    cyr = "".join(out)
    # ц written as s in loanwords: "-сия/-сио" after a vowel, н or к -> "-ция/-цио"
    fixed = re.sub(r"(?<=[аеиоуіынкп])с(?=и[яоа])", "ц", cyr)
    fixed = re.sub(r"(?<=[аеиоуіынкп])с(?=я)", "ц", fixed)
    return fixed, starts, ends


# Cyrillic -> Latin (for strings the extractor derives rather than quotes).
_TO21 = {"а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
         "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
         "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
         "һ": "h", "ц": "s", "ч": "ş", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
         "ю": "iu", "я": "ia"}
_TO18 = {**_TO21, "ә": "á", "ғ": "ǵ", "ё": "ıo", "и": "ı", "й": "ı", "ң": "ń", "ө": "ó", "у": "ý", "ұ": "u",
         "ү": "ú", "ч": "ch", "ш": "sh", "щ": "shch", "і": "i", "ю": "ıý", "я": "ıa"}
_TOASCII = {**_TO21, "ә": "a", "ғ": "gh", "ж": "zh", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "ч": "ch",
            "ш": "sh", "щ": "shch", "і": "i", "ы": "y"}
_UP = {"latn2021": {"і": "I", "и": "İ", "й": "İ"}, "latn2018": {"і": "I", "и": "I", "й": "I"}}


def to_latin(s: str | None, scheme: str) -> str | None:
    if s is None or scheme == "cyrl":
        return s
    low = {"latn2018": _TO18, "latn2021": _TO21}.get(scheme, _TOASCII)
    up = _UP.get(scheme, {})
    out = []
    for ch in s:
        lc = ch.lower()
        if lc in low:
            t = low[lc]
            if ch != lc:
                t = up.get(lc) or (t[:1].upper() + t[1:])
            out.append(t)
        else:
            out.append(ch)
    r = "".join(out)
    if scheme == "latn2021":
        r = r.replace("iia", "ia")
    return r  # 2018 keeps "ııa" for "ия", as those sites write it ("ınvestısııa", "stansııasy")
