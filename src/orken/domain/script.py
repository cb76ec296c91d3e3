"""Mixed scripts: Latin look-alike letters inside Cyrillic words (and the reverse), made one script. Pure.

Names typed on a Latin keyboard layout or pasted from scanned documents mix the two alphabets
("Карагандa" with a Latin "a"); matching normalises them first (``orken.reference.kato``,
``orken.domain.vocabulary``, the importer).
"""

from __future__ import annotations

import re

#: Latin letters that look like Cyrillic ones, and the reverse (upper and lower case)
_LAT_TO_CYR = dict(zip("AaBCcEeHhIiKkMmOoPpTtXxYyb", "АаВСсЕеНһІіКкМмОоРрТтХхУуь"))
_CYR_TO_LAT = {c: l for l, c in _LAT_TO_CYR.items() if l not in "hb"} | {"һ": "h", "ь": "b", "у": "y", "к": "k"}
_CYR = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_LAT = re.compile(r"[a-z]", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)


def fix_script(text: str) -> str:
    """Make each word one script: Latin look-alikes (a, o, e, c, i, p, x, y, k, m, h, t, b) inside a
    Cyrillic word become Cyrillic, Cyrillic look-alikes inside a Latin word become Latin."""
    def one(m: re.Match) -> str:
        w = m.group(0)
        if not (_CYR.search(w) and _LAT.search(w)):
            return w
        cyr_only = [c for c in w if _CYR.match(c) and c not in _CYR_TO_LAT]
        lat_only = [c for c in w if _LAT.match(c) and c not in _LAT_TO_CYR]
        cyr = len([c for c in w if _CYR.match(c)])
        lat = len([c for c in w if _LAT.match(c)])
        if cyr_only and not lat_only or (not lat_only and cyr >= lat):
            return "".join(_LAT_TO_CYR.get(c, c) for c in w)
        if lat_only and not cyr_only or (not cyr_only and lat > cyr):
            return "".join(_CYR_TO_LAT.get(c, c) for c in w)
        return w
    if not (_CYR.search(text) and _LAT.search(text)):  # one script (or none): no word mixes them
        return text
    return _WORD.sub(one, text)
