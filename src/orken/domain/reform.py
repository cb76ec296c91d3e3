"""The 2022 administrative reform.

On 8 June 2022 three regions were formed: Abai (split off East Kazakhstan), Zhetysu (split off
Almaty region) and Ulytau (split off Karaganda region). A record dated before the reform that
names one of the parent regions may now belong to the new region; it is mapped to today's unit by
its district or its coordinates when either is known, and is flagged as ambiguous otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

REFORM_DATE = date(2022, 6, 8)

#: parent region (KATO) -> region formed from part of it on REFORM_DATE
SPLITS: dict[str, str] = {
    "630000000": "100000000",  # East Kazakhstan -> Abai
    "190000000": "330000000",  # Almaty region -> Zhetysu
    "350000000": "620000000",  # Karaganda -> Ulytau
}


@dataclass(frozen=True)
class Mapping:
    region: str
    district: str | None
    method: str  # "unchanged", "district", "coordinates", "ambiguous"

    @property
    def ambiguous(self) -> bool:
        return self.method == "ambiguous"


def map_to_current(
    region: str,
    on: date | None,
    *,
    district: str | None = None,
    point: tuple[float, float] | None = None,
    district_region: Callable[[str], str | None] = lambda code: None,
    locate: Callable[[float, float], tuple[str | None, str | None]] = lambda lat, lon: (None, None),
) -> Mapping:
    """Today's region (and district) for a record about ``region`` dated ``on``.

    ``district`` is a current district KATO code (or a name already resolved to one),
    ``district_region`` tells the region a district lies in today, and ``locate`` maps
    (lat, lon) to today's (region, district).
    """
    if region not in SPLITS or (on is not None and on >= REFORM_DATE):
        return Mapping(region, district, "unchanged")
    candidates = {region, SPLITS[region]}
    if district:
        current = district_region(district)
        if current in candidates:
            return Mapping(current, district, "district")
    if point:
        found_region, found_district = locate(*point)
        if found_region in candidates:
            return Mapping(found_region, found_district, "coordinates")
    return Mapping(region, district, "ambiguous")
