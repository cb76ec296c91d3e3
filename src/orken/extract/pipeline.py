"""The extraction pipeline: a named list of registered components, each taking and returning a Doc.

``Pipeline()`` runs ``DEFAULT_PIPELINE``; ``Pipeline(disable=["ner"])`` leaves a component out by
name, ``Pipeline(["sentences", "tokenizer", ...])`` runs the named ones. Requirements are checked
when the pipeline is built (see ``components.py``)."""
from __future__ import annotations

import datetime as _dt
from typing import Iterable, Iterator

from . import facts as _facts, gazetteer as _gazetteer, lemmatize as _lemmatize, quantities as _quantities  # noqa: F401
from . import records as _records, sentences as _sentences, tokenize as _tokenize  # noqa: F401  (they register)
from .components import REGISTRY, ComponentInfo, PipelineError, get, resolve
from .doc import Doc, Fact, Span
from .langdetect import detect_lang
from .latin import detect_script, to_cyrillic, to_latin
from .ner import tagging as _tagging  # noqa: F401

MAX_CHARS = 2_000_000  # larger inputs are cut (with a warning from the CLI)

DEFAULT_PIPELINE: tuple[str, ...] = (
    "sentences", "tokenizer", "lemmatizer", "quantities", "gazetteer", "ner", "facts", "records",
)


_CONTROL = {c: " " for c in range(32) if chr(c) not in "\n\t\r"}


def clean_text(text: str) -> str:
    """Drop NULs and other control characters (keeping newlines/tabs) without moving offsets."""
    return text.translate(_CONTROL)


class Pipeline:
    """``names``: component names (default ``DEFAULT_PIPELINE``); ``disable``: names to leave out
    (``ner=False`` is short for ``disable=["ner"]``)."""

    def __init__(self, names: Iterable[str] | None = None, *, disable: Iterable[str] = (), ner: bool = True):
        chosen = list(names) if names is not None else list(DEFAULT_PIPELINE)
        off = set(disable) | (set() if ner else {"ner"})
        for name in off:
            get(name)  # an unknown name is an error, not a silent no-op
        self.names: list[str] = [n for n in chosen if n not in off]
        self.components: list[ComponentInfo] = resolve(self.names)
        for c in self.components:
            if c.check:
                c.check()

    def __repr__(self) -> str:
        return f"Pipeline({self.names!r})"

    def __call__(self, text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None) -> Doc:
        doc, latin = self._prepare(text, lang, doc_id, date)
        return self._finish(self._run_many([doc])[0], latin)

    def pipe(self, items: Iterable[tuple], batch_size: int = 64, max_chars: int = 200_000) -> Iterator[Doc]:
        """``self(*item)`` for each item ``(text, lang, doc_id, date)`` (lang, doc_id and date optional),
        in order, with the documents of a group of up to ``batch_size`` (and about ``max_chars``
        characters) run through each component together: a component with a ``batch`` function (NER)
        runs once for the group. Each document comes out as it would alone."""
        group: list[tuple[Doc, object]] = []
        size = 0
        for item in items:
            group.append(self._prepare(*item))
            size += len(group[-1][0].text)
            if len(group) >= batch_size or size >= max_chars:
                yield from self._pipe_group(group)
                group, size = [], 0
        if group:
            yield from self._pipe_group(group)

    def _pipe_group(self, group: list[tuple[Doc, object]]) -> list[Doc]:
        docs = self._run_many([d for d, _ in group])
        return [self._finish(d, latin) for d, (_, latin) in zip(docs, group)]

    def _prepare(self, text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None) -> tuple[Doc, object]:
        """The Doc the components read, and for Latin script what maps its offsets back."""
        text = clean_text(text[:MAX_CHARS])
        script = detect_script(text)
        if script != "cyrl":  # Latin script is Kazakh: run on the Cyrillic reading
            cyr, starts, ends = to_cyrillic(text, script)
            return Doc(text=cyr, lang="kk", doc_id=doc_id, date=parse_doc_date(date), script=script), (text, starts, ends)
        if lang not in ("kk", "ru"):
            lang = detect_lang(text)
        return Doc(text=text, lang=lang, doc_id=doc_id, date=parse_doc_date(date)), None

    def _run(self, doc: Doc) -> Doc:
        return self._run_many([doc])[0]

    def _run_many(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            for comp in self.components:
                for a in comp.assigns:
                    if a.startswith("spans."):
                        doc.spans.setdefault(a[6:], [])
        live = [k for k, d in enumerate(docs) if d.text.strip()]
        work = [docs[k] for k in live]
        for comp in self.components:
            if comp.batch is not None and len(work) > 1:
                work = comp.batch(work)
            else:
                work = [comp.func(d) for d in work]
        out = list(docs)
        for k, d in zip(live, work):
            out[k] = d
        return out

    def _finish(self, doc: Doc, latin) -> Doc:
        if latin is None:
            return doc
        text, starts, ends = latin
        script = doc.script

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
        seen: set[int] = set()
        for spans in doc.spans.values():  # every component's spans, whatever their kind
            for sp in spans:
                if id(sp) in seen:
                    continue
                seen.add(id(sp))
                sp.start, sp.end = span(sp.start, sp.end)
                sp.text = text[sp.start:sp.end]
                if isinstance(sp, Fact):
                    sp.sentence = span(*sp.sentence)
                    if sp.subject:
                        sp.subject = {**sp.subject, "text": to_latin(sp.subject["text"], script)}
                    if sp.location:
                        sp.location = {**sp.location, "text": to_latin(sp.location["text"], script)}
                    if sp.status_sentence:
                        sp.status_sentence = span(*sp.status_sentence)
                    if sp.status_cue is not None and id(sp.status_cue) not in seen:
                        seen.add(id(sp.status_cue))
                        sp.status_cue.start, sp.status_cue.end = span(sp.status_cue.start, sp.status_cue.end)
                        sp.status_cue.text = text[sp.status_cue.start:sp.status_cue.end]
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


def extract_facts(text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None, *,
                  exact: bool = False) -> list[dict]:
    """Extract facts from a text; returns the JSON-ready dicts of the CLI contract (with ``exact=True``
    values are the exact Decimals parsed from the text).

    ``date`` (YYYY-MM-DD, the publication date) resolves relative years ("биыл", "в прошлом году")."""
    doc = default_pipeline()(text, lang, doc_id, date)
    return [f.to_dict(doc.doc_id, doc.lang, exact=exact) for f in doc.facts]


def extract_all(text: str, lang: str = "auto", doc_id: str = "-", date: str | None = None, *,
                exact: bool = False) -> dict:
    """Facts and project records of a text: ``{"facts": [...], "records": [...], "lang": "kk"|"ru"}``
    (``lang`` is the language the pipeline read the text in, detected once when "auto"); ``exact`` as
    for ``extract_facts``."""
    from .records import finish_records
    doc = default_pipeline()(text, lang, doc_id, date)
    return {"facts": [f.to_dict(doc.doc_id, doc.lang, exact=exact) for f in doc.facts], "records": finish_records(doc),
            "lang": doc.lang}


def parse_doc_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
