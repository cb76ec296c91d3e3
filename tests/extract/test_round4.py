"""Rules added in the fourth round of issue 18 (facts), each for a linguistic shape, not for a passage.

Every sentence here is written for these tests (invented plants, companies and figures)."""
import pytest

from orken.extract.pipeline import Pipeline

PIPE = Pipeline(ner=False)


def facts(text, date="2026-06-01"):
    doc = PIPE(text, "auto", "t", date)
    return [f.to_dict("t", doc.lang) for f in doc.facts]


def find(fs, value, unit=None):
    got = [f for f in fs if abs(float(f["value"]) - value) <= 1e-9 * max(1, abs(value))
           and (unit is None or f["unit"] == unit)]
    assert got, [(f["measure"], f["value"], f["unit"], f["text"]) for f in fs]
    return got[0]


def absent(fs, value):
    assert not [f for f in fs if abs(float(f["value"]) - value) <= 1e-9 * max(1, abs(value))], fs


# --- qualifiers: the longer phrase before the number decides -------------------------------------------

@pytest.mark.parametrize("text, value, qualifier", [
    ("Линия рассчитана на не более 900 тонн гранул в сутки.", 900, "up_to"),
    ("Мощность склада – не более 12 тыс. тонн.", 12000, "up_to"),
    ("Компания вложит более 3 млрд тенге.", 3_000_000_000, "more_than"),
    ("Зауыттың қуаты шамамен 40 мың тонна.", 40000, "about"),
])
def test_the_longest_qualifier_phrase_wins(text, value, qualifier):
    assert find(facts(text), value)["qualifier"] == qualifier


# --- a count of goods after a number, in a sentence about making them -----------------------------------

@pytest.mark.parametrize("text, value, measure", [
    ("За девять месяцев предприятие собрало 1,3 тыс. комбайнов.", 1300, "output_volume"),
    ("Фабрика рассчитана на выпуск 25 млн пластиковых флаконов в год.", 25_000_000, "capacity"),
    ("Мощность линии розлива – 90 млн банок в год.", 90_000_000, "capacity"),
    ("В прошлом году завод изготовил 640 лифтов.", 640, "output_volume"),
])
def test_russian_goods_counted_in_a_production_sentence(text, value, measure):
    f = find(facts(text), value, "unit")
    assert f["measure"] == measure


@pytest.mark.parametrize("text, value", [
    ("За 10 месяцев предприятие выпустило продукцию.", 10),          # time, not goods
    ("Завод экспортирует продукцию в 12 стран.", 12),                 # places
    ("Цех выпускает 40 видов колбас.", 40),                          # kinds
    ("В 30 городах открыты пункты выдачи.", 30),                      # no production in the sentence
])
def test_russian_numbers_of_time_kind_place_are_not_goods(text, value):
    absent(facts(text), value)


# --- a capacity noun governing the figure outweighs a production verb of the clause ------------------------

@pytest.mark.parametrize("text, cap, out", [
    ("Комбинат мощностью 1 200 вагонов в год в 2025 году выпустил 700 вагонов.", 1200, 700),
    ("Цех мощностью 150 тонн в сутки за полгода произвел 20 тыс. тонн муки.", 150, 20000),
    ("Мощность производства – 80 млн кирпичей в год, в 2025 году выпущено 52 млн кирпичей.", 80_000_000, 52_000_000),
])
def test_capacity_named_before_the_figure(text, cap, out):
    fs = facts(text)
    assert find(fs, cap)["measure"] == "capacity"
    assert find(fs, out)["measure"] == "output_volume"


# --- elliptical "до N" after a change verb, the goods named before ----------------------------------------

def test_goods_named_before_bare_figures_of_a_change():
    fs = facts("По прогнозу министерства, выпуск грузовиков должен увеличиться до 6 тыс. в 2027 году "
               "и до 9 тыс. к 2030 году.")
    for v in (6000, 9000):
        f = find(fs, v, "unit")
        assert f["measure"] == "output_volume" and f["qualifier"] == "exact"


def test_a_process_noun_counts_nothing():
    # "производство молока" is production, not a number of enterprises
    absent(facts("Производство молока в районе выросло до 35 тыс. за год."), 35000)


@pytest.mark.parametrize("text, value, measure", [
    ("Количество резидентов парка выросло до 48, а объем инвестиций составит 70 млрд тенге.", 48,
     "count_participants"),
    ("Қатысушылар саны 60-қа жетті, ал салынған инвестиция 9 млрд теңге болды.", 60, "count_participants"),
])
def test_a_bare_count_keeps_its_own_noun_not_the_next_figure_unit(text, value, measure):
    f = find(facts(text), value, "unit")
    assert f["measure"] == measure
