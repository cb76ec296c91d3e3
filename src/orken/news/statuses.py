"""Status facts: "the plant was launched" becomes a fact of its own, measure ``status``.

The extractor puts the status a sentence implies on the figures of that sentence (or the next
ones). The review queue wants one item per status a document reports, highlighted on the words
that say it, so that accepting it is one status change of the project.
"""

from __future__ import annotations

import re

from orken.domain import codes

#: the words that say each status (kk and ru), searched in the text to highlight them, in this order
#: (the patterns are defined with the statuses, in ``orken.domain.codes``)
ORDER = ("launched", "at_design_capacity", "under_construction", "planned", "restoring", "suspended", "cancelled")
MARKERS = {status: codes.PROJECT_STATUSES[status].marker for status in ORDER}
PATTERNS = {status: re.compile(words, re.IGNORECASE) for status, words in MARKERS.items()}
LOOK_BACK = 600
SENTENCE_END = re.compile(r"[.!?\n]")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding [start, end) (a simple split on . ! ? and newlines)."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    while left < start and text[left].isspace():
        left += 1
    return left, right


def locate(text: str, status: str, sentence: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(sentence, span) of the words saying ``status``: in the fact's sentence, else just before it."""
    pattern = PATTERNS.get(status)
    if pattern is None:
        return sentence, sentence
    found = pattern.search(text, sentence[0], sentence[1])
    if found is None:
        before = list(pattern.finditer(text, max(0, sentence[0] - LOOK_BACK), sentence[0]))
        found = before[-1] if before else None
    if found is None:
        return sentence, sentence
    return sentence_around(text, found.start(), found.end()), (found.start(), found.end())


def status_facts(text: str, facts: list[dict]) -> list[dict]:
    """One ``status`` fact per distinct status the facts of a document imply, at its first mention."""
    seen: set[str] = set()
    out = []
    for f in facts:
        status = f.get("status")
        if f.get("measure") in ("jobs", "jobs_temporary", "count_people"):
            continue  # "450 жұмыс орны ашылады" says the jobs are planned, not the project
        if not status or status in seen:
            continue
        seen.add(status)
        sentence, span = locate(text, status, tuple(f["sentence"]))
        out.append({**f, "measure": "status", "value": None, "unit": None, "qualifier": None, "period": None,
                    "sentence": list(sentence), "span": list(span), "text": text[span[0]:span[1]]})
    return out
