"""Sentence splitter for Kazakh and Russian news text.

Splits after . ! ? … when the next word starts with a capital, digit, quote or dash,
except after common abbreviations and initials; also splits at blank lines when the
next line starts with a capital letter (headlines), and cuts over-long sentences at
line breaks so that every sentence stays a reasonable size.
"""
from __future__ import annotations

import re

from .components import component
from .doc import Doc, Sentence

ABBREV = {
    "тыс", "млн", "млрд", "трлн", "руб", "кв", "г", "гг", "ж", "жж", "т", "б", "т.б", "т.е", "им", "ул",
    "обл", "р", "п", "с", "ст", "шт", "долл", "га", "км", "м", "тг", "мин", "см", "пр", "д", "а", "др",
    "т.к", "т.д", "т.п", "проф", "акад", "ред", "бұл", "тел",
}
MAX_SENT = 1500

_END_RE = re.compile(r"[.!?…]+[»\"”)]*(?=\s+[\"«“(–—-]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])|[.!?…]+[»\"”)]*\s*$")
_BLANK_RE = re.compile(r"\n[ \t]*\n\s*(?=[\"«“–—-]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9•*])")


def _is_abbrev(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = re.search(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$", text[max(0, dot - 12):dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in ABBREV:
        return True
    return len(word) == 1 and word.isupper()  # initials: "Н. Назарбаев"


def split_spans(text: str) -> list[tuple[int, int]]:
    cuts = {0, len(text)}
    for m in _END_RE.finditer(text):
        if not _is_abbrev(text, m.start()):
            cuts.add(m.end())
    for m in _BLANK_RE.finditer(text):
        cuts.add(m.start())
    bounds = sorted(cuts)
    spans = []
    for a, b in zip(bounds, bounds[1:]):
        spans.extend(_long_cut(text, a, b))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _long_cut(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    while b - a > MAX_SENT:
        nl = text.rfind("\n", a + MAX_SENT // 3, a + MAX_SENT)
        cut = nl if nl > a else text.rfind(" ", a + MAX_SENT // 3, a + MAX_SENT)
        cut = cut if cut > a else a + MAX_SENT
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


@component("sentences", assigns=("doc.sentences",))
def split_sentences(doc: Doc) -> Doc:
    doc.sentences = [Sentence(a, b) for a, b in split_spans(doc.text)]
    return doc
