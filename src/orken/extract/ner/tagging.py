"""Named-entity component: the shipped Kazakh model (orken.extract.ner: CRF + neural tagger) for kk, natasha for ru.

Entities keep the KazNERD labels (kk) or natasha's PER/LOC/ORG (ru); quoted names
(«...», "...") are added as candidate names, since project and company names in news
are nearly always quoted. The Kazakh tagger reads the pipeline's own tokens and takes the
gazetteer feature from the pipeline's ``spans["places"]`` (no second tokenisation or gazetteer run).
"""
from __future__ import annotations

import re
from contextlib import nullcontext as _nullcontext
from functools import lru_cache

from ..components import component
from ..doc import Doc, Entity
from ..tokenize import clean_word

_QUOTE_RE = re.compile(r"[«“„\"]([^«»“”„\"\n]{2,80})[»”\"]")


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _kk_entities(docs: list[Doc], wanted: list[list]) -> list[list[Entity]]:
    """The Kazakh tagger over the wanted sentences of all ``docs`` in one call (``NerModel.tag_many``
    sorts them by length and runs them in padded batches), entities per document."""
    from orken.extract.ner.model import shared_model
    model = shared_model()  # a missing model is an error that says how to train it (orken ner train)
    sents: list[tuple[int, list]] = []  # (document, its tokens)
    places: list[list[str]] = []
    for n, (doc, ws) in enumerate(zip(docs, wanted)):
        flags = place_flags(doc)
        for s in ws:
            toks = doc.tokens[s.tok_start:s.tok_end]
            if toks and len(toks) <= 400:
                sents.append((n, toks))
                places.append(flags[s.tok_start:s.tok_start + len(toks)])
    all_tags = model.tag_many([[clean_word(t.text) for t in toks] for _, toks in sents], places=places)
    out: list[list[Entity]] = [[] for _ in docs]
    for (n, toks), tags in zip(sents, all_tags):
        text = docs[n].text
        cur: list[int] | None = None
        label = ""
        for k, tag in enumerate(tags + ["O"]):
            if k < len(toks):
                toks[k].ner = tag
            if cur is not None and not (tag.startswith("I-") and tag[2:] == label):
                a, b = toks[cur[0]].start, toks[cur[-1]].end
                out[n].append(Entity(a, b, label, text[a:b]))
                cur = None
            if tag.startswith("B-") or (tag.startswith("I-") and cur is None):
                cur, label = [k], tag[2:]
            elif cur is not None and tag.startswith("I-"):
                cur.append(k)
    return out


@lru_cache(maxsize=1)
def _blas():
    """A threadpoolctl controller, or None without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - optional: then BLAS keeps its own thread count
        return None
    return ThreadpoolController()


def _ru_entities(docs: list[Doc], wanted: list[list]) -> list[list[Entity]]:
    """natasha over chunks of whole sentences (about 20k characters each, to bound memory), all the
    documents' chunks in one call. natasha's model is numpy: its small matrix products are run on one
    BLAS thread (threadpoolctl), which on a busy machine is many times faster than BLAS's own
    thread pool and needs no OPENBLAS_NUM_THREADS from the user."""
    _seg, tagger = _natasha()
    pieces: list[tuple[int, int, str]] = []  # (document, offset, text)
    for n, (doc, ws) in enumerate(zip(docs, wanted)):
        chunks: list[tuple[int, int]] = []
        for s in ws:
            if chunks and s.end - chunks[-1][0] <= 20_000 and s.start - chunks[-1][1] <= 2:
                chunks[-1] = (chunks[-1][0], s.end)
            else:
                chunks.append((s.start, s.end))
        pieces.extend((n, a, doc.text[a:b]) for a, b in chunks if doc.text[a:b].strip())
    out: list[list[Entity]] = [[] for _ in docs]
    ctl = _blas()
    with (ctl.limit(limits=1, user_api="blas") if ctl is not None else _nullcontext()):
        # natasha's Doc.tag_ner is ``tagger(text)`` and keeps the spans' offsets; the tokens its
        # segmenter would add are not used here
        markups = list(tagger.map([t for _, _, t in pieces]))
    for (n, a, t), markup in zip(pieces, markups):
        for sp in markup.spans:
            out[n].append(Entity(a + sp.start, a + sp.stop, sp.type, t[sp.start:sp.stop]))
    return out


def quoted_names(doc: Doc) -> list[Entity]:
    return [Entity(m.start(), m.end(), "QUOTED", m.group(0)) for m in _QUOTE_RE.finditer(doc.text)]


def needs_ner(doc: Doc, quoted: list[Entity]) -> list:
    """Sentences the statistical tagger must read: those with a figure and no quoted name. Facts and
    records take their names from quoted names and the gazetteer first; the tagger only supplies a
    subject where neither is present (and costs ~80 % of the pipeline's time)."""
    from ..records import _is_head
    with_figure = {doc.sentence_of_token(q.tok_start) for q in doc.spans["quantities"]}
    out = []
    for k, s in enumerate(doc.sentences):
        if k not in with_figure or any(s.start <= e.start < s.end for e in quoted):
            continue
        if any(t.kind == "word" and _is_head(t.text, doc.lang) for t in doc.tokens[s.tok_start:s.tok_end]):
            continue  # the plant is named by its facility noun ("цемент зауыты"): no need to guess a name
        out.append(s)
    return out


def place_flags(doc: Doc) -> list[str]:
    """The gazetteer type of each token of the document that lies in a place span ("" elsewhere)."""
    flags = [""] * len(doc.tokens)
    for e in doc.spans["places"]:
        for k in range(e.tok_start, min(e.tok_end, len(flags))):
            flags[k] = e.type or "place"
    return flags


def _check_model() -> None:
    from orken.extract.ner.model import require_model
    require_model()


def tag_entities_many(docs: list[Doc]) -> list[Doc]:
    """``tag_entities`` of each document, the taggers run once over all of them."""
    quoted = [quoted_names(d) for d in docs]
    wanted = [needs_ner(d, q) for d, q in zip(docs, quoted)]
    ents: list[list[Entity]] = [[] for _ in docs]
    for lang, fn in (("kk", _kk_entities), ("ru", _ru_entities)):
        idx = [k for k, d in enumerate(docs) if wanted[k] and (d.lang == "ru") == (lang == "ru")]
        if idx:
            for k, e in zip(idx, fn([docs[k] for k in idx], [wanted[k] for k in idx])):
                ents[k] = e
    for d, e, q in zip(docs, ents, quoted):
        d.spans["entities"] = sorted(e + q, key=lambda x: x.start)
    return docs


@component("ner", requires=("doc.sentences", "doc.tokens", "spans.quantities", "spans.places"),
           assigns=("spans.entities", "token.ner"), check=_check_model, batch=tag_entities_many)
def tag_entities(doc: Doc) -> Doc:
    return tag_entities_many([doc])[0]
