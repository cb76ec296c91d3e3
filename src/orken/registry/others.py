"""Zones and organisations: create, update, delete, with validation and the change log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Organisation, OrganisationPartner, Source, Zone, ZoneInfrastructure, ZoneTarget
from orken.auth.rules import ORGANISATION, ZONE
from orken.errors import InvalidInput
from orken.i18n import N_
from orken.registry import entities, location
from orken.registry.outputs import OrganisationOut, ZoneOut
from orken.registry.projects import make_sources, refuse_if_granted, search_text, source_errors
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
        return [{"field": "external_id", "message": f"external id {external_id!r} is taken",
                 "msgid": N_("This external identifier is already used.")}]
    return []


# --- organisations --------------------------------------------------------------------------------


def get_organisation(session: Session, org_id: int) -> Organisation:
    return entities.get(session, ORGANISATION, org_id)


def organisation_state(session: Session, org: Organisation) -> dict:
    return organisation_dict(org, sources_of(session, organisation_id=org.id))


def _write_organisation(session: Session, org: Organisation | None, data) -> Organisation:
    """The organisation's part of the one write path (``orken.registry.entities``): check and copy."""
    org = org if org is not None else Organisation(is_sample=data.is_sample)
    given = data.model_fields_set
    errors = _unique_external_id(session, Organisation, data.external_id, org.id)
    if data.bin:
        other = session.scalar(select(Organisation.id).where(Organisation.bin == data.bin))
        if other is not None and other != org.id:
            errors.append({"field": "bin", "message": f"organisation {other} already has BIN {data.bin}",
                           "msgid": N_("Another organisation has this BIN.")})
    for i, p in enumerate(data.partners or []):
        if session.get(Organisation, p.organisation_id) is None or p.organisation_id == org.id:
            errors.append({"field": f"partners.{i}.organisation_id", "message": "not another existing organisation",
                           "msgid": N_("Choose another organisation.")})
    errors += source_errors(session, data.sources)
    if errors:
        raise InvalidInput(errors)
    if data.name is not None:
        org.name_kk, org.name_ru, org.name_en = data.name.kk, data.name.ru, data.name.en
    if data.kind is not None:
        org.kind = data.kind
    for field in ("external_id", "country", "bin"):
        if field in given:
            setattr(org, field, getattr(data, field))
    session.add(org)
    if org.id is None:
        session.flush()  # the new organisation's id, for its partners and sources
    if "partners" in given:
        org.partners = [OrganisationPartner(organisation_id=org.id, partner_id=p.organisation_id,
                                            share_percent=p.share_percent) for p in data.partners or []]
    if "sources" in given:
        _set_sources(session, data.sources, organisation_id=org.id)
    org.search_text = search_text(org.name_kk, org.name_ru, org.name_en, org.bin, org.external_id)
    return org


def _refuse_granted(session: Session, org: Organisation) -> None:
    refuse_if_granted(session, "organisation", org.id, organisation_id=org.id)


ORGANISATION = entities.Entity(
    name="organisation", model=Organisation, create_in=OrganisationCreate, update_in=OrganisationUpdate,
    out=OrganisationOut, state=lambda session, o, principal=None: organisation_state(session, o),
    label=lambda o: o.name("ru"), write=_write_organisation, path="/organisations", id_param="org_id",
    policy=ORGANISATION, label_msgid="Organisation", plural_msgid="Organisations",
    filters=("kind", "q"), before_delete=_refuse_granted, refresh=True,
)


def create_organisation(session: Session, data: OrganisationCreate, actor: str, principal=None) -> Organisation:
    return entities.create(session, ORGANISATION, data, actor, principal)


def update_organisation(session: Session, org_id: int, data: OrganisationUpdate, actor: str,
                        principal=None) -> Organisation:
    return entities.update(session, ORGANISATION, org_id, data, actor, principal)


def delete_organisation(session: Session, org_id: int, actor: str, version: int | None = None,
                        principal=None) -> None:
    entities.delete(session, ORGANISATION, org_id, actor, version, principal)


# --- zones ------------------------------------------------------------------------------------------


def get_zone(session: Session, zone_id: int) -> Zone:
    return entities.get(session, ZONE, zone_id)


def zone_state(session: Session, zone: Zone) -> dict:
    return zone_dict(zone, sources_of(session, zone_id=zone.id))


#: the catalogue's plain fields (0011_zones), set as given
ZONE_CATALOGUE_FIELDS = ("established_year", "valid_until_year", "specialisation", "specialisation_oked",
                         "incentives", "management_contact", "participants_count", "projects_count",
                         "reported_investment_kzt", "reported_jobs", "as_of")


def _write_zone(session: Session, zone: Zone | None, data) -> Zone:
    """The zone's part of the one write path (``orken.registry.entities``): check and copy."""
    zone = zone if zone is not None else Zone(is_sample=data.is_sample)
    given = data.model_fields_set
    errors = _unique_external_id(session, Zone, data.external_id, zone.id)
    if data.management_company_id is not None and session.get(Organisation, data.management_company_id) is None:
        errors.append({"field": "management_company_id",
                       "message": f"there is no organisation {data.management_company_id}",
                       "msgid": N_("This record does not exist.")})
    errors += source_errors(session, data.sources)
    if errors:
        raise InvalidInput(errors)
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
        raise InvalidInput.one("free_area_ha", "the free area cannot exceed the zone's area",
                               N_("The free area cannot exceed the zone's area."))
    if given & {"region_kato", "district_kato", "lat", "lon"} or zone.region_kato is None:
        region = data.region_kato if "region_kato" in given else zone.region_kato
        district = data.district_kato if "district_kato" in given else zone.district_kato
        zone.region_kato, zone.district_kato = location.resolve(session, region, district, zone.lat, zone.lon)
    if "infrastructure" in given:
        zone.infrastructure = [ZoneInfrastructure(**i.model_dump()) for i in data.infrastructure or []]
    if "targets" in given:
        years = [t.year for t in data.targets or []]
        if len(years) != len(set(years)):
            raise InvalidInput.one("targets", "one target per year", N_("One target per year."))
        zone.targets = [ZoneTarget(**t.model_dump()) for t in data.targets or []]
    zone.search_text = search_text(zone.name_kk, zone.name_ru, zone.name_en, zone.external_id,
                                   *(zone.specialisation or []))
    session.add(zone)
    if zone.id is None:
        session.flush()  # the new zone's id, for its sources
    if "sources" in given:
        _set_sources(session, data.sources, zone_id=zone.id)
    return zone


ZONE = entities.Entity(
    name="zone", model=Zone, create_in=ZoneCreate, update_in=ZoneUpdate, out=ZoneOut,
    state=lambda session, z, principal=None: zone_state(session, z),
    label=lambda z: z.name("ru"), write=_write_zone, path="/zones", id_param="zone_id",
    policy=ZONE, label_msgid="Zone", plural_msgid="Zones", refresh=True,
    filters=("region", "kind", "q", "free_area", "area", "has", "has_planned", "power_mw", "sector", "incentive",
             "participants", "sort"), dependents=(("contact", "zone_id"),),
)


def create_zone(session: Session, data: ZoneCreate, actor: str, principal=None) -> Zone:
    return entities.create(session, ZONE, data, actor, principal)


def update_zone(session: Session, zone_id: int, data: ZoneUpdate, actor: str, principal=None) -> Zone:
    return entities.update(session, ZONE, zone_id, data, actor, principal)


def delete_zone(session: Session, zone_id: int, actor: str, version: int | None = None, principal=None) -> None:
    entities.delete(session, ZONE, zone_id, actor, version, principal)
