"""The shipped KATO classifier: codes, names in kk/ru with and without type words, levels, parents,
look-alike letters, suggestions, regions named in titles, and the 2022 reform."""

from __future__ import annotations

from importlib.resources import files

import pytest

from orken.reference import kato


def test_the_classifier_is_shipped_whole_with_its_licence_and_source():
    data = files("orken.reference").joinpath("data", "kato")
    assert "MIT" in data.joinpath("LICENSE").read_text("utf-8")
    assert "stat.gov.kz" in data.joinpath("SOURCE.md").read_text("utf-8")
    units = kato.units()
    assert len(units) == 15594
    levels = {level: sum(u.level == level for u in units.values()) for level in kato.LEVELS}
    assert levels["region"] == 20 and levels["settlement"] == 12986
    assert levels["rural_okrug"] > 2000 and levels["district"] > 150 and levels["city"] > 50


def test_lookup_by_code_with_parents_and_levels():
    karaganda = kato.get("350000000")
    assert karaganda.level == "region" and karaganda.name_kk == "Қарағанды облысы" and karaganda.parent is None
    temirtau = kato.get("352400000")
    assert (temirtau.level, temirtau.parent, temirtau.region, temirtau.label_ru) == (
        "city", "350000000", "350000000", "Темиртау")
    okrug = kato.get("103230000")
    assert (okrug.level, okrug.parent, okrug.district, okrug.region) == ("rural_okrug", "103200000", "103200000",
                                                                         "100000000")
    village = kato.get("103230100")
    assert (village.level, village.parent, village.district) == ("settlement", "103230000", "103200000")
    assert kato.get("999999999") is None
    assert kato.get("750000000").is_city and not karaganda.is_city


@pytest.mark.parametrize("name", ["Абайский район", "Абай ауданы", "абайский р-н", "АБАЙ АУДАНЫ", "Абайский"])
def test_a_district_name_in_any_form_finds_every_unit_of_that_name(name):
    found = kato.find(name, level="district")
    assert {u.code for u in found} >= {"353200000", "103200000"}  # Karaganda's and Abai region's
    inside = kato.find(name, level="district", within="350000000")
    assert [u.code for u in inside] == ["353200000"]


@pytest.mark.parametrize("name, code", [
    ("г. Темиртау", "352400000"), ("Теміртау қаласы", "352400000"), ("Карагандинская область", "350000000"),
    ("Қарағанды облысы", "350000000"), ("Карагандинской области", "350000000"), ("г.Алматы", "750000000"),
    ("Алматы қаласы", "750000000"), ("Карааульский сельский округ", "103230000"), ("Қараауыл а.о.", "103230000"),
    ("Нуринский район", "355200000"), ("Нұра ауданы", "355200000"),
])
def test_names_with_and_without_type_words(name, code):
    assert kato.find(name)[0].code == code


def test_latin_look_alikes_are_read_as_cyrillic_and_the_reverse():
    assert kato.fix_script("Карагандa") == "Караганда"  # a Latin "a"
    assert kato.fix_script("Kарагандинская oбласть") == "Карагандинская область"
    assert kato.fix_script("Kаraganda") == "Karaganda"  # a Cyrillic "а" in a Latin word
    assert kato.fix_script("ТОО Steel") == "ТОО Steel"
    assert kato.find("Карагандa", level=("city", "region"))[0].code == "351000000"


def test_suggestions_for_a_name_that_is_not_there():
    assert kato.find("Карагинда") == []
    assert "351000000" in {u.code for u in kato.suggest("Карагинда")}
    assert [u.code for u in kato.suggest("Нуринскй район", level="district", within="350000000")][:1] == ["355200000"]


def test_regions_named_in_a_title():
    assert [u.code for u in kato.region_in_text(
        "Перечень проектов Карты индустриализации (Карагандинской области) на 01.01.2025")] == ["350000000"]
    assert [u.code for u in kato.region_in_text("Қарағанды облысының жобалары")] == ["350000000"]
    assert [u.code for u in kato.region_in_text("Проекты Восточно-Казахстанской обл. и г. Астаны")] == [
        "630000000", "710000000"]
    assert kato.region_in_text("Мониторинг проектов за III квартал 2024 года") == []


@pytest.mark.parametrize("name, new, old", [
    ("Жезказган", "620000000", "350000000"), ("Сатпаев", "620000000", "350000000"),
    ("Семей", "100000000", "630000000"), ("Талдыкорган", "330000000", "190000000"),
])
def test_the_2022_reform(name, new, old):
    unit = kato.find(name, level="city")[0]
    move = kato.moved(unit.code)
    assert (move.new_region, move.old_region) == (new, old)
    assert kato.region_before_reform(unit.code) == old
    assert "2022" in move.note("ru") and "2022" in move.note("en")
    assert kato.moved("352400000") is None  # Temirtau stayed in Karaganda region
