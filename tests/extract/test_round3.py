"""Rules added in the third round of issue 18 (facts and project records).

Every sentence here is written for these tests (invented plants, companies and figures), in the
genres of the development suite: akimat, ministry and agency releases, business news in ru and kk."""
import pytest

from orken.extract.pipeline import Pipeline, extract_all

PIPE = Pipeline(ner=False)


def facts(text, date="2026-06-01"):
    doc = PIPE(text, "auto", "t", date)
    return [f.to_dict("t", doc.lang) for f in doc.facts]


def find(fs, value, unit=None):
    got = [f for f in fs if abs(float(f["value"]) - value) <= 1e-9 * max(1, abs(value))
           and (unit is None or f["unit"] == unit)]
    assert got, [(f["measure"], f["value"], f["unit"], f["text"]) for f in fs]
    return got[0]


def records(text, date="2026-06-01"):
    return extract_all(text, "auto", "t", date=date)["records"]


# --- facts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, unit, measure", [
    # a present production verb with a rate per shift: what the plant can make (the period closes the noun phrase)
    ("Мельница ТОО «Дала Нан» в Шиелийском районе выпускает 40 тонн хлебобулочных изделий в смену.", 40, "t",
     "capacity"),
    ("В год здесь производят 7 тыс. тонн сыра и масла.", 7000, "t", "capacity"),
    # a past one: what was made
    ("В прошлом году комбинат произвел 7 тыс. тонн сыра.", 7000, "t", "output_volume"),
    ("За полугодие выпущено 3,4 тыс. тонн проката.", 3400, "t", "output_volume"),
])
def test_russian_tense_of_the_production_verb_decides_capacity_or_output(text, value, unit, measure):
    assert find(facts(text), value, unit)["measure"] == measure


def test_both_ends_of_a_change_measure_the_same_thing():
    fs = facts("Жаңғырту нәтижесінде цемент өндіру көлемі жылына 1,2 млн тоннадан 2 млн тоннаға дейін артады.")
    assert find(fs, 1_200_000, "t")["measure"] == find(fs, 2_000_000, "t")["measure"]


def test_the_end_of_a_change_counts_what_its_start_counts():
    fs = facts("Число резидентов индустриальной зоны выросло с 14 до 26, а объем инвестиций – до 310 млрд тенге.")
    assert find(fs, 26)["unit"] == "unit" and find(fs, 26)["measure"] == "count_participants"
    assert find(fs, 310_000_000_000, "KZT")["measure"] == "investment"


def test_money_put_into_production_is_investment_not_output():
    f = find(facts("Компания вложила в модернизацию производства 6,1 млрд тенге."), 6_100_000_000, "KZT")
    assert f["measure"] == "investment"
    f = find(facts("Холдинг направил на расширение производства 900 млн тенге собственных средств."), 900_000_000, "KZT")
    assert f["measure"] == "investment"
    # goods sold stay output value
    f = find(facts("За год предприятие реализовало продукции производства на 2,2 млрд тенге."), 2_200_000_000, "KZT")
    assert f["measure"] == "output_value"


@pytest.mark.parametrize("text, value", [
    ("Строительно-монтажные работы на объекте выполнены на 72%.", 72),
    ("Элеватордың құрылысы 80 пайызға орындалды.", 80),
])
def test_how_far_a_construction_is_done_is_a_share(text, value):
    assert find(facts(text), value, "%")["measure"] == "share_percent"


def test_growth_stays_growth():
    assert find(facts("Объем строительных работ вырос на 12%."), 12, "%")["measure"] == "growth_percent"


def test_a_dash_figure_does_not_count_the_place_noun():
    fs = facts("Число рабочих мест на заводе – 430, из них 90 – для выпускников колледжа.")
    assert find(fs, 430)["measure"] == "jobs" and find(fs, 430)["unit"] == "person"


@pytest.mark.parametrize("text, value", [
    ("Годовая выработка электроэнергии составит 180 млн кВт*ч.", 180_000),
    ("Станция будет вырабатывать 2,1 ГВт·ч в год.", 2_100),
])
def test_energy_written_with_a_star_or_in_gigawatt_hours(text, value):
    assert find(facts(text), value, "MWh")


def test_canning_industry_counts_conditional_cans():
    f = find(facts("Қостанайдағы консерві зауыты жылына 12 млн шартты банка өнім шығарады."), 12_000_000, "unit")
    assert f["measure"] == "capacity"
