"""The extraction pipeline: a list of small components, each taking and returning a Doc."""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable

from .doc import Doc
from .facts import assemble
from .gazetteer import tag_locations
from .langdetect import detect_lang
from .latin import detect_script, to_cyrillic, to_latin
from .lemmatize import lemmatize
from .ner.tagging import tag_entities
from .quantities import parse_quantities
from .sentences import split_sentences
from .tokenize import tokenize

Component = Callable[[Doc], Doc]
MAX_CHARS = 2_000_000  # larger inputs are cut (with a warning from the CLI)

def records_component(doc: Doc) -> Doc:
    from .records import build_records
    build_records(doc)
    return doc


DEFAULT_COMPONENTS: list[Component] = [
    split_sentences, tokenize, lemmatize, parse_quantities, tag_locations, tag_entities, assemble, records_component,
]


def clean_text(text: str) -> str:
    """Drop NULs and other control characters (keeping newlines/tabs) without moving offsets."""
    return "".join(c if (c >= " " or c in "\n\t\r") else " " for c in text)


class Pipeline:
    def __init__(self, components: Iterable[Component] | None = None, *, ner: bool = True):
        comps = list(components or DEFAULT_COMPONENTS)
        if not ner:
            comps = [c for c in comps if c is not tag_entities]
        self.components = comps

    def __call__(self, text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None) -> Doc:
        text = clean_text(text[:MAX_CHARS])
        if lang not in ("kk", "ru"):
            lang = detect_lang(text)
        script = detect_script(text)
        if script != "cyrl":
            return self._latin(text, script, doc_id, date)
        if lang not in ("kk", "ru"):
            lang = detect_lang(text)
        doc = Doc(text=text, lang=lang, doc_id=doc_id, date=parse_doc_date(date))
        if not text.strip():
            return doc
        for comp in self.components:
            doc = comp(doc)
        return doc

    def _latin(self, text: str, script: str, doc_id: str, date) -> Doc:
        """Latin-script Kazakh: run on the Cyrillic reading, then map every offset back."""
        cyr, starts, ends = to_cyrillic(text, script)
        doc = Doc(text=cyr, lang="kk", doc_id=doc_id, date=parse_doc_date(date), script=script)
        for comp in self.components:
            doc = comp(doc)

        def span(a: int, b: int) -> tuple[int, int]:
            if b <= a:
                k = starts[a] if a < len(starts) else len(text)
                return k, k
            return starts[a], ends[b - 1]

        for t in doc.tokens:
            t.start, t.end = span(t.start, t.end)
            t.text = text[t.start:t.end]
        for s in doc.sentences:
            s.start, s.end = span(s.start, s.end)
        for e in list(doc.entities) + list(doc.locations):
            e.start, e.end = span(e.start, e.end)
            e.text = text[e.start:e.end]
        for q in doc.quantities:
            q.start, q.end = span(q.start, q.end)
            q.text = text[q.start:q.end]
        for f in doc.facts:
            f.sentence = span(*f.sentence)
            f.span = span(*f.span)
            f.text = text[f.span[0]:f.span[1]]
            if f.subject:
                f.subject = {**f.subject, "text": to_latin(f.subject["text"], script)}
            if f.location:
                f.location = {**f.location, "text": to_latin(f.location["text"], script)}
        for r in doc.records:
            r["investors"] = [dict(zip(("start", "end"), span(i["start"], i["end"]))) for i in r["investors"]]
            r["evidence"] = {k: list(span(*v)) for k, v in r["evidence"].items()}
            for k in ("project", "product", "district_or_city", "zone"):
                r[k] = to_latin(r[k], script)
            for k in ("capacity", "investment", "jobs", "jobs_temporary"):
                if r.get(k):
                    r[k] = {**r[k], "text": to_latin(r[k]["text"], script)}
        doc.text = text
        return doc


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def extract_facts(text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None) -> list[dict]:
    """Extract facts from a text; returns the JSON-ready dicts of the CLI contract.

    ``date`` (YYYY-MM-DD, the publication date) resolves relative years ("биыл", "в прошлом году")."""
    doc = default_pipeline()(text, lang, doc_id, date)
    return [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts]


def extract_all(text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None) -> dict:
    """Facts and project records of a text: ``{"facts": [...], "records": [...]}``."""
    from .records import finish_records
    doc = default_pipeline()(text, lang, doc_id, date)
    return {"facts": [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts], "records": finish_records(doc)}


def parse_doc_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
