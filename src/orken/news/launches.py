"""Launch facts: "the plant will be launched in 2027" becomes a fact of its own, measure ``launch``.

The extractor's project records carry the launch a text announces (``launch_planned``) as "YYYY",
"YYYY-MM" or "YYYY-Qn", with the sentence it was read from. Each becomes one fact about the
record's project: its ``period`` is that date text, highlighted on the year in the sentence, so that
accepting it sets the project's planned launch at its precision and the promise ledger keeps the
date as announced (``orken.ledger``). A launch reported as done is the ``launched`` status fact.
"""

from __future__ import annotations

import re

from orken.domain.promises import parse_period

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _span(text: str, sentence: tuple[int, int], year: int) -> tuple[int, int]:
    for m in _YEAR.finditer(text, sentence[0], sentence[1]):
        if int(m.group()) == year:
            return m.start(), m.end()
    return sentence


def launch_facts(text: str, records: list[dict] | None, lang: str | None = None) -> list[dict]:
    """One ``launch`` fact per planned launch date a project record states."""
    out = []
    for r in records or []:
        evidence = r.get("evidence") or {}
        for key, actual in (("launch_planned", False),):  # an actual launch is the "launched" status fact
            when, where = r.get(key), evidence.get(key)
            parsed = parse_period(when)
            if parsed is None or not (isinstance(where, list | tuple) and len(where) == 2):
                continue
            try:
                s0, s1 = int(where[0]), int(where[1])
            except (TypeError, ValueError):
                continue
            if not 0 <= s0 < s1 <= len(text):
                continue
            p0, p1 = _span(text, (s0, s1), parsed[0].year)
            location = r.get("district_kato") or r.get("region_kato")
            out.append({"measure": "launch", "value": None, "unit": None, "qualifier": None, "period": str(when),
                        "year": parsed[0].year, "lang": lang, "sentence": [s0, s1], "span": [p0, p1],
                        "text": text[p0:p1], "status": "launched" if actual else None, "launch_actual": actual,
                        "subject": {"text": r.get("project"), "type": "enterprise"} if r.get("project") else {},
                        "location": {"kato": location} if location else {}})
    return out
