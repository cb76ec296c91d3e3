from datetime import date

import pytest

from orken.domain import kato
from orken.domain.reform import map_to_current
from orken.reference import geo


def test_kato_codes():
    assert kato.region_of("352200000") == "350000000"
    assert kato.is_region("350000000") and not kato.is_region("352200000")
    with pytest.raises(ValueError):
        kato.normalise("3522")


def test_twenty_regions_and_224_districts_with_clean_names():
    units = geo.units()
    assert sum(u.level == 1 for u in units.values()) == 20
    assert sum(u.level == 2 for u in units.values()) == 224
    assert units["590000000"].name_kk == "Солтүстік Қазақстан"  # Kazakh і, not Latin i
    assert units["790000000"].name_ru == "Шымкент"
    assert all("i" not in u.name_kk for u in units.values())


@pytest.mark.parametrize("lat,lon,region,district", [
    (49.80, 73.10, "350000000", "351000000"),  # Karaganda city
    (43.24, 76.89, "750000000", None),  # Almaty city
    (50.41, 80.25, "100000000", "101000000"),  # Semey, Abai region
    (45.01, 78.37, "330000000", None),  # Ushtobe, Zhetysu region
])
def test_point_in_polygon(lat, lon, region, district):
    found_region, found_district = geo.locate(lat, lon)
    assert found_region == region
    if district:
        assert found_district == district
    assert geo.locate(55.75, 37.62) == (None, None)  # Moscow


def test_record_before_the_reform_maps_by_district_or_coordinates():
    def kwargs():
        return {"district_region": geo.district_region, "locate": geo.locate}

    # Semey was in East Kazakhstan in 2019; today it is in Abai region
    m = map_to_current("630000000", date(2019, 5, 1), district="101000000", **kwargs())
    assert (m.region, m.method) == ("100000000", "district")
    # Ushtobe (Karatal district) was in Almaty region; by coordinates it is now Zhetysu
    m = map_to_current("190000000", date(2018, 1, 1), point=(45.25, 77.98), **kwargs())
    assert (m.region, m.method) == ("330000000", "coordinates")
    # no district, no coordinates: kept, and flagged
    m = map_to_current("350000000", date(2020, 1, 1), **kwargs())
    assert m.ambiguous and m.region == "350000000"
    # after the reform, or a region that was not split: unchanged
    assert map_to_current("350000000", date(2023, 1, 1), **kwargs()).method == "unchanged"
    assert map_to_current("550000000", date(2010, 1, 1), **kwargs()).method == "unchanged"
