"""Properties of the whole news extractor (``orken extract``'s pipeline, Kazakh and Russian) on hostile text.

Text is arbitrary Unicode, or news-like pieces mixed with huge numbers in every thousands style, mixed
Cyrillic/Latin/Kazakh letters, right-to-left and combining characters, emoji, control characters and
very long tokens. For every text, in kk, ru and auto-detected:

- no exception;
- every fact's span lies inside its sentence, and ``text[start:end]`` is the fact's quoted text;
- values are finite and non-negative (a range's maximum is not below its value);
- the CLI's JSON line is valid strict JSON (no NaN or Infinity).

The neural NER runs in one test with few examples (it reads ~5k tokens/s); the rest of the pipeline in
the others. (The older quick properties stay in ``tests/extract/test_numbers.py``.)
"""

from __future__ import annotations

import json
import math

from hypothesis import example, given
from hypothesis import strategies as st

from orken.extract.pipeline import MAX_CHARS, Pipeline, clean_text
from tests.fuzz.conftest import fuzz_settings

WORDS = ["Зауыт", "құны", "млрд", "теңге", "жұмыс", "орны", "ашылады", "тонна", "жылына", "Павлодар",
         "облысында", "салынуда", "Завод", "инвестиций", "составил", "тенге", "рабочих", "мест", "более",
         "около", "до", "тыс.", "трлн", "млн", "долларов", "США", "МВт", "гектар", "%", "запущен", "в", "году",
         "2024", "жылы", "ТОО", "«Қазақстан Алюминий»", "АО", "Steel", "Kazakhstan", "Аlюminий", "KazМұнай",
         # Latin-script Kazakh (2021, 2018 and ASCII spellings) and the shapes of figures
         "zauyt", "zaýyt", "qūny", "mlrd", "teñge", "teńge", "tenge", "jūmys", "jumys", "orny", "myñ", "myń",
         "myng", "jylyna", "zhylyna", "oblysynda", "ıske", "iske", "qosyldy", "shyǵarady", "şyğarady", "İ", "ı",
         "-ı", "-i", "-ге", "-дан", "Соның", "10-ы", "4-і", "с", "от", "до", "дейін", "артты", "өсті", "жарым",
         "полтора", "$", "зауыты", "фабрикасы", "құрылысы басталды", "іске қосылады", "2027 жылы", "IV квартале"]
HOSTILE = ["\u202e", "\u200f", "שלום", "مرحبا", "e\u0301", "\u0430\u0308", "😀", "👩‍👩‍👧", "\x00", "\x1b[31m",
           "\u2028", "\ufeff", "\u200b", "\ud7ff", "𝟙𝟚𝟛", "١٢٣", "\t", "\r\n", "\n\n", ".", "!", "?", "…", "-",
           "«", "»", "(", ")", "Ω" * 3000, "ө" * 5000, "1" * 2000]


def _number(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


NUMBERS = st.one_of(
    st.builds(_number, st.integers(0, 10**30), st.sampled_from([" ", "\u00a0", "\u202f", ".", ",", "'", ""])),
    st.sampled_from([str(10**400), "1e308", "1,7976931348623157e308", "0,000001", "00000", "9" * 400 + ",5",
                     "10-15", "1,6", "3.5", "100-ге", "7,3%-ға", "45,5"]),
)
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE), NUMBERS, st.text(max_size=12))
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=60).map(" ".join),
                  st.lists(PIECES, max_size=60).map("".join))

FAST = Pipeline(ner=False)
_FULL: Pipeline | None = None


def full() -> Pipeline:
    global _FULL
    if _FULL is None:
        _FULL = Pipeline()
    return _FULL


def check(pipeline: Pipeline, text: str, lang: str) -> None:
    doc = pipeline(text, lang)
    assert doc.text == clean_text(text[:MAX_CHARS])  # offsets are offsets into the text as given
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(doc.text)
    for f in doc.facts:
        (s0, s1), (a, b) = f.sentence, f.span
        assert 0 <= s0 <= a < b <= s1 <= len(doc.text), (f.sentence, f.span)
        assert doc.text[a:b] == f.text
        sentence = doc.text[s0:s1]
        assert sentence[a - s0:b - s0] == f.text
        assert math.isfinite(f.value) and (f.value >= 0 or f.measure == "growth_percent"), f.value
        if f.value_max is not None:
            assert math.isfinite(f.value_max) and f.value_max >= f.value
        assert 0 <= f.confidence <= 1
        json.dumps(f.to_dict(doc.doc_id, doc.lang), allow_nan=False, ensure_ascii=False)
    from orken.extract.records import finish_records
    for r in finish_records(doc):
        for a, b in r["evidence"].values():  # each field's sentence is a span of the text
            assert 0 <= a <= b <= len(doc.text)
        for name in r["investors"]:
            assert name and name in doc.text
        json.dumps(r, allow_nan=False, ensure_ascii=False)


@fuzz_settings(60)
@given(TEXTS, st.sampled_from(["kk", "ru", "auto"]))
@example("Жобаның құны " + str(10**400) + " трлн теңге.", "kk")
@example("Инвестиции составили " + "9" * 300 + " трлн тенге.", "ru")
@example("Инвестиции составили 1e308 трлн тенге, 1,7976931348623157e308 долларов.", "ru")
@example("Объем " + " ".join(["999"] * 120) + " млрд тенге.", "ru")
@example("\u202eЗауыт құны 5 млрд теңге\u202c. e\u0301 😀 \x00\x1b 120 млрд.", "kk")
def test_extractor_without_ner(text, lang):
    check(FAST, text, lang)


@fuzz_settings(15)
@given(TEXTS, st.sampled_from(["kk", "ru"]))
@example("Павлодар облысында «Қазақстан Алюминий» зауыты салынуда. Жобаның инвестициясы 120 млрд теңгені "
         "құрайды.", "kk")
@example("ТОО «" + "Ω" * 3000 + "» запустил завод. Объем инвестиций 45,5 млрд тенге.", "ru")
def test_whole_extractor(text, lang):
    check(full(), text, lang)
