"""The page routes. Each page: one loader from ``views``, rendered by ``render.page`` (HTML or JSON)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from orken.errors import NotFound
from orken.registry.query import ProjectFilter
from orken.web.deps import get_session, project_filter
from orken.web.pages import views
from orken.web.pages.render import page
from orken.web.params import Id

router = APIRouter(include_in_schema=False)


def _not_found(request: Request, exc: NotFound):
    from orken.web.errors import page_not_found

    return page_not_found(request)


def _new(session: Session, request: Request, kind: str) -> str | None:
    """The link to a new object's form, for whoever may create one."""
    from orken.registry.entities import ENTITIES
    from orken.web.pages.objects import may

    entity = ENTITIES[kind]
    return f"{entity.path}/new" if may(session, getattr(request.state, "principal", None), entity) else None


def _actions(session: Session, request: Request, kind: str, ident: int) -> dict:
    """The object page's Edit / Delete / History links its reader may use (``pages.objects``)."""
    from orken.registry.entities import ENTITIES
    from orken.web.pages.objects import buttons

    entity = ENTITIES[kind]
    return buttons(session, request, entity, session.get(entity.model, ident))


@router.get("/")
@router.get("/map.json")
def map_page(request: Request, f: ProjectFilter = Depends(project_filter),
             metric: str = Query("investment_planned"), estimates: bool = Query(False),
             session: Session = Depends(get_session)):
    return page(request, "map.html", views.map_view(session, f, metric, estimates))


@router.get("/projects.{fmt}")
def projects_download(fmt: str, request: Request, f: ProjectFilter = Depends(project_filter),
                      sort: str = "-investment", cursor: str | None = None, limit: int = Query(50, ge=1, le=1000),
                      session: Session = Depends(get_session)):
    """``/projects.json`` is the list page's data; CSV, XLSX and GeoJSON of the selection are the
    export module's (``orken.io``, /api/v1/export), with the same filters and the page's language."""
    if fmt == "json":
        return page(request, "projects.html", views.projects_view(session, f, sort, cursor, limit))
    if fmt not in ("csv", "xlsx", "geojson"):
        raise NotFound(f"no download as {fmt!r}; use csv, xlsx or geojson")
    return RedirectResponse(export_url(request, fmt), status_code=307)


def export_url(request: Request, fmt: str) -> str:
    from orken.web.pages.i18n import choose
    from orken.web.pages.render import url_with

    return url_with(request, f"/api/v1/export/projects.{fmt}", drop=("cursor", "sort", "limit"), lang=choose(request))


def briefing_links(request: Request, scope: str) -> dict[str, str]:
    """The briefing of a region (its KATO) or of the country (``national``), as PDF and XLSX, in the page's language."""
    from urllib.parse import urlencode

    from orken.web.pages.i18n import choose

    query = urlencode({"lang": choose(request)})
    return {fmt: f"/api/v1/briefings/{scope}.{fmt}?{query}" for fmt in ("pdf", "xlsx")}


@router.get("/projects")
def projects_page(request: Request, f: ProjectFilter = Depends(project_filter), sort: str = "-investment",
                  cursor: str | None = None, limit: int = Query(50, ge=1, le=1000),
                  session: Session = Depends(get_session)):
    return page(request, "projects.html", {**views.projects_view(session, f, sort, cursor, limit),
                                           "new": _new(session, request, "project")})


@router.get("/projects/{project_id}")
@router.get("/projects/{project_id}.json")  # registered first: it must match before the plain path
def project_page(project_id: Id, request: Request, session: Session = Depends(get_session)):
    try:
        data = views.project_view(session, project_id)
        return page(request, "project.html", {**data, "actions": _actions(session, request, "project", project_id)})
    except NotFound as exc:
        return _not_found(request, exc)


@router.get("/zones/{zone_id}")
@router.get("/zones/{zone_id}.json")
def zone_page(zone_id: Id, request: Request, f: ProjectFilter = Depends(project_filter),
              session: Session = Depends(get_session)):
    try:
        data = views.zone_view(session, f, zone_id)
        return page(request, "zone.html", {**data, "actions": _actions(session, request, "zone", zone_id)})
    except NotFound as exc:
        return _not_found(request, exc)


@router.get("/regions/{kato}")
@router.get("/regions/{kato}.json")
def region_page(kato: str, request: Request, f: ProjectFilter = Depends(project_filter),
                session: Session = Depends(get_session)):
    try:
        return page(request, "region.html", {**views.region_view(session, f, kato),
                                             "briefings": briefing_links(request, kato)})
    except NotFound as exc:
        return _not_found(request, exc)


@router.get("/dashboard.json")
@router.get("/dashboard")
def dashboard_page(request: Request, f: ProjectFilter = Depends(project_filter), estimates: bool = Query(False),
                   session: Session = Depends(get_session)):
    return page(request, "dashboard.html", {**views.dashboard_view(session, f, estimates),
                                            "briefings": briefing_links(request, "national")})


@router.get("/map")
def map_alias(request: Request):
    return RedirectResponse("/" + (f"?{request.url.query}" if request.url.query else ""), status_code=307)
