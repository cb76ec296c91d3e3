"""Facts of the review queue as JSON-ready dicts (API, CLI and pages)."""

from __future__ import annotations

from typing import Any

from orken.db.models import Document
from orken.news.models import NewsFact
from orken.registry.serialize import dec


def link_type(f: NewsFact) -> str | None:
    for kind in ("project", "zone", "organisation"):
        if getattr(f, f"{kind}_id") is not None:
            return kind
    if f.proposal:
        return None  # a new project is proposed
    return "region" if f.region_kato else None


def link_id(f: NewsFact):
    kind = link_type(f)
    return f.region_kato if kind == "region" else (getattr(f, f"{kind}_id") if kind else None)


def document_dict(d: Document) -> dict[str, Any]:
    return {"id": d.id, "key": d.key, "title": d.title, "lang": d.lang, "date": d.date.isoformat() if d.date else None,
            "publisher": d.publisher, "url": d.url}


def highlight(f: NewsFact) -> dict[str, str]:
    """The sentence cut in three around the fact's span, for highlighting."""
    text = f.document.text or ""
    s0, s1 = f.sentence_start, f.sentence_end
    p0, p1 = max(f.span_start, s0), min(f.span_end, s1)
    return {"before": text[s0:p0], "span": text[p0:p1], "after": text[p1:s1]}


PROPOSED_FIELDS = {"status": "Status", "launch_planned": "Planned launch", "launch_actual": "Actual launch",
                   "investors": "Investors", "product": "Product", "capacity": "Capacity", "investment": "Investment",
                   "jobs": "Permanent jobs", "jobs_temporary": "Construction jobs", "district_or_city": "District or city",
                   "zone": "Zone"}  # field -> English label (a msgid of the catalogs)


def proposed_fields(f: NewsFact) -> list[dict[str, Any]]:
    """The fields the extractor read for a proposed project, each with the sentence it came from."""
    record = (f.proposal or {}).get("record") or {}
    text = f.document.text or ""
    out = []
    for key in PROPOSED_FIELDS:
        value = record.get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, dict):
            value = value.get("text") or value.get("value")
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        span = (record.get("evidence") or {}).get(key)
        sentence = text[span[0]:span[1]] if isinstance(span, list) and len(span) == 2 else ""
        out.append({"field": key, "label": PROPOSED_FIELDS[key], "value": str(value), "sentence": sentence})
    return out


def for_viewer(d: dict[str, Any], principal) -> dict[str, Any]:
    """A fact's dict as ``principal`` may see it: who reviewed it is for those who read the change log
    (administrators, centre analysts) and for that reviewer; other editors see that it was reviewed, not
    by whom. ``None`` (the command line's operator) sees everything."""
    by = d["review"]["by"]
    if by and principal is not None and not principal.can_read_change_log() and by != principal.audit_name:
        d["review"] = {**d["review"], "by": None}
    return d


def fact_dict(f: NewsFact, labels: dict | None = None) -> dict[str, Any]:
    text = f.document.text or ""
    kind = link_type(f)
    link = None
    if kind:
        link = {"type": kind, "id": link_id(f), "name": (labels or {}).get((kind, link_id(f))),
                "score": dec(f.link_score), "method": f.link_method}
    return {
        "id": f.id, "document": document_dict(f.document), "seq": f.seq, "lang": f.lang,
        "sentence": {"start": f.sentence_start, "end": f.sentence_end, "text": text[f.sentence_start:f.sentence_end]},
        "span": {"start": f.span_start, "end": f.span_end, "text": f.text},
        "highlight": highlight(f),
        "measure": f.measure, "value": dec(f.value), "unit": f.unit, "qualifier": f.qualifier, "period": f.period,
        "year": f.year, "subject": {"text": f.subject_text, "type": f.subject_type} if f.subject_text else None,
        "location": {"text": f.location_text, "kato": f.location_kato} if f.location_kato or f.location_text else None,
        "implied_status": f.implied_status, "actual": f.actual, "confidence": dec(f.confidence),
        "target": f.target, "link": link, "candidates": f.candidates or [], "proposal": f.proposal,
        "proposed_fields": proposed_fields(f),
        "review": {"status": f.review_status, "reason": f.review_reason, "by": f.reviewed_by,
                   "at": f.reviewed_at.isoformat() if f.reviewed_at else None},
        "applied": f.applied, "version": f.version,
        "created_at": f.created_at.isoformat() if f.created_at else None,
    }
