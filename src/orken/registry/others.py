"""Zones and organisations: create, update, delete, with validation and the change log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Organisation, OrganisationPartner, Source, Zone, ZoneInfrastructure, ZoneTarget
from orken.registry import changelog, location
from orken.errors import InvalidInput, NotFound
from orken.registry.projects import check_version, make_sources, refuse_if_granted, search_text, source_errors
from orken.registry.schemas import OrganisationCreate, OrganisationUpdate, ZoneCreate, ZoneUpdate
from orken.registry.serialize import organisation_dict, zone_dict


def sources_of(session: Session, **owner) -> list[Source]:
    (field, value), = owner.items()
    return list(session.scalars(select(Source).where(getattr(Source, field) == value).order_by(Source.id)))


def _set_sources(session: Session, items, **owner) -> None:
    for old in sources_of(session, **owner):
        session.delete(old)
    session.add_all(make_sources(items or [], **owner))


def _unique_external_id(session: Session, model, external_id: str | None, own_id: int | None) -> list[dict]:
    if not external_id:
        return []
    found = session.scalar(select(model.id).where(model.external_id == external_id))
    if found is not None and found != own_id:
        return [{"field": "external_id", "message": f"external id {external_id!r} is taken"}]
    return []


# --- organisations --------------------------------------------------------------------------------


def get_organisation(session: Session, org_id: int) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound(f"there is no organisation {org_id}")
    return org


def organisation_state(session: Session, org: Organisation) -> dict:
    return organisation_dict(org, sources_of(session, organisation_id=org.id))


def _save_organisation(session: Session, org: Organisation, data, actor: str, action: str) -> Organisation:
    given = data.model_fields_set
    errors = _unique_external_id(session, Organisation, data.external_id, org.id)
    if data.bin:
        other = session.scalar(select(Organisation.id).where(Organisation.bin == data.bin))
        if other is not None and other != org.id:
            errors.append({"field": "bin", "message": f"organisation {other} already has BIN {data.bin}"})
    for i, p in enumerate(data.partners or []):
        if session.get(Organisation, p.organisation_id) is None or p.organisation_id == org.id:
            errors.append({"field": f"partners.{i}.organisation_id", "message": "not another existing organisation"})
    errors += source_errors(session, data.sources)
    if errors:
        raise InvalidInput(errors)
    before = organisation_state(session, org) if org.id else None
    if data.name is not None:
        org.name_kk, org.name_ru, org.name_en = data.name.kk, data.name.ru, data.name.en
    if data.kind is not None:
        org.kind = data.kind
    for field in ("external_id", "country", "bin"):
        if field in given:
            setattr(org, field, getattr(data, field))
    session.add(org)
    session.flush()
    if "partners" in given:
        org.partners = [OrganisationPartner(organisation_id=org.id, partner_id=p.organisation_id,
                                            share_percent=p.share_percent) for p in data.partners or []]
    if "sources" in given:
        _set_sources(session, data.sources, organisation_id=org.id)
    org.search_text = search_text(org.name_kk, org.name_ru, org.name_en, org.bin, org.external_id)
    if action == "update":
        org.version += 1
    session.flush()
    session.refresh(org)
    after = organisation_state(session, org)
    if changelog.diff(before, after):
        changelog.record(session, actor, action, "organisation", org.id, org.name("ru"), before, after)
    return org


def create_organisation(session: Session, data: OrganisationCreate, actor: str) -> Organisation:
    return _save_organisation(session, Organisation(is_sample=data.is_sample), data, actor, "create")


def update_organisation(session: Session, org_id: int, data: OrganisationUpdate, actor: str) -> Organisation:
    org = get_organisation(session, org_id)
    check_version(org, data.version, lambda o: organisation_state(session, o))
    return _save_organisation(session, org, data, actor, "update")


def delete_organisation(session: Session, org_id: int, actor: str, version: int | None = None) -> None:
    org = get_organisation(session, org_id)
    check_version(org, version, lambda o: organisation_state(session, o))
    refuse_if_granted(session, "organisation", org_id, organisation_id=org_id)
    before = organisation_state(session, org)
    session.delete(org)
    session.flush()
    changelog.record(session, actor, "delete", "organisation", org_id, org.name("ru"), before, None)


# --- zones ------------------------------------------------------------------------------------------


def get_zone(session: Session, zone_id: int) -> Zone:
    zone = session.get(Zone, zone_id)
    if zone is None:
        raise NotFound(f"there is no zone {zone_id}")
    return zone


def zone_state(session: Session, zone: Zone) -> dict:
    return zone_dict(zone, sources_of(session, zone_id=zone.id))


#: the catalogue's plain fields (0011_zones), set as given
ZONE_CATALOGUE_FIELDS = ("established_year", "valid_until_year", "specialisation", "specialisation_oked",
                         "incentives", "management_contact", "participants_count", "projects_count",
                         "reported_investment_kzt", "reported_jobs", "as_of")


def _save_zone(session: Session, zone: Zone, data, actor: str, action: str) -> Zone:
    given = data.model_fields_set
    errors = _unique_external_id(session, Zone, data.external_id, zone.id)
    if data.management_company_id is not None and session.get(Organisation, data.management_company_id) is None:
        errors.append({"field": "management_company_id",
                       "message": f"there is no organisation {data.management_company_id}"})
    errors += source_errors(session, data.sources)
    if errors:
        raise InvalidInput(errors)
    before = zone_state(session, zone) if zone.id else None
    if data.name is not None:
        zone.name_kk, zone.name_ru, zone.name_en = data.name.kk, data.name.ru, data.name.en
    if data.kind is not None:
        zone.kind = data.kind
    for field in ("external_id", "area_ha", "free_area_ha", "lat", "lon", "boundary", "established",
                  "management_company_id", "description", *ZONE_CATALOGUE_FIELDS):
        if field in given:
            setattr(zone, field, getattr(data, field))
    if "established" in given and zone.established is not None and "established_year" not in given:
        zone.established_year = zone.established.year
    if zone.area_ha is not None and zone.free_area_ha is not None and zone.free_area_ha > zone.area_ha:
        raise InvalidInput.one("free_area_ha", "the free area cannot exceed the zone's area")
    if given & {"region_kato", "district_kato", "lat", "lon"} or zone.region_kato is None:
        region = data.region_kato if "region_kato" in given else zone.region_kato
        district = data.district_kato if "district_kato" in given else zone.district_kato
        zone.region_kato, zone.district_kato = location.resolve(session, region, district, zone.lat, zone.lon)
    if "infrastructure" in given:
        zone.infrastructure = [ZoneInfrastructure(**i.model_dump()) for i in data.infrastructure or []]
    if "targets" in given:
        years = [t.year for t in data.targets or []]
        if len(years) != len(set(years)):
            raise InvalidInput.one("targets", "one target per year")
        zone.targets = [ZoneTarget(**t.model_dump()) for t in data.targets or []]
    zone.search_text = search_text(zone.name_kk, zone.name_ru, zone.name_en, zone.external_id,
                                   *(zone.specialisation or []))
    if action == "update":
        zone.version += 1
    session.add(zone)
    session.flush()
    if "sources" in given:
        _set_sources(session, data.sources, zone_id=zone.id)
        session.flush()
    session.refresh(zone)
    after = zone_state(session, zone)
    if changelog.diff(before, after):
        changelog.record(session, actor, action, "zone", zone.id, zone.name("ru"), before, after)
    return zone


def create_zone(session: Session, data: ZoneCreate, actor: str) -> Zone:
    return _save_zone(session, Zone(is_sample=data.is_sample), data, actor, "create")


def update_zone(session: Session, zone_id: int, data: ZoneUpdate, actor: str) -> Zone:
    zone = get_zone(session, zone_id)
    check_version(zone, data.version, lambda z: zone_state(session, z))
    return _save_zone(session, zone, data, actor, "update")


def delete_zone(session: Session, zone_id: int, actor: str, version: int | None = None) -> None:
    zone = get_zone(session, zone_id)
    check_version(zone, version, lambda z: zone_state(session, z))
    before = zone_state(session, zone)
    session.delete(zone)
    session.flush()
    changelog.record(session, actor, "delete", "zone", zone_id, zone.name("ru"), before, None)
