"""Status facts: "the plant was launched" becomes a fact of its own, measure ``status``.

The extractor puts the status a sentence implies on the figures of that sentence (or the next
ones), with the words that state it (``status_cue``: their span and sentence). The review queue
wants one item per status a document reports, highlighted on those words, so that accepting it is
one status change of the project. Facts from another extractor without a ``status_cue`` are
highlighted on the first status word of their own sentence (``MARKERS``), else on the sentence.
"""

from __future__ import annotations

import re

from orken.domain import codes

#: the words that say each status (kk and ru), searched in the text to highlight them, in this order
#: (the patterns are defined with the statuses, in ``orken.domain.codes``)
ORDER = ("launched", "at_design_capacity", "under_construction", "planned", "restoring", "suspended", "cancelled")
MARKERS = {status: codes.PROJECT_STATUSES[status].marker for status in ORDER}
PATTERNS = {status: re.compile(words, re.IGNORECASE) for status, words in MARKERS.items()}


def locate(text: str, status: str, sentence: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(sentence, span) of the first words saying ``status`` in ``sentence``, else the sentence itself."""
    pattern = PATTERNS.get(status)
    found = pattern.search(text, sentence[0], sentence[1]) if pattern is not None else None
    if found is None:
        return sentence, sentence
    return sentence, (found.start(), found.end())


def cue_of(text: str, fact: dict) -> tuple[tuple[int, int], tuple[int, int]]:
    """(sentence, span) of the fact's status words: the extractor's ``status_cue`` when it is there."""
    cue = fact.get("status_cue")
    if isinstance(cue, dict):
        try:
            (s0, s1), (a, b) = cue["sentence"], cue["span"]
            s0, s1, a, b = int(s0), int(s1), int(a), int(b)
        except (KeyError, TypeError, ValueError):
            pass
        else:
            if 0 <= s0 <= a < b <= s1 <= len(text):
                return (s0, s1), (a, b)
    return locate(text, fact["status"], tuple(fact["sentence"]))


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
        sentence, span = cue_of(text, f)
        out.append({**f, "measure": "status", "value": None, "unit": None, "qualifier": None, "period": None,
                    "sentence": list(sentence), "span": list(span), "text": text[span[0]:span[1]]})
    return out
