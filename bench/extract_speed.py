"""Extraction speed: tokens per second per core, Kazakh and Russian, the whole pipeline with records.

Time is the CPU time of this process (``time.process_time``: all its threads together), so the
figure is per core and does not depend on what else runs on the machine; tokens are the pipeline's
own tokens. Measured on the same text: tokenisation alone, the whole pipeline (NER, facts, project
records) on the sample as one document and as many documents (``Pipeline.pipe``, as ``orken
extract`` reads a JSON Lines corpus), and natasha's own NER as a reference for Russian. With
``--suite DIR`` (a gold folder in the development suite's format: ``passages.jsonl``), its dense
passages too, per language and script: the first pass (every word new to this process: lemma,
feature and unit caches cold) and the best of ``--repeat`` passes. A benchmark, not a test:

    .venv/bin/python bench/extract_speed.py [--repeat 3] [--kk FILE] [--ru FILE] [--suite DIR]
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from orken.extract.doc import Doc
from orken.extract.pipeline import Pipeline
from orken.extract.records import finish_records
from orken.extract.sentences import split_sentences
from orken.extract.tokenize import tokenize

KK_SAMPLE = ("Қызылорда облысы Шиелі ауданында «Сыр Цемент» ЖШС жаңа зауыт салынуда. Жобаның құны 42 млрд теңге. "
             "Зауытта 226 адам жұмыспен қамтылатын болады. Зауыттың қуаты жылына 500 мың тонна цемент. "
             "2023 жылы өңірде 11 жоба іске қосылды, оған 128,8 млрд теңге инвестиция тартылды. ")
RU_SAMPLE = ("В Павлодарской области в 2024 году запущен завод по производству ферросплавов мощностью 240 тысяч "
             "тонн в год. Инвестиции в проект составили 1,6 трлн тенге, создано более 1 500 рабочих мест. "
             "В Шымкенте строится фармацевтический завод ТОО «Химфарм» стоимостью 25 млрд тенге. ")


def cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def best_cpu(fn, repeat: int) -> float:
    return min(cpu(fn) for _ in range(repeat))


def tokens_of(text: str, lang: str) -> int:
    doc = tokenize(split_sentences(Doc(text=text, lang=lang)))
    return len(doc.tokens)


def whole(pipe: Pipeline, items: list[tuple]) -> int:
    """The whole pipeline with project records over ``items`` (as ``orken extract --records``); tokens."""
    n = 0
    run = getattr(pipe, "pipe", None)  # (an older Pipeline without ``pipe``: one document at a time)
    for doc in (run(items) if run else (pipe(*it) for it in items)):
        finish_records(doc)
        n += len(doc.tokens)
    return n


def bench_lang(lang: str, text: str, repeat: int, copies: int = 1) -> dict:
    pipe = Pipeline()
    pipe(text[:2000], lang)  # warm up: loads models
    n = tokens_of(text, lang)
    t_tok = best_cpu(lambda: tokenize(split_sentences(Doc(text=text, lang=lang))), repeat)
    t_all = best_cpu(lambda: finish_records(pipe(text, lang)), repeat)
    out = {"lang": lang, "tokens": n, "tokenise_tps": n / t_tok, "pipeline_tps": n / t_all}
    if copies > 1:  # the same text as ``copies`` documents of a corpus
        part = text[:len(text) // copies]
        items = [(part, lang, f"d{k}") for k in range(copies)]
        m = whole(pipe, items)
        out["documents_tps"] = m / best_cpu(lambda: whole(pipe, items), repeat)
    if lang == "ru":
        from natasha import Doc as NDoc

        from orken.extract.ner.tagging import _natasha
        seg, ner = _natasha()

        def nat() -> None:
            d = NDoc(text)
            d.segment(seg)
            d.tag_ner(ner)
        out["natasha_ner_tps"] = n / best_cpu(nat, repeat)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kk", type=Path)
    ap.add_argument("--ru", type=Path)
    ap.add_argument("--copies", type=int, default=40, help="copies of the built-in sample text")
    ap.add_argument("--suite", type=Path, help="a gold folder (passages.jsonl): its passages per language")
    a = ap.parse_args()
    kk = a.kk.read_text(encoding="utf-8") if a.kk else KK_SAMPLE * a.copies
    ru = a.ru.read_text(encoding="utf-8") if a.ru else RU_SAMPLE * a.copies
    print("whole pipeline with records, CPU time of this process (tokens per second per core)")
    for lang, text, file in (("kk", kk, a.kk), ("ru", ru, a.ru)):
        r = bench_lang(lang, text, a.repeat, 1 if file else a.copies)
        line = (f"{lang}: {r['tokens']} tokens | tokenise {r['tokenise_tps']:,.0f} tok/s | "
                f"pipeline, one document {r['pipeline_tps']:,.0f} tok/s")
        if "documents_tps" in r:
            line += f" | as {a.copies} documents {r['documents_tps']:,.0f} tok/s"
        if "natasha_ner_tps" in r:
            line += (f" | natasha NER {r['natasha_ner_tps']:,.0f} tok/s | "
                     f"pipeline/natasha {r['pipeline_tps'] / r['natasha_ner_tps']:.2f}")
        print(line)
    if a.suite:
        print(f"passages of {a.suite} (each group as a corpus, Pipeline.pipe):")
        for r in suite_speed(a.suite, a.repeat):
            print(f"  {r['group']}: {r['tokens']} tokens | first pass {r['first_tps']:,.0f} tok/s | "
                  f"best of {a.repeat} {r['best_tps']:,.0f} tok/s")


def suite_speed(folder: Path, repeat: int) -> list[dict]:
    """Per group: the first pass over its passages (their words new to this process) and the best of
    ``repeat`` passes (caches warm), both CPU time."""
    rows = [json.loads(line) for line in open(folder / "passages.jsonl", encoding="utf-8") if line.strip()]
    groups: dict[str, list[tuple]] = {}
    for r in rows:
        key = r["lang"] + ("" if r.get("script", "cyrl") == "cyrl" else f" {r['script']}")
        groups.setdefault(key, []).append((r["text"], "auto", r["id"], r.get("date")))
    pipe = Pipeline()
    pipe(KK_SAMPLE)  # load the models on other text: the passages' words are new for the first pass
    pipe(RU_SAMPLE)
    out = []
    for key, items in sorted(groups.items()):
        t0 = time.process_time()
        n = whole(pipe, items)
        t_first = time.process_time() - t0
        t_best = best_cpu(lambda: whole(pipe, items), repeat)
        out.append({"group": key, "tokens": n, "first_tps": n / t_first, "best_tps": n / t_best})
    return out


def run(repeat: int = 3, copies: int = 40) -> list[dict]:
    """Rows for ``bench/compare.py``: the whole pipeline against tokenising alone (kk) and natasha (ru)."""
    rows = []
    for lang, text in (("kk", KK_SAMPLE * copies), ("ru", RU_SAMPLE * copies)):
        r = bench_lang(lang, text, repeat)
        # Russian: natasha's NER alone on the same text; Kazakh: no off-the-shelf extractor to compare with
        ref_tps = r.get("natasha_ner_tps")
        rows.append({"group": "extraction", "case": f"{lang} pipeline, tokens/s/core", "engine": "-",
                     "orken": r["pipeline_tps"], "reference_value": ref_tps,
                     "reference": "natasha NER" if ref_tps else "none for Kazakh",
                     "ratio": r["pipeline_tps"] / ref_tps if ref_tps else None, "unit": "tok/s"})
    return rows


if __name__ == "__main__":
    main()
