"""``Pipeline.pipe`` (documents run through each component together, the taggers once per group)
gives every document exactly what running it alone gives: facts, records, entities, token tags."""
from __future__ import annotations

from pathlib import Path

from orken.extract.batch import process_many, process_one
from orken.extract.pipeline import Pipeline
from orken.extract.records import finish_records

# sentences with a figure and neither a quoted name nor a facility noun: the statistical taggers read them
KK = [
    "Президент Қасым-Жомарт Тоқаев Алматы қаласында 5 миллиард теңге бөлді. Бұл туралы Үкімет хабарлады.",
    "Қарағанды облысында 2023 жылы 86 инвестициялық жоба іске асырылды, оларға 1 трлн 178 млрд теңге салынды. "
    "Ақмола облысының әкімі Марат Ахметжанов 1 200 жұмыс орны ашылатынын айтты.",
    "Шымкент қаласында Ерлан Қошановтың қатысуымен 12 жоба таныстырылды.",
]
KK_LATIN = "Qaraǵandy oblysynda 2023 jyly 86 ınvestısıalyq joba iske asyryldy, oǵan 1,2 trln teńge salyndy."
RU = [
    "В Карагандинской области Министр промышленности Канат Шарлапаев открыл 3 производства на 15 млрд тенге.",
    "Аким Алматы Ерболат Досаев сообщил, что в 2024 году создано 4 500 рабочих мест.",
    (Path(__file__).parent / "ru_press_release.txt").read_text(encoding="utf-8"),
]


def _view(doc):
    return {
        "lang": doc.lang, "text": doc.text,
        "facts": [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts],
        "records": finish_records(doc),
        "entities": [(e.start, e.end, e.label, e.text) for e in doc.spans.get("entities", [])],
        "ner": [t.ner for t in doc.tokens],
        "spans": {k: [(s.start, s.end, s.label) for s in v] for k, v in doc.spans.items()},
    }


def test_pipe_gives_each_document_what_it_gets_alone():
    pipe = Pipeline()
    items = [(t, "auto", f"kk{n}", "2024-03-01") for n, t in enumerate(KK)]
    items += [(KK_LATIN, "auto", "latn", None), ("", "auto", "empty", None), ("   \n", "kk", "blank", None)]
    items += [(t, "auto", f"ru{n}", None) for n, t in enumerate(RU)]
    items += [(KK[0], "kk", "kk-again", None)]
    alone = [_view(pipe(*it)) for it in items]
    together = [_view(d) for d in pipe.pipe(items)]
    assert together == alone
    small_groups = [_view(d) for d in pipe.pipe(items, batch_size=3)]
    assert small_groups == alone
    # the taggers did run: Kazakh tags from the statistical model, natasha's entities in Russian
    assert any(t != "O" for v in alone[:3] for t in v["ner"])
    assert any(label in ("PER", "LOC", "ORG") for v in alone[-4:-1] for _, _, label, _ in v["entities"])
    assert alone[3]["facts"] and alone[4]["facts"] == [] and alone[5]["facts"] == []


def test_ru_entities_are_natashas():
    """The Russian tagger's spans (natasha's model called on one BLAS thread, many texts at once)
    are those of natasha's own Doc.segment + Doc.tag_ner on each text."""
    from natasha import Doc as NDoc

    from orken.extract.ner.tagging import _natasha, _ru_entities
    seg, tagger = _natasha()
    docs = [Pipeline()(t, "ru") for t in RU]
    wanted = [[s] for d in docs for s in d.sentences]  # one sentence a chunk
    owners = [d for d in docs for _ in d.sentences]
    got = _ru_entities(owners, wanted)
    n = 0
    for doc, ws, ents in zip(owners, wanted, got):
        s = ws[0]
        nd = NDoc(doc.text[s.start:s.end])
        nd.segment(seg)
        nd.tag_ner(tagger)
        want = [(s.start + sp.start, s.start + sp.stop, sp.type, sp.text) for sp in nd.spans]
        assert [(e.start, e.end, e.label, e.text) for e in ents] == want
        n += len(want)
    assert n > 3


def test_process_many_is_process_one(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(KK[1], encoding="utf-8")
    items = [("c#1", KK[0], None, "2024-01-01"), ("c#2", None, "no text field"), (str(f), None, None),
             ("c#3", RU[0], None), ("c#4", "", None), (str(tmp_path / "missing.txt"), None, None)]
    assert process_many(items) == [process_one(it) for it in items]
