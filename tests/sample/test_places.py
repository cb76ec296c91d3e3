"""Reported place names resolve to the deepest unit known, with the precision reached (no database)."""

import pytest

from orken.reference import places


@pytest.mark.parametrize("region, district, settlement, precision, district_kato", [
    ("Pavlodar", "Ekibastuz", None, "settlement", "552200000"),          # a city of regional significance
    ("Павлодарская область", "г. Экибастуз", None, "settlement", "552200000"),
    ("Astana", "Astana", None, "settlement", None),                      # a city of republican significance
    ("Shymkent", None, None, "settlement", None),
    ("Kostanay", "Kostanay district", None, "district", "395400000"),    # not the city of the same name
    ("Kostanay", "Kostanay", None, "settlement", "391000000"),
    ("Akmola", "Yereymentau district", None, "district", "114600000"),   # spelling variants
    ("Turkestan", "Tulkubas district", "Sastobe", "settlement", "616000000"),  # a KATO settlement
    ("Almaty Region", "Kapshagay (now Konaev)", None, "settlement", "191000000"),  # renamed city
    ("West Kazakhstan", "Zelenov district", None, "district", "274400000"),  # renamed district
    ("Almaty", "Turksib district", None, "district", "751910000"),
    ("Туркестанская область", "Сайрамский район", None, "district", "615200000"),
    ("Aktobe", "Aktobe", "near 41st razezd (Aktobe)", "district", "151000000"),  # a place near the city
    ("Turkestan", "Sauran district", None, "region", None),              # not in the boundaries: region only
    ("Mangystau", None, "Kuryk", "settlement", "474200000"),             # KATO gives its district
    ("Mangystau", None, "Tengiz field", "region", None),                 # not a settlement anywhere
    ("Almaty Region", None, None, "region", None),
])
def test_precision_at_each_level(region, district, settlement, precision, district_kato):
    place = places.resolve(region, district, settlement)
    assert place.precision == precision
    assert place.district_kato == district_kato
    assert place.region_kato == places.region_code(region)
    if precision == "region" and (district or settlement):
        assert place.unresolved  # what could not be placed is kept as reported


def test_point_precision_from_coordinates():
    place = places.resolve("Karaganda", None, None, lat=49.8, lon=73.1)
    assert place.precision == "point" and place.region_kato == "350000000" and place.district_kato


def test_region_names_and_unknown_regions():
    assert places.region_code("Almaty Region") == "190000000"
    assert places.region_code("Almaty") == "750000000"
    assert places.region_code("Jetisu") == places.region_code("Жетісу облысы") == "330000000"
    assert places.resolve("Atlantis", "x").precision is None


def test_settlement_hook_is_used_when_given(monkeypatch):
    monkeypatch.setattr(places, "settlement_lookup", lambda r, d, name: ("616000000", 42.5, 70.3))
    place = places.resolve("Turkestan", "Tulkubas district", "Sastobe")
    assert place.precision == "settlement" and place.method == "settlement_lookup" and place.lat == 42.5


@pytest.mark.parametrize("region, district, settlement, precision, district_kato", [
    ("Karaganda", "Bukhar-Zhyrau district", "Ushtobe", "settlement", "354000000"),
    ("Karaganda", None, "Үштөбе", "settlement", "354000000"),         # Kazakh spelling, district from KATO
    ("Карагандинская область", None, "с. Уштобе", "settlement", "354000000"),  # Russian, with its type word
    ("Ulytau", None, "Zhairem", "settlement", "621800000"),             # a region formed in 2022
    ("Kostanay", "Beimbet Mailin district", "Tobyl", "settlement", "396400000"),  # Тобол there, not Тобыл
    ("Jambyl", "Moiynkum district", "Khantau / Mirny", "settlement", "315600000"),  # two names of one place
    ("Abai", None, "Aktogay", "region", None),                          # two districts have one: ambiguous
    ("Abai", "Ayagoz district", "Aktogay", "settlement", "103600000"),  # the district decides
    ("Almaty Region", "Zhambyl district", "Karasu rural district", "district", "194200000"),  # an okrug
    ("Atyrau", "Makat district", "near Eskene", "district", "235200000"),  # near a place: its district
    ("Mangystau", "Tupkaragan district", "Atash, Bautino", "district", "475200000"),  # several places
    ("Jetisu", "Eskeldi district", "Balpyk bi", "district", "333600000"),  # KATO puts it in another district
])
def test_settlements_resolve_through_kato(region, district, settlement, precision, district_kato):
    place = places.resolve(region, district, settlement)
    assert (place.precision, place.district_kato, place.region_kato) == (precision, district_kato,
                                                                          places.region_code(region))
    assert place.settlement == settlement  # the name as reported is kept
    if precision == "settlement":
        assert place.method == "settlement_lookup" and not place.unresolved
    else:
        assert place.unresolved and settlement in place.unresolved


@pytest.mark.parametrize("region, settlement", [
    ("Karaganda", "Lepsy"),        # a settlement of Jetisu region
    ("Almaty Region", "Lepsy"),    # Jetisu's since 2022: the record's region is the only one searched
    ("Mangystau", "Zhairem"),      # Ulytau's
])
def test_a_settlement_is_found_in_its_own_region_only(region, settlement):
    place = places.resolve(region, None, settlement)
    assert place.precision == "region" and place.district_kato is None and place.unresolved == settlement
    assert places.kato_settlement(places.region_code(region), None, settlement) is None
