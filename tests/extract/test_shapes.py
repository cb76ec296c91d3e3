"""Number and sentence shapes of Kazakh (Cyrillic and Latin) and Russian news, one test per shape.

The sentences are written for these tests (invented plants and figures)."""
from decimal import Decimal

import pytest

from orken.extract.latin import detect_script, to_cyrillic, to_latin
from orken.extract.pipeline import extract_all
from tests.extract.helpers import PIPE, facts, find


@pytest.mark.parametrize("text, value, unit", [
    ("Өңірге 3 трлн 215 млрд теңге инвестиция тартылды.", 3_215_000_000_000, "KZT"),
    ("Зауыт 2 млн 750 мың тонна кен өңдеді.", 2_750_000, "t"),
    ("Объем инвестиций составил 12 млрд 40 млн тенге.", 12_040_000_000, "KZT"),
    ("Порт перевалил 3 млн 100 тыс. тонн грузов.", 3_100_000, "t"),
    ("Жобаға екі жарым миллиард теңге жұмсалды.", 2_500_000_000, "KZT"),
    ("Фабрика обойдется в полтора миллиарда тенге.", 1_500_000_000, "KZT"),
    ("Шаруашылық жарты миллион тонна астық жинады.", 500_000, "t"),
    ("Комбинатқа $2,4 млрд-қа жуық қаржы салынады.", 2_400_000_000, "USD"),
    ("Цех мөлшері 6,5 мың техника шығарды.", 6_500, "unit"),
])
def test_compound_scales_halves_and_signs(text, value, unit):
    find(facts(text), value, unit)


def test_compound_scale_is_one_figure_not_its_last_part():
    fs = facts("Салынған инвестиция 4 трлн 12 млрд теңгені құрады.")
    assert [f["value"] for f in fs if f["unit"] == "KZT"] == [4_012_000_000_000]


def test_spelled_numbers_with_case_and_qualifier():
    f = find(facts("Кәсіпорында сегіз мыңға тарта адам жұмыс істейді."), 8000, "person")
    assert f["qualifier"] == "about" and f["measure"] == "jobs"
    f = find(facts("Аймақта жүзге тарта кәсіпорын бар."), 100, "unit")
    assert f["measure"] == "count_enterprises" and f["qualifier"] == "about"


def test_possessive_counts_before_their_noun_and_anaphoric_counts():
    fs = facts("Облыста 23-і ірі, 47-сі орта кәсіпорын жұмыс істейді.")
    assert find(fs, 23)["measure"] == "count_enterprises" and find(fs, 47)["measure"] == "count_enterprises"
    fs = facts("Бағдарламаға 31 жоба енгізілді. Соның 12-сі биыл іске асырылады. Ал 5-і аяқталды.")
    assert find(fs, 12)["measure"] == "count_projects" and find(fs, 5)["measure"] == "count_projects"
    fs = facts("В парке зарегистрированы 64 участника, из них 40 уже работают.")
    assert find(fs, 40)["measure"] == "count_participants"


def test_a_change_gives_two_figures_a_range_gives_one():
    fs = facts("Резиденттер саны екі жылда 14-тен 52-ге дейін артты.")
    assert {f["value"] for f in fs if f["measure"] == "count_participants"} == {14, 52}
    fs = facts("Число резидентов выросло с 9 до 33.")
    assert {f["value"] for f in fs if f["measure"] == "count_participants"} == {9, 33}
    fs = facts("Орталықта 300-ден 450-ге дейін жұмыс орны ашылады.")
    f = find(fs, 300, "person")
    assert f["value_max"] == 450 and f["qualifier"] == "exact" and len([x for x in fs if x["unit"] == "person"]) == 1
    fs = facts("Площадь зоны расширена с 120 до 260 гектаров.")
    assert {f["value"] for f in fs if f["unit"] == "ha"} == {120, 260}


def test_to_after_a_verb_of_change_is_not_up_to():
    f = find(facts("Саланың үлесі 14 пайызға дейін өсті."), 14, "%")
    assert f["qualifier"] == "exact" and f["measure"] == "share_percent"
    f = find(facts("Доля импорта снизилась до 37%."), 37, "%")
    assert f["qualifier"] == "exact" and f["measure"] == "share_percent"


def test_elliptical_lists_take_the_unit_of_their_neighbour():
    fs = facts("Биыл 900, ал келесі жылы тағы 650 жұмыс орны құрылады.")
    assert find(fs, 900)["unit"] == "person" and find(fs, 650)["unit"] == "person"
    fs = facts("В 2025 году будет создано 1,2 тыс. рабочих мест, 2,6 тыс. – в 2026-м.")
    assert find(fs, 2600)["measure"] == "jobs"


def test_percent_grammar_sign_and_kind():
    assert find(facts("Өндіріс 4,1%-ға төмендеді."), -4.1)["measure"] == "growth_percent"
    assert find(facts("Выпуск оказался на 2,7% меньше."), -2.7)["measure"] == "growth_percent"
    assert find(facts("Выпуск вырос на 8%."), 8)["measure"] == "growth_percent"
    assert find(facts("Өнімнің 42%-ы экспортталды."), 42)["measure"] == "share_percent"


@pytest.mark.parametrize("text, value, measure", [
    ("Зауыт жылына 80 мың тонна құбыр шығарады.", 80_000, "capacity"),  # a rate: what it can make
    ("Зауыт биыл 36 мың тонна құбыр шығарды.", 36_000, "output_volume"),  # a past result
    ("Цех выпускает 12 тонн сыра в смену.", 12, "capacity"),
    ("За полгода комбинат произвел 4 млн кг мяса.", 4_000, "output_volume"),
    ("Элеватор 200 мың тонна астық сақтауға арналған.", 200_000, "capacity"),
])
def test_capacity_or_output_from_the_verb(text, value, measure):
    assert find(facts(text), value)["measure"] == measure


def test_construction_jobs_are_temporary_and_trained_people_are_not_jobs():
    assert find(facts("Құрылыс алаңында 730 жұмысшы еңбек етуде."), 730)["measure"] == "jobs_temporary"
    assert find(facts("На стройке будет занято до 900 рабочих."), 900)["measure"] == "jobs_temporary"
    assert find(facts("Зауыт уақытша тоқтатылды, онда 210 адам жұмыс істейтін еді."), 210)["measure"] == "jobs"
    assert find(facts("Курстарда 380 маман оқытудан өтті."), 380)["measure"] == "count_people"


def test_counted_buildings_past_adjectives():
    fs = facts("Аумақта 9 өндірістік ғимарат пен 2 қойма салынады.")
    assert find(fs, 9)["measure"] == "count_facilities" and find(fs, 2)["measure"] == "count_facilities"
    assert find(facts("Построены 4 производственных корпуса."), 4)["measure"] == "count_facilities"


def test_wages_phones_and_ages_are_not_facts():
    assert not facts("Орташа жалақы 380 мың теңге.")
    assert not [f for f in facts("Директор, 41-летний инженер, рассказал о заводе.") if f["value"] == 41]
    assert not [f for f in facts("Цехқа жұмысқа тұру үшін 8 (7172) 55-12-34 нөміріне хабарласыңыз.") if f["value"] == 8]


def test_status_from_the_verb_class():
    f = find(facts("В Жамбылской области стартовало строительство завода стоимостью 14 млрд тенге."), 14e9)
    assert f["status"] == "under_construction"
    f = find(facts("Тоқтап тұрған диірмен қайта іске қосылып, 70 адам жұмысқа оралды."), 70)
    assert f["status"] == "restoring"


def test_latin_scripts_are_detected_and_read():
    t21 = "Almaty oblysynda jaña zauyt ıske qosyldy, oğan 4 mlrd 200 mln teñge investisia salyndy."
    t18 = "Almaty oblysynda jańa zaýyt iske qosyldy, oǵan 4 mlrd 200 mln teńge ınvestısııa salyndy."
    tas = "Almaty oblysynda zhana zauyt iske qosyldy, ogan 4 mlrd 200 mln tenge investitsiya salyndy."
    assert [detect_script(t) for t in (t21, t18, tas)] == ["latn2021", "latn2018", "latn_ascii"]
    assert detect_script("The plant produced 4 million tonnes of steel in the region this year.") == "cyrl"
    for t in (t21, t18, tas):
        f = find(facts(t), 4_200_000_000, "KZT")
        assert t[f["span"][0]:f["span"][1]] == f["text"] and f["text"].startswith("4 mlrd")
        assert f["status"] == "launched" and f["location"] and f["location"]["kato"].startswith("19")


def test_latin_with_stray_cyrillic_letters():
    t = "Qostanai oblysynda jıl saiyn 30 myñ tonna un öndıretın dıirmen ашылды."
    f = find(facts(t), 30_000, "t")
    assert f["text"] == t[f["span"][0]:f["span"][1]]


def test_transliteration_keeps_offsets():
    src = "Şymkent qalasynda 120 jūmys orny aşyldy."
    cyr, starts, ends = to_cyrillic(src, "latn2021")
    assert cyr == "Шымкент қаласында 120 жұмыс орны ашылды."
    assert len(starts) == len(ends) == len(cyr)
    assert all(0 <= a < b <= len(src) for a, b in zip(starts, ends))
    assert to_latin("Шымкент қаласында", "latn2021") == "Şymkent qalasynda"
    assert to_latin("Шымкент қаласында", "latn2018") == "Shymkent qalasynda"


def test_values_are_exact_decimals_from_their_text():
    f = find(facts("Жобаның құны 1 трлн 7 млрд теңге."), 1_007_000_000_000)
    assert Decimal(str(f["value"])) == Decimal("1007000000000")
    f = find(facts("Инвестиция 0,3 млрд теңге."), 300_000_000)
    assert Decimal(str(f["value"])) == Decimal("300000000")


def test_relative_year_resolved_against_the_document_date():
    out = extract_all("Ақтөбе облысында цемент зауыты салынып жатыр. Кәсіпорын келесі жылдың мамырында "
                      "іске қосылады.", "auto", "t", date="2025-04-01")
    assert out["records"] and out["records"][0]["launch_planned"] == "2026-05"


def test_dash_introduced_figure_takes_the_noun_before_the_dash():
    fs = facts("Құны – 6 млрд теңге, жұмыс орындарының саны – 180.")
    assert find(fs, 180)["measure"] == "jobs"
    fs = facts("Стоимость – 3 млрд тенге, число рабочих мест – 95.")
    assert find(fs, 95)["measure"] == "jobs"


def test_an_anaphoric_count_never_takes_a_money_unit():
    fs = facts("Реализуются 52 инвестпроекта стоимостью 900 млрд тенге, из которых 20 завершат в этом году.")
    assert find(fs, 20)["measure"] == "count_projects"


def test_relative_years_of_facts():
    fs = facts("Былтыр өңірге 70 млрд теңге инвестиция тартылды.", "2025-03-01")
    assert find(fs, 70e9)["year"] == 2024
    fs = facts("В текущем году будет создано 400 рабочих мест.", "2025-03-01")
    assert find(fs, 400)["year"] == 2025


def test_people_past_an_adjective_and_employed_residents_are_jobs():
    f = find(facts("На фабрике трудоустроено 215 местных жителей."), 215, "person")
    assert f["measure"] == "jobs"


def test_exceeded_is_more_than():
    assert find(facts("Вложения превысили 7 млрд тенге."), 7e9)["qualifier"] == "more_than"
    assert find(facts("Өнім көлемі 9 млрд теңгеден асты."), 9e9)["qualifier"] == "more_than"


def test_annual_words_and_dash_introduced_rates_are_capacity():
    f = find(facts("Мощность – 30 МВт, ежегодная выработка – 75 млн кВт·ч."), 75_000, "MWh")
    assert f["measure"] == "capacity" and f["period"] == "year"
    f = find(facts("Ожидается, что годовой объем выпуска составит 90 тыс. тонн."), 90_000, "t")
    assert f["measure"] == "capacity"


@pytest.mark.parametrize("sentence, status", [
    ("Кәсіпорын жұмысын бастады.", "launched"), ("Мұнда жаңа цех салынбақ.", "planned"),
    ("Диірмен келесі жылы іске қосылмақ.", "planned"), ("Цехта жабдықтар орнатылуда.", "under_construction"),
    ("Завод начал работу в апреле.", "launched"), ("Комбинат заработает в 2028 году.", "planned"),
    ("Объект сдан в эксплуатацию.", "launched"), ("Заложен фундамент нового цеха.", "under_construction"),
    ("Идет монтаж оборудования.", "under_construction"), ("Работа фабрики возобновлена.", "restoring"),
    ("Құрылыс тоқтап қалды.", "suspended"), ("Ведутся строительно-монтажные работы.", "under_construction"),
])
def test_status_verb_classes(sentence, status):
    from orken.extract.context import status_of
    doc = PIPE(sentence, "auto")
    assert status_of(doc, 0) == status


def test_more_than_before_a_preposition_and_abbreviated_scale_before_a_counted_noun():
    assert find(facts("Выпуск вырос более чем на 15%."), 15)["qualifier"] == "more_than"
    f = find(facts("Мощность фермы – 250 тыс. голов скота."), 250_000, "unit")
    assert f["measure"] == "capacity"


def test_created_jobs_are_launched_and_future_investment_is_planned():
    assert find(facts("Создано 90 рабочих мест."), 90)["status"] == "launched"
    assert find(facts("Инвестор вложит 4 млрд тенге."), 4e9)["status"] == "planned"


def test_a_change_between_two_measured_figures():
    fs = facts("Зауыттың қуаты жылына 40 мың тоннадан 65 мың тоннаға дейін ұлғаяды.")
    got = sorted((f["value"], f["qualifier"], f.get("value_max")) for f in fs if f["unit"] == "t")
    assert got == [(40000, "exact", None), (65000, "exact", None)]


def test_elliptical_list_with_years_and_voiced_stem():
    fs = facts("Елде 2017 жылы – 130 мың, ал 2023 жылы 175 мың жүк көлігі шығарылды.")
    a, b = find(fs, 130_000, "unit"), find(fs, 175_000, "unit")
    assert (a["measure"], a["year"], b["measure"], b["year"]) == ("output_volume", 2017, "output_volume", 2023)


def test_a_comparative_after_a_dative_percent_is_not_a_qualifier():
    f = find(facts("Бұл былтырғыдан 5,5%-ға артық."), 5.5, "%")
    assert f["qualifier"] == "exact" and f["measure"] == "growth_percent"


@pytest.mark.parametrize("sentence, status", [
    ("ТОО «Altyn Tas» запустило новый цех.", "launched"), ("Фабрика приостановила работу.", "suspended"),
])
def test_russian_active_past_verbs(sentence, status):
    from orken.extract.context import status_of
    assert status_of(PIPE(sentence, "auto"), 0) == status
