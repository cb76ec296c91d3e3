"""Lemmatisation component: Kazakh by hand-written suffix stripping, Russian by pymorphy2."""
from __future__ import annotations

from .components import component
from .doc import Doc
from .lemma_kk import lemma_kk
from .lemma_ru import lemma_ru
from .tokenize import clean_word


@component("lemmatizer", requires=("doc.tokens",), assigns=("token.lemma",))
def lemmatize(doc: Doc) -> Doc:
    fn = lemma_ru if doc.lang == "ru" else lemma_kk
    for t in doc.tokens:
        t.lemma = fn(clean_word(t.text)) if t.kind == "word" else t.text.lower()
    return doc
