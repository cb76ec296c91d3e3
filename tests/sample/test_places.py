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
    ("Turkestan", "Tulkubas district", "Sastobe", "district", "616000000"),
    ("Almaty Region", "Kapshagay (now Konaev)", None, "settlement", "191000000"),  # renamed city
    ("West Kazakhstan", "Zelenov district", None, "district", "274400000"),  # renamed district
    ("Almaty", "Turksib district", None, "district", "751910000"),
    ("Туркестанская область", "Сайрамский район", None, "district", "615200000"),
    ("Aktobe", "Aktobe", "near 41st razezd (Aktobe)", "district", "151000000"),  # a place near the city
    ("Turkestan", "Sauran district", None, "region", None),              # not in the boundaries: region only
    ("Mangystau", None, "Kuryk", "region", None),
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
