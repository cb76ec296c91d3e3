"""/api/v1 projects, zones and organisations: list (filtered, facetted, paginated) and CRUD."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.orm import Session

from orken.db.models import Organisation, Zone
from orken.registry import changelog, others, projects, query
from orken.registry import zones as zone_catalogue
from orken.registry.query import ProjectFilter
from orken.registry.schemas import (
    OrganisationCreate,
    OrganisationUpdate,
    ProjectCreate,
    ProjectUpdate,
    ZoneCreate,
    ZoneUpdate,
)
from orken.registry.serialize import project_dict, project_summary
from orken.web import cache
from orken.web.api import zones as zones_api
from orken.web.deps import change_log_reader, get_actor, get_session, project_filter, split
from orken.web.params import Id, IdQuery
from orken.web.responses import json_response

router = APIRouter(prefix="/api/v1")
Limit = Query(50, ge=1, le=1000)


@router.get("/projects", tags=["projects"])
def list_projects(
    f: ProjectFilter = Depends(project_filter),
    sort: str = Query("id", description="id, name, year, investment, jobs, updated; '-' prefix for descending"),
    cursor: str | None = None,
    limit: int = Limit,
    facets: list[str] | None = Query(None, description=f"comma-separated: {', '.join(query.FACETS)}"),
    session: Session = Depends(get_session),
):
    names = query.facet_names(split(facets))  # checked before any work: unknown or too many is a 422
    items, total, next_cursor = query.page(session, f, sort, cursor, limit)
    body = {"items": [project_summary(p) for p in items], "total": total, "next": next_cursor}
    if names:
        body["facets"] = cache.facets(session, f, names)
    return json_response(body)


@router.post("/projects", status_code=201, tags=["projects"])
def create_project(data: ProjectCreate, session: Session = Depends(get_session), actor: str = Depends(get_actor)):
    return project_dict(projects.create(session, data, actor))


@router.get("/projects/{project_id}", tags=["projects"])
def get_project(project_id: Id, session: Session = Depends(get_session)):
    return project_dict(projects.get(session, project_id))


@router.patch("/projects/{project_id}", tags=["projects"])
def update_project(project_id: Id, data: ProjectUpdate, session: Session = Depends(get_session),
                   actor: str = Depends(get_actor)):
    return project_dict(projects.update(session, project_id, data, actor))


@router.delete("/projects/{project_id}", status_code=204, tags=["projects"])
def delete_project(project_id: Id, version: IdQuery = None, session: Session = Depends(get_session),
                   actor: str = Depends(get_actor)):
    projects.delete(session, project_id, actor, version)
    return Response(status_code=204)


@router.get("/projects/{project_id}/history", tags=["projects"], dependencies=[Depends(change_log_reader)])
def project_history(project_id: Id, session: Session = Depends(get_session)):
    projects.get(session, project_id)
    return {"items": [changelog.change_to_dict(c) for c in changelog.history(session, "project", project_id)]}


@router.get("/changes", tags=["changes"], dependencies=[Depends(change_log_reader)])
def list_changes(object_type: str | None = None, limit: int = Limit, session: Session = Depends(get_session)):
    return {"items": [changelog.change_to_dict(c) for c in changelog.history(session, object_type, limit=limit)]}


# --- zones -----------------------------------------------------------------------------------------


@router.get("/zones", tags=["zones"], responses={200: {"model": zones_api.ZoneList}})
def list_zones(zq=Depends(zones_api.zone_query), cursor: str | None = Query(None, pattern=r"^\d{1,9}$"),
               limit: int = Limit, session: Session = Depends(get_session)):
    """The zones catalogue: every zone the filters keep (free land, infrastructure, specialisation,
    incentives, kind, region), sorted; ``next`` is the cursor of the next page."""
    return json_response(zone_catalogue.catalogue_body(session, zq, int(cursor or 0), limit, full=True))


@router.post("/zones", status_code=201, tags=["zones"])
def create_zone(data: ZoneCreate, session: Session = Depends(get_session), actor: str = Depends(get_actor)):
    return others.zone_state(session, others.create_zone(session, data, actor))


@router.get("/zones/{zone_id}", tags=["zones"])
def get_zone(zone_id: Id, session: Session = Depends(get_session)):
    zone = others.get_zone(session, zone_id)
    body = others.zone_state(session, zone)
    participants, _, _ = query.page(session, ProjectFilter(zone=[zone_id]), "name", None, 1000)
    body["participants"] = [project_summary(p) for p in participants]
    from orken.monitoring import zone_kpis

    body["kpis"] = zone_kpis.kpis(session, zone)
    return body


@router.patch("/zones/{zone_id}", tags=["zones"])
def update_zone(zone_id: Id, data: ZoneUpdate, session: Session = Depends(get_session),
                actor: str = Depends(get_actor)):
    return others.zone_state(session, others.update_zone(session, zone_id, data, actor))


@router.delete("/zones/{zone_id}", status_code=204, tags=["zones"])
def delete_zone(zone_id: Id, version: IdQuery = None, session: Session = Depends(get_session),
                actor: str = Depends(get_actor)):
    others.delete_zone(session, zone_id, actor, version)
    return Response(status_code=204)


# --- organisations ------------------------------------------------------------------------------


@router.get("/organisations", tags=["organisations"])
def list_organisations(kind: list[str] | None = Query(None), q: str | None = None, cursor: str | None = None,
                       limit: int = Limit, session: Session = Depends(get_session)):
    conditions = query.organisation_conditions(split(kind), q)
    items, total, next_cursor = query.simple_page(session, Organisation, conditions, cursor, limit)
    return json_response({"items": [others.organisation_state(session, o) for o in items], "total": total,
                          "next": next_cursor})


@router.post("/organisations", status_code=201, tags=["organisations"])
def create_organisation(data: OrganisationCreate, session: Session = Depends(get_session),
                        actor: str = Depends(get_actor)):
    return others.organisation_state(session, others.create_organisation(session, data, actor))


@router.get("/organisations/{org_id}", tags=["organisations"])
def get_organisation(org_id: Id, session: Session = Depends(get_session)):
    return others.organisation_state(session, others.get_organisation(session, org_id))


@router.patch("/organisations/{org_id}", tags=["organisations"])
def update_organisation(org_id: Id, data: OrganisationUpdate, session: Session = Depends(get_session),
                        actor: str = Depends(get_actor)):
    return others.organisation_state(session, others.update_organisation(session, org_id, data, actor))


@router.delete("/organisations/{org_id}", status_code=204, tags=["organisations"])
def delete_organisation(org_id: Id, version: IdQuery = None, session: Session = Depends(get_session),
                        actor: str = Depends(get_actor)):
    others.delete_organisation(session, org_id, actor, version)
    return Response(status_code=204)

