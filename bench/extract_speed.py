"""Extraction speed: tokens per second per core, Kazakh and Russian.

Measures on the same text: tokenisation alone, the whole pipeline, and (Russian)
natasha's own NER as a reference; prints ratios. A benchmark, not a test:

    .venv/bin/python bench/extract_speed.py [--repeat 3] [--kk FILE] [--ru FILE]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from orken.extract.doc import Doc
from orken.extract.pipeline import Pipeline
from orken.extract.sentences import split_sentences
from orken.extract.tokenize import tokenize

KK_SAMPLE = ("Қызылорда облысы Шиелі ауданында «Сыр Цемент» ЖШС жаңа зауыт салынуда. Жобаның құны 42 млрд теңге. "
             "Зауытта 226 адам жұмыспен қамтылатын болады. Зауыттың қуаты жылына 500 мың тонна цемент. "
             "2023 жылы өңірде 11 жоба іске қосылды, оған 128,8 млрд теңге инвестиция тартылды. ")
RU_SAMPLE = ("В Павлодарской области в 2024 году запущен завод по производству ферросплавов мощностью 240 тысяч "
             "тонн в год. Инвестиции в проект составили 1,6 трлн тенге, создано более 1 500 рабочих мест. "
             "В Шымкенте строится фармацевтический завод ТОО «Химфарм» стоимостью 25 млрд тенге. ")


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def tokens_of(text: str, lang: str) -> int:
    doc = tokenize(split_sentences(Doc(text=text, lang=lang)))
    return len(doc.tokens)


def bench_lang(lang: str, text: str, repeat: int) -> dict:
    pipe = Pipeline()
    pipe(text[:2000], lang)  # warm up: loads models
    n = tokens_of(text, lang)
    t_tok = timed(lambda: tokenize(split_sentences(Doc(text=text, lang=lang))), repeat)
    t_all = timed(lambda: pipe(text, lang), repeat)
    out = {"lang": lang, "tokens": n, "tokenise_tps": n / t_tok, "pipeline_tps": n / t_all}
    if lang == "ru":
        from natasha import Doc as NDoc, NewsEmbedding, NewsNERTagger, Segmenter
        seg, ner = Segmenter(), NewsNERTagger(NewsEmbedding())

        def nat() -> None:
            d = NDoc(text)
            d.segment(seg)
            d.tag_ner(ner)
        out["natasha_ner_tps"] = n / timed(nat, repeat)
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kk", type=Path)
    ap.add_argument("--ru", type=Path)
    ap.add_argument("--copies", type=int, default=40, help="copies of the built-in sample text")
    a = ap.parse_args()
    kk = a.kk.read_text(encoding="utf-8") if a.kk else KK_SAMPLE * a.copies
    ru = a.ru.read_text(encoding="utf-8") if a.ru else RU_SAMPLE * a.copies
    print("single process (tokens per second per core)")
    for lang, text in (("kk", kk), ("ru", ru)):
        r = bench_lang(lang, text, a.repeat)
        line = (f"{lang}: {r['tokens']} tokens | tokenise {r['tokenise_tps']:,.0f} tok/s | "
                f"pipeline {r['pipeline_tps']:,.0f} tok/s | pipeline/tokenise {r['pipeline_tps'] / r['tokenise_tps']:.3f}")
        if "natasha_ner_tps" in r:
            line += (f" | natasha NER {r['natasha_ner_tps']:,.0f} tok/s | "
                     f"pipeline/natasha {r['pipeline_tps'] / r['natasha_ner_tps']:.2f}")
        print(line)


if __name__ == "__main__":
    main()
