"""Kazakh Cyrillic -> the Kazakh Latin alphabet of 2021 (pure: no I/O, imports nothing of Orken).

The table is written here by hand from the published 2021 alphabet (31 letters: A Ä B D E F G Ğ H
I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z) and its spelling rules for the Cyrillic letters that
have no Latin letter of their own. It is hand-written because it is short and fixed, because no
well-kept Python library carries the 2021 table (the packages on PyPI implement the 2017/2018
apostrophe or acute-accent versions, or general romanisations such as ISO 9 or ALA-LC, which are
different alphabets), and because the interface and data of a whole language variant depend on it:
it must not change under us with a dependency's release.

Rules (one Latin letter per Cyrillic letter, no digraphs):

- Kazakh letters: а a, ә ä, б b, в v, г g, ғ ğ, д d, е e, ж j, з z, и i (İ), й i (İ), к k, қ q,
  л l, м m, н n, ң ñ, о o, ө ö, п p, р r, с s, т t, у u, ұ ū, ү ü, ф f, х h, һ h, ш ş, ы y, і ı (I).
- Letters of Russian loans, written as the 2021 rules spell the sounds: ц s (цемент -> sement),
  ч ş, щ şş, ё io, ю iu, я ia, э e; the hard and soft signs ъ ь are dropped.
- Case: an upper-case letter that stands for two (Ё Ю Я Щ) is written ``İo``/``İu``/``İa``/``Şş``
  before a lower-case letter and ``İO``/``İU``/``İA``/``ŞŞ`` in a word in capitals. Kazakh dotless
  ``ı`` (і) is ``I`` in capitals and dotted ``i`` (и, й) is ``İ``.
- Everything else — Latin letters, digits, punctuation, ``%(name)s`` and ``{x}`` placeholders, and
  URLs even with Cyrillic in them — passes through unchanged.
"""

from __future__ import annotations

import re

#: lower-case Cyrillic -> Latin (2021)
LOWER = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "ң": "ñ", "о": "o",
    "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h",
    "һ": "h", "ц": "s", "ч": "ş", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
#: upper-case Cyrillic -> Latin before a lower-case letter (a word's capital); in capitals: ``CAPS``
UPPER = {
    "А": "A", "Ә": "Ä", "Б": "B", "В": "V", "Г": "G", "Ғ": "Ğ", "Д": "D", "Е": "E", "Ё": "İo", "Ж": "J",
    "З": "Z", "И": "İ", "Й": "İ", "К": "K", "Қ": "Q", "Л": "L", "М": "M", "Н": "N", "Ң": "Ñ", "О": "O",
    "Ө": "Ö", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ұ": "Ū", "Ү": "Ü", "Ф": "F", "Х": "H",
    "Һ": "H", "Ц": "S", "Ч": "Ş", "Ш": "Ş", "Щ": "Şş", "Ъ": "", "Ы": "Y", "І": "I", "Ь": "", "Э": "E",
    "Ю": "İu", "Я": "İa",
}
CAPS = {**UPPER, "Ё": "İO", "Щ": "ŞŞ", "Ю": "İU", "Я": "İA"}
#: the 2021 alphabet itself (what the output's letters are, besides letters that were Latin already)
ALPHABET = "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZaäbdefgğhıijklmnñoöpqrsştuūüvyz"

#: what is never transliterated: URLs, e-mail addresses, ``%(name)s`` / ``%s`` and ``{x}`` placeholders
_KEEP = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[sdrfi]"
                   r"|\{[^{}\s]*\}")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _word_in_caps(text: str, i: int) -> bool:
    """Is the upper-case letter at ``i`` part of a word in capitals (a neighbouring letter is upper case)?"""
    for j in (i + 1, i - 1):
        if 0 <= j < len(text) and text[j].isalpha():
            return text[j].isupper()
    return False


def _plain(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch in LOWER:
            out.append(LOWER[ch])
        elif ch in UPPER:
            out.append(CAPS[ch] if len(UPPER[ch]) > 1 and _word_in_caps(text, i) else UPPER[ch])
        else:
            out.append(ch)
    return "".join(out)


def to_latin(text: str) -> str:
    """``text`` with its Kazakh Cyrillic written in the 2021 Latin alphabet; anything else unchanged."""
    if not text or not _CYRILLIC.search(text):
        return text
    out, last = [], 0
    for m in _KEEP.finditer(text):
        out.append(_plain(text[last:m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(_plain(text[last:]))
    return "".join(out)


# --- a whole HTML page ------------------------------------------------------------------------------

_MARKUP = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]*>", re.S)
_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
#: attributes a person reads (the others — values of form fields, links, ids — are kept as written)
_SHOWN_ATTRS = re.compile(r'(\s(?:title|alt|aria-label|placeholder)=")([^"]*)(")')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def to_latin_html(page: str) -> str:
    """An HTML page with what a person reads written in the 2021 Latin alphabet: its text, the
    ``title``/``alt``/``aria-label``/``placeholder`` attributes and the display data of
    ``<script type="application/json">`` blocks. Kept as written: what a form sends (``value``
    attributes, ``<textarea>`` contents: saving a form must not rewrite the data in another script),
    links, code (``<script>``, ``<style>``), comments, and any element marked ``translate="no"`` (a
    language's name in itself)."""
    out: list[str] = []
    pos = 0
    keep: str | None = None  # the element whose content is kept as written
    depth = 0
    for m in _MARKUP.finditer(page):
        text = page[pos:m.start()]
        out.append(text if keep else to_latin(text))
        tag = m.group()
        pos = m.end()
        name_m = _NAME.match(tag)
        name = name_m.group(1).lower() if name_m else None
        closing = tag.startswith("</")
        if keep:
            if name == keep and not tag.startswith("<!"):
                depth += -1 if closing else (0 if tag.endswith("/>") else 1)
                if depth == 0:
                    keep = None
            out.append(tag)
            continue
        if name is None or closing:
            out.append(tag)
            continue
        if name in ("textarea", "style") or (name == "script" and "application/json" not in tag) or \
                ('translate="no"' in tag and name not in _VOID):
            keep, depth = name, 1
            out.append(tag)
            continue
        out.append(_SHOWN_ATTRS.sub(lambda a: a.group(1) + to_latin(a.group(2)) + a.group(3), tag))
    rest = page[pos:]
    out.append(rest if keep else to_latin(rest))
    return "".join(out)
