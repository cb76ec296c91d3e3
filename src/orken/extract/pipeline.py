"""The extraction pipeline: a list of small components, each taking and returning a Doc."""
from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable

from .doc import Doc
from .facts import assemble
from .gazetteer import tag_locations
from .langdetect import detect_lang
from .lemmatize import lemmatize
from .ner import tag_entities
from .quantities import parse_quantities
from .sentences import split_sentences
from .tokenize import tokenize

Component = Callable[[Doc], Doc]
MAX_CHARS = 2_000_000  # larger inputs are cut (with a warning from the CLI)

DEFAULT_COMPONENTS: list[Component] = [
    split_sentences, tokenize, lemmatize, parse_quantities, tag_locations, tag_entities, assemble,
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
        doc = Doc(text=text, lang=lang, doc_id=doc_id, date=parse_doc_date(date))
        if not text.strip():
            return doc
        for comp in self.components:
            doc = comp(doc)
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
    from .records import build_records
    doc = default_pipeline()(text, lang, doc_id, date)
    return {"facts": [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts],
            "records": [r for r in build_records(doc)]}


def parse_doc_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
