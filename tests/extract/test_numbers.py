import pytest
from hypothesis import given, settings, strategies as st

from orken.extract.doc import Doc
from orken.extract.langdetect import detect_lang
from orken.extract.numbers import parse_digits, word_number
from orken.extract.pipeline import Pipeline
from orken.extract.quantities import parse_quantities
from orken.extract.sentences import split_sentences
from orken.extract.tokenize import tokenize


def quantities(text, lang="kk"):
    doc = Doc(text=text, lang=lang)
    for comp in (split_sentences, tokenize, parse_quantities):
        doc = comp(doc)
    return doc


@pytest.mark.parametrize("s,v", [("1,6", 1.6), ("12 000", 12000), ("1.234.567", 1234567), ("3.5", 3.5),
                                 ("1 500,5", 1500.5), ("2024", 2024), ("1.500", 1500)])
def test_parse_digits(s, v):
    from decimal import Decimal
    assert parse_digits(s) == Decimal(str(v))  # exact: money is Decimal everywhere


@pytest.mark.parametrize("w,lang,v", [("үш", "kk", 3), ("екіге", "kk", 2), ("тоғыз", "kk", 9), ("жүз", "kk", 100),
                                      ("шесть", "ru", 6), ("двух", "ru", 2), ("жүзеге", "kk", None), ("басқа", "kk", None)])
def test_word_number(w, lang, v):
    assert word_number(w, lang) == v


@pytest.mark.parametrize("text,value,unit,qual", [
    ("Жобаның құны 1,6 трлн теңге болады.", 1.6e12, "KZT", "exact"),
    ("Бюджеттен тоғыз жүз миллион теңге бөлінді.", 9e8, "KZT", "exact"),
    ("Зауытта 100-ге жуық адам жұмыс істейді.", 100, "person", "about"),
    ("Инвестиция көлемі 5 млрд теңгеден астам.", 5e9, "KZT", "more_than"),
    ("Өндіріс көлемі 7,3%-ға өсті.", 7.3, "%", "exact"),
    ("Жаңа кәсіпорында 250 жұмыс орны ашылады.", 250, "person", "exact"),
    ("Аумағы 12 000 шаршы метр.", 12000, "m2", "exact"),
    ("Жер телімі 366 гектар.", 366, "ha", "exact"),
    ("Қуаты 50 МВт болатын станция.", 50, "MW", "exact"),
    ("Жол ұзындығы 120 шақырым.", 120, "km", "exact"),
    ("Завод выпустит более 200 тыс. тонн продукции.", 2e5, "t", "more_than"),
    ("Стоимость проекта около 3,5 млрд тенге.", 3.5e9, "KZT", "about"),
    ("Будет создано шесть рабочих мест.", 6, "person", "exact"),
    ("Экспорт составил 120 млн долларов США.", 1.2e8, "USD", "exact"),
    ("Мощность до 300 тысяч тонн в год.", 3e5, "t", "up_to"),
    ("Площадь 2,5 кв. м.", 2.5, "m2", "exact"),
    ("Выпущено 500 штук.", 500, "unit", "exact"),
])
def test_quantity(text, value, unit, qual):
    doc = quantities(text, detect_lang(text))
    qs = [q for q in doc.spans["quantities"] if q.unit == unit]
    assert qs, doc.spans["quantities"]
    q = qs[0]
    assert float(q.value) == pytest.approx(value)
    assert q.qualifier == qual
    assert text[q.start:q.end] == q.text


def test_years_are_not_quantities():
    doc = quantities("2024 жылы зауыт салынды, 2028 жылға дейін. В 2023-2025 годы работы продолжатся.")
    assert not doc.spans["quantities"]
    years = sorted({y for y in (yr.year for yr in doc.spans["years"])})
    assert years == [2023, 2024, 2028]
    assert any(y == 2023 and y_to == 2025 for y, y_to in ((yr.year, yr.year_to) for yr in doc.spans["years"]))


def test_range():
    doc = quantities("Инвестиция 10-15 млрд теңге.")
    q = doc.spans["quantities"][0]
    assert q.value == 10**10 and q.value_max == 15 * 10**9


def test_phone_and_dates_skipped():
    doc = quantities("Телефон: +7(702)932-52-25. Жаңа шығарылым 23.04.2024.")
    assert all(q.unit is None for q in doc.spans["quantities"])


PIPE = Pipeline(ner=False)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_no_crash_arbitrary_unicode(text):
    doc = PIPE(text, "kk")
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(doc.text)
    for f in doc.facts:
        a, b = f.span
        assert f.sentence[0] <= a < b <= f.sentence[1]
        assert doc.text[a:b] == f.text


_piece = st.sampled_from(["Зауыт", "құны", "5", "млрд", "теңге", "1,6", "%", "-ға", "адам", "жуық", "100",
                          "тонна", ".", " ", "\n", "екі", "жүз", "миллион", "2024", "жылы", "более", "тыс."])


@settings(max_examples=80, deadline=None)
@given(st.lists(_piece, max_size=40))
def test_spans_inside_sentences(pieces):
    text = " ".join(pieces)
    doc = PIPE(text, "kk")
    for q in doc.spans["quantities"]:
        assert doc.text[q.start:q.end] == q.text
        s = doc.sentences[doc.sentence_of_token(q.tok_start)]
        assert s.start <= q.start < q.end <= s.end
