"""Named-entity component: the shipped Kazakh model (orken.extract.ner: CRF + neural tagger) for kk, natasha for ru.

Entities keep the KazNERD labels (kk) or natasha's PER/LOC/ORG (ru); quoted names
(«...», "...") are added as candidate names, since project and company names in news
are nearly always quoted. The Kazakh tagger reads the pipeline's own tokens and takes the
gazetteer feature from the pipeline's ``spans["places"]`` (no second tokenisation or gazetteer run).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..components import component
from ..doc import Doc, Entity
from ..tokenize import clean_word

_QUOTE_RE = re.compile(r"[«“„\"]([^«»“”„\"\n]{2,80})[»”\"]")


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter
    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _kk_entities(doc: Doc, wanted: list) -> list[Entity]:
    from orken.extract.ner.model import shared_model
    model = shared_model()  # a missing model is an error that says how to train it (orken ner train)
    out: list[Entity] = []
    sents = [(s.tok_start, doc.tokens[s.tok_start:s.tok_end]) for s in wanted]
    sents = [(k, toks) for k, toks in sents if toks and len(toks) <= 400]
    flags = place_flags(doc)
    all_tags = model.tag_many([[clean_word(t.text) for t in toks] for _, toks in sents],
                              places=[flags[k:k + len(toks)] for k, toks in sents])
    sents = [toks for _, toks in sents]
    for toks, tags in zip(sents, all_tags):
        cur: list[int] | None = None
        label = ""
        for k, tag in enumerate(tags + ["O"]):
            if k < len(toks):
                toks[k].ner = tag
            if cur is not None and not (tag.startswith("I-") and tag[2:] == label):
                a, b = toks[cur[0]].start, toks[cur[-1]].end
                out.append(Entity(a, b, label, doc.text[a:b]))
                cur = None
            if tag.startswith("B-") or (tag.startswith("I-") and cur is None):
                cur, label = [k], tag[2:]
            elif cur is not None and tag.startswith("I-"):
                cur.append(k)
    return out


def _ru_entities(doc: Doc, wanted: list) -> list[Entity]:
    """natasha over chunks of whole sentences (about 20k characters each, to bound memory)."""
    from natasha import Doc as NDoc
    seg, tagger = _natasha()
    out: list[Entity] = []
    chunks: list[tuple[int, int]] = []
    for s in wanted:
        if chunks and s.end - chunks[-1][0] <= 20_000 and s.start - chunks[-1][1] <= 2:
            chunks[-1] = (chunks[-1][0], s.end)
        else:
            chunks.append((s.start, s.end))
    for a, b in chunks:
        nd = NDoc(doc.text[a:b])
        nd.segment(seg)
        nd.tag_ner(tagger)
        for sp in nd.spans:
            out.append(Entity(a + sp.start, a + sp.stop, sp.type, sp.text))
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


@component("ner", requires=("doc.sentences", "doc.tokens", "spans.quantities", "spans.places"),
           assigns=("spans.entities", "token.ner"), check=_check_model)
def tag_entities(doc: Doc) -> Doc:
    quoted = quoted_names(doc)
    wanted = needs_ner(doc, quoted)
    ents = (_ru_entities(doc, wanted) if doc.lang == "ru" else _kk_entities(doc, wanted)) if wanted else []
    doc.spans["entities"] = sorted(ents + quoted, key=lambda e: e.start)
    return doc
