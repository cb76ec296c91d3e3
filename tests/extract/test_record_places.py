"""A project record's region and district or city (sentences written for these tests)."""
import pytest

from orken.extract.pipeline import extract_all


def place(text):
    rs = extract_all(text, "auto", "t", date="2026-06-01")["records"]
    assert rs, text
    return rs[0]["region"], rs[0]["district_or_city"]


@pytest.mark.parametrize("text, region, city", [
    # every town of the official classifier, in kk, ru and Latin kk
    ("В Шемонаихе открылся цех.", "East Kazakhstan", "Шемонаиха"),
    ("Жаңатаста кірпіш зауыты ашылды.", "Zhambyl", "Жаңатас"),
    ("Jañatasta kırpış zauyty aşyldy, onda 80 jūmys orny qūryldy.", "Zhambyl", "Jañatas"),
    # a town named like a district of a city of republican status: the noun after it decides
    ("Қаратау қаласында кірпіш зауыты ашылды.", "Zhambyl", "Қаратау қаласы"),
    ("Шымкенттің Қаратау ауданында кірпіш зауыты ашылды.", "Shymkent (city)", "Қаратау ауданы"),
    # a short Russian name in -ей in its case forms ("в Семее")
    ("В Семее открылся молочный завод.", "Abay", "Семей"),
    # the name as the text spells it (ы/и, the Russian or Kazakh form of a town's name)
    ("В Ордабасинском районе открылся хлебозавод.", "Turkestan", "Ордабасинский район"),
    ("Степногорск қаласында күкірт қышқылы зауыты салынады.", "Akmola", "Степногорск қаласы"),
    ("Талдықорған қаласында консерві зауыты ашылды.", "Zhetysu", "Талдықорған қаласы"),
])
def test_record_place(text, region, city):
    assert place(text) == (region, city)


def test_a_surname_is_no_short_place_name():
    rs = extract_all("Директор Семенов сообщил, что в Таразе открыт кирпичный завод.", "auto", "t")["records"]
    assert rs and rs[0]["region"] == "Zhambyl"
