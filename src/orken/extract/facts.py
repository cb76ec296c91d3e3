"""Fact assembly: one fact per quantity that has a measure, with its sentence, span,
subject (this or previous sentence), location (sentence, previous sentence, or the
document's main region), year, period and status."""
from __future__ import annotations

from collections import Counter

from .components import component
from .context import is_named_plant, location_for, period_of, pick_subject, status_cue, subject_candidates, year_of
from .doc import Doc, Fact
from .measures import classify


def _doc_region(doc: Doc) -> dict | None:
    """The document's main region: districts and cities count for their region; used only
    when at least half of the place mentions are in that region."""
    regions = Counter(e.kato[:2] for e in doc.spans["places"]
                      if e.kato and e.type in ("region", "settlement", "district") and e.kato[:2] != "00")
    if not regions:
        return None
    top = regions.most_common(2)
    if top[0][1] * 2 < sum(regions.values()):
        return None  # an overview of several regions: no document-wide place
    code = top[0][0]
    first = next(e for e in doc.spans["places"] if e.kato and e.kato[:2] == code)
    return {"text": first.text, "kato": code + "0000000"}


@component("facts", requires=("doc.sentences", "token.lemma", "spans.quantities", "spans.years", "spans.places"),
           assigns=("spans.facts",))
def assemble(doc: Doc) -> Doc:
    """One fact per quantity with a measure (``spans["facts"]``); names come from ``spans["entities"]``
    when the NER component ran."""
    facts: list[Fact] = []
    doc.spans["facts"] = facts
    doc_loc = _doc_region(doc)
    for q in doc.spans["quantities"]:
        measure, conf = classify(doc, q)
        if measure is None:
            continue
        s_idx = doc.sentence_of_token(q.tok_start)
        s = doc.sentences[s_idx]
        cands = subject_candidates(doc, s_idx)
        subject = pick_subject([c for c in cands if not c.get("_generic")], q)
        cue = status_cue(doc, s_idx, q.start)
        cue_sent = s_idx
        if not is_named_plant(subject) and s_idx > 0:
            # press releases name the project once and go on about it in the next sentences
            for back in (1, 2):
                if s_idx - back < 0:
                    break
                prev = [c for c in subject_candidates(doc, s_idx - back) if c["type"] in ("project", "enterprise")
                        and not c.get("_generic")]
                found = pick_subject(prev, q)
                if found:
                    subject = found
                    if cue is None:
                        cue, cue_sent = status_cue(doc, s_idx - back), s_idx - back  # the sentence continues that one
                    break
        if subject is None:
            subject = pick_subject(cands, q)  # an unnamed plant or a place of this sentence
        loc = location_for(doc, s_idx, q)
        if loc is None and s_idx > 0:
            loc = location_for(doc, s_idx - 1, q)
        if loc is None:
            loc = doc_loc
        if q.is_word_number:
            conf -= 0.05
        if q.unit is None:
            conf -= 0.2
        cs = doc.sentences[cue_sent] if cue else None
        facts.append(Fact(
            q.start, q.end, text=q.text, tok_start=q.tok_start, tok_end=q.tok_end,
            sentence=(s.start, s.end), measure=measure,
            value=q.value, unit=q.unit, qualifier=q.qualifier, period=period_of(doc, q),
            year=year_of(doc, q, s_idx), subject=subject, location=loc,
            status=cue[0] if cue else None, confidence=max(0.05, min(1.0, conf)),
            value_max=q.value_max, status_cue=cue[1] if cue else None,
            status_sentence=(cs.start, cs.end) if cs else None))
    return doc
