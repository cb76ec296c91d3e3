"""Resolving where a record is: region, district and coordinates checked against each other."""

from __future__ import annotations

from sqlalchemy.orm import Session

from orken.db import identity
from orken.db.models import AdminUnit
from orken.reference import geo
from orken.errors import InvalidInput
from orken.i18n import N_


def resolve(
    session: Session, region: str | None, district: str | None, lat: float | None, lon: float | None
) -> tuple[str, str | None]:
    """Return (region KATO, district KATO), deriving what is missing; raise on contradictions."""
    errors = []
    if (lat is None) != (lon is None):
        errors.append({"field": "lat" if lat is None else "lon", "message": "give both lat and lon, or neither",
                       "msgid": N_("Give both latitude and longitude, or neither.")})
    if district:
        unit = identity.get(session, AdminUnit, district)
        if unit is None or unit.level != 2:
            errors.append({"field": "district_kato", "message": f"{district} is not a district KATO code",
                           "msgid": N_("Choose a region or a district from the list.")})
        elif region and unit.parent_kato != region:
            errors.append({"field": "district_kato",
                           "message": f"district {district} ({unit.name_ru}) is not in region {region}",
                           "msgid": N_("This district is not in the chosen region.")})
        else:
            region = unit.parent_kato
    if region:
        unit = identity.get(session, AdminUnit, region)
        if unit is None or unit.level != 1:
            errors.append({"field": "region_kato", "message": f"{region} is not a region KATO code",
                           "msgid": N_("Choose a region or a district from the list.")})
    if not errors and not region and lat is not None and lon is not None:
        region, found = geo.locate(lat, lon)
        district = district or found
        if region is None:
            errors.append({"field": "lat", "message": "the coordinates are outside Kazakhstan",
                           "msgid": N_("The coordinates are outside Kazakhstan.")})
    if not errors and not region:
        errors.append({"field": "region_kato", "message": "give a region, a district or coordinates",
                       "msgid": N_("Choose a region or a district, or give coordinates.")})
    if errors:
        raise InvalidInput(errors)
    return region, district
