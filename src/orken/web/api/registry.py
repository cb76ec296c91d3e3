"""/api/v1 projects, zones and organisations: list (filtered, facetted, paginated) and CRUD."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from orken.auth import service
from orken.auth.policy import Principal
from orken.db.models import Organisation
from orken.registry import changelog, contacts, others, outputs, projects, query
from orken.registry import zones as zone_catalogue
from orken.registry.query import ProjectFilter
from orken.registry.serialize import project_summary
from orken.web import cache
from orken.web.api import zones as zones_api
from orken.web.api.crud import crud_routes
from orken.web.deps import change_log_reader, get_principal, get_session, project_filter, split
from orken.web.params import Id, IdList
from orken.web.responses import json_response

router = APIRouter(prefix="/api/v1")
Limit = Query(50, ge=1, le=1000)


@router.get("/projects", tags=["projects"], responses={200: {"model": outputs.ProjectPage}})
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


crud_routes(router, projects.PROJECT)


@router.get("/projects/{project_id}/history", tags=["projects"], dependencies=[Depends(change_log_reader)],
            responses={200: {"model": outputs.ChangeList}})
def project_history(project_id: Id, session: Session = Depends(get_session)):
    projects.get(session, project_id)
    return {"items": [changelog.change_to_dict(c) for c in changelog.history(session, "project", project_id)]}


@router.get("/changes", tags=["changes"], dependencies=[Depends(change_log_reader)],
            responses={200: {"model": outputs.ChangeList}})
def list_changes(object_type: str | None = None, limit: int = Limit, session: Session = Depends(get_session),
                 principal: Principal = Depends(get_principal)):
    # the accounts' entries (who holds which role) are for those who manage the accounts
    hidden = () if principal.can_manage_users() else (service.LOGGED_AS,)
    return {"items": [changelog.change_to_dict(c) for c in changelog.history(session, object_type, limit=limit,
                                                                             without=hidden)]}


# --- zones -----------------------------------------------------------------------------------------


@router.get("/zones", tags=["zones"], responses={200: {"model": zones_api.ZoneList}})
def list_zones(zq=Depends(zones_api.zone_query), cursor: str | None = Query(None, pattern=r"^\d{1,9}$"),
               limit: int = Limit, session: Session = Depends(get_session)):
    """The zones catalogue: every zone the filters keep (free land, infrastructure, specialisation,
    incentives, kind, region), sorted; ``next`` is the cursor of the next page."""
    return json_response(zone_catalogue.catalogue_body(session, zq, int(cursor or 0), limit, full=True))


crud_routes(router, others.ZONE, read=False)


@router.get("/zones/{zone_id}", tags=["zones"], responses={200: {"model": outputs.ZoneDetail}})
def get_zone(zone_id: Id, session: Session = Depends(get_session)):
    zone = others.get_zone(session, zone_id)
    body = others.zone_state(session, zone)
    participants, _, _ = query.page(session, ProjectFilter(zone=[zone_id]), "name", None, 1000)
    body["participants"] = [project_summary(p) for p in participants]
    from orken.monitoring import zone_kpis

    body["kpis"] = zone_kpis.kpis(session, zone)
    return body


# --- organisations ------------------------------------------------------------------------------


@router.get("/organisations", tags=["organisations"], responses={200: {"model": outputs.OrganisationPage}})
def list_organisations(kind: list[str] | None = Query(None), q: str | None = None, cursor: str | None = None,
                       limit: int = Limit, session: Session = Depends(get_session)):
    conditions = query.organisation_conditions(split(kind), q)
    items, total, next_cursor = query.simple_page(session, Organisation, conditions, cursor, limit)
    return json_response({"items": [others.organisation_state(session, o) for o in items], "total": total,
                          "next": next_cursor})


crud_routes(router, others.ORGANISATION)


# --- contacts (of a zone's management company) --------------------------------------------------


@router.get("/contacts", tags=["contacts"], responses={200: {"model": contacts.ContactPage}})
def list_contacts(zone: IdList = Query(None, description="zone ids"), session: Session = Depends(get_session)):
    items = [contacts.contact_dict(c) for c in contacts.listing(session, zone)]
    return {"items": items, "total": len(items), "next": None}


crud_routes(router, contacts.CONTACT)
