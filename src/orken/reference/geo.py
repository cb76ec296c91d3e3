"""Administrative boundaries shipped with Orken, and point-in-polygon lookup.

The boundaries (geokz, CC BY 4.0; see data/geo/SOURCE.md) are simplified copies of the shared
GeoJSON. Names are cleaned of the source's known quirks on reading.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

ATTRIBUTION = "Boundaries: geokz by Alexander Rodionov (CC BY 4.0), derived from OCHA COD-AB Kazakhstan (HDX)."
CITIES = {"710000000", "750000000", "790000000"}  # Astana, Almaty, Shymkent
#: districts whose Russian name is not an adjective (named after people or places)
PERSON_NAMED_DISTRICTS = {
    "114500000", "274400000", "315000000", "396400000", "554800000",
    "555200000", "593600000", "595600000", "596600000", "613600000",
}
_LATIN_I_IN_CYRILLIC = re.compile(r"(?<=[\u0400-\u04ff])i|i(?=[\u0400-\u04ff])")


def fix_kazakh(name: str) -> str:
    """Latin 'i' typed for Kazakh 'і' (e.g. 'Солтүстiк')."""
    return _LATIN_I_IN_CYRILLIC.sub("і", name)


def fix_russian(name: str) -> str:
    name = name.replace("Чимкент", "Шымкент")
    return re.sub(r"(ск|цк)ийский\b", r"\1ий", name)  # 'Енбекшинскийский' -> 'Енбекшинский'


@dataclass(frozen=True)
class Unit:
    kato: str
    level: int
    parent: str | None
    kind: str
    name_kk: str
    name_ru: str
    name_en: str
    geometry: BaseGeometry

    @property
    def geojson(self) -> dict:
        from shapely.geometry import mapping

        return mapping(self.geometry)


def _read(name: str) -> list[dict]:
    return json.loads(files("orken.reference").joinpath("data", "geo", name).read_text("utf-8"))["features"]


def _clean_city(name: str) -> str:
    return re.sub(r"\s*\((қала|city|город)\)", "", name)


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    """All first- and second-level units by KATO code."""
    result: dict[str, Unit] = {}
    for f in _read("adm1.geojson"):
        p = f["properties"]
        kato = p["KATO"]
        result[kato] = Unit(
            kato, 1, None, "city" if kato in CITIES else "region",
            fix_kazakh(_clean_city(p["ADM1_KK"])), fix_russian(_clean_city(p["ADM1_RU"])),
            _clean_city(p["ADM1_EN"]), shape(f["geometry"]),
        )
    for f in _read("adm2.geojson"):
        p = f["properties"]
        kato, parent = p["KATO"], p["KATO"][:2] + "0000000"
        if parent in CITIES:
            kind = "city_district"
        elif p["ADM2_RU"].endswith(("ий", "ый", "ой")) or kato in PERSON_NAMED_DISTRICTS:
            kind = "district"
        else:
            kind = "city"
        result[kato] = Unit(
            kato, 2, parent, kind, fix_kazakh(p["ADM2_KK"]), fix_russian(p["ADM2_RU"]), p["ADM2_EN"],
            shape(f["geometry"]),
        )
    return result


@lru_cache(maxsize=1)
def _index() -> tuple[STRtree, list[Unit]]:
    districts = [u for u in units().values() if u.level == 2]
    return STRtree([u.geometry for u in districts]), districts


def locate(lat: float, lon: float) -> tuple[str | None, str | None]:
    """(region KATO, district KATO) containing the point, or (None, None) outside Kazakhstan."""
    tree, districts = _index()
    point = Point(lon, lat)
    for i in tree.query(point, predicate="intersects"):
        unit = districts[int(i)]
        return unit.parent, unit.kato
    # a point on a simplified coastline or border may fall just outside: nearest within ~2 km
    i = tree.nearest(point)
    if i is not None and districts[int(i)].geometry.distance(point) < 0.02:
        unit = districts[int(i)]
        return unit.parent, unit.kato
    return None, None


def district_region(kato: str) -> str | None:
    unit = units().get(kato)
    return unit.parent if unit and unit.level == 2 else None
