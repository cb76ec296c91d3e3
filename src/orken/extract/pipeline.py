"""The extraction pipeline: a list of small components, each taking and returning a Doc."""
from __future__ import annotations

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

    def __call__(self, text: str, lang: str = "auto", doc_id: str = "-") -> Doc:
        text = clean_text(text[:MAX_CHARS])
        if lang not in ("kk", "ru"):
            lang = detect_lang(text)
        doc = Doc(text=text, lang=lang, doc_id=doc_id)
        if not text.strip():
            return doc
        for comp in self.components:
            doc = comp(doc)
        return doc


_DEFAULT: Pipeline | None = None


def extract_facts(text: str, lang: str = "auto", doc_id: str = "-") -> list[dict]:
    """Extract facts from a text; returns the JSON-ready dicts of the CLI contract."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    doc = _DEFAULT(text, lang, doc_id)
    return [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts]
