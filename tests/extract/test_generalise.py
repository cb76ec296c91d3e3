"""Grammar-level rules added while closing the dev/held-out gap (issue 18, second round).

The sentences are written for these tests (invented plants, companies and figures)."""
import pytest

from orken.extract.lemma_ru import lemma_ru, pos_ru
from orken.extract.pipeline import Pipeline

PIPE = Pipeline(ner=False)


def facts(text, date=None):
    doc = PIPE(text, "auto", "t", date)
    return [f.to_dict("t", doc.lang) for f in doc.facts]


def find(fs, value, unit=None):
    got = [f for f in fs if abs(float(f["value"]) - value) <= 1e-9 * max(1, abs(value))
           and (unit is None or f["unit"] == unit)]
    assert got, [(f["measure"], f["value"], f["unit"], f["text"]) for f in fs]
    return got[0]


def test_russian_lemmas_are_dictionary_lemmas():
    assert lemma_ru("приостановило") == "приостановить"
    assert lemma_ru("мощностью") == "мощность"
    assert lemma_ru("тонн") == "тонна"
    assert pos_ru("предприятия") == "NOUN"


@pytest.mark.parametrize("text, value, measure", [
    ("Объём продукции обрабатывающей отрасли Павлодарской области за девять месяцев достиг 2,4 трлн тенге.",
     2_400_000_000_000, "output_value"),
    ("Объём обрабатывающей промышленности Туркестанской области за год увеличился на 8 процентов "
     "и превысил 900 млрд тенге.", 900_000_000_000, "output_value"),
])
def test_russian_output_money_is_read_by_its_participles(text, value, measure):
    assert find(facts(text), value, "KZT")["measure"] == measure
