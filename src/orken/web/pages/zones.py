"""The zones catalogue (/zones) and the site matcher (/zones/match): pages with a JSON twin.

The filters and the need are the API's (``orken.web.api.zones``), so a page's URL and the API call
with the same query answer the same selection. The reasons of a match are codes (``orken.domain.sites``);
they are put into words here, in the page's language.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from orken.db.models import AdminUnit, Sector
from orken.domain import codes, sites
from orken.registry import zones as catalogue
from orken.errors import NotFound
from orken.registry.serialize import names
from orken.web.api.zones import need_query, zone_query
from orken.web.deps import get_session
from orken.web.pages import i18n
from orken.web.pages.render import page

router = APIRouter(include_in_schema=False)
KINDS = codes.ZONE_KINDS.codes
INCENTIVES = ("sez_regime", "iz_regime", *sites.INCENTIVES)
STATE_TEXT = codes.INFRA_STATES.labels()


def _options(session: Session) -> dict:
    regions = [{"kato": kato, "name": name} for kato, name in _region_names(session).items()]
    sectors = [{"code": s.code, "level": s.level, "name": names(s)} for s in session.scalars(
        select(Sector).order_by(Sector.code))]
    return {"regions": regions, "sectors": sectors, "kinds": list(KINDS), "infrastructure": list(sites.INFRA_KINDS),
            "incentives": list(INCENTIVES), "sorts": list(sites.SORTS)}


def _positions(session: Session, items: list[dict]) -> None:
    """Each zone's map point: its own, else its district's (else region's) centre, marked approximate."""
    keys = {c for z in items for c in (z["region_kato"], z["district_kato"]) if c}
    centres = {k: (lat, lon) for k, lat, lon in session.execute(
        select(AdminUnit.kato, AdminUnit.lat, AdminUnit.lon).where(AdminUnit.kato.in_(keys)))}
    for z in items:
        z["approximate"] = z["lat"] is None
        if z["lat"] is None:
            z["lat"], z["lon"] = next((centres[c] for c in (z["district_kato"], z["region_kato"])
                                       if c in centres and centres[c][0] is not None), (None, None))


def _points(items: list[dict]) -> list[dict]:
    return [{"id": z["id"], "name": z["name"], "lat": z["lat"], "lon": z["lon"], "kind": z["kind"],
             "approximate": z["approximate"]} for z in items if z.get("lat") is not None]


def _region_names(session: Session) -> dict:
    """First-level units' names (only the name columns: a unit row also holds its boundary)."""
    rows = session.execute(select(AdminUnit.kato, AdminUnit.name_kk, AdminUnit.name_ru, AdminUnit.name_en)
                           .where(AdminUnit.level == 1).order_by(AdminUnit.kato))
    return {kato: {"kk": kk, "ru": ru, "en": en} for kato, kk, ru, en in rows}


def catalogue_view(session: Session, zq: catalogue.ZoneQuery) -> dict:
    body = catalogue.catalogue_body(session, zq)
    _positions(session, body["items"])
    return {"page": "zones", **body, "points": _points(body["items"]), "options": _options(session),
            "region_names": _region_names(session)}


def match_view(session: Session, need: sites.Need, lang: str) -> dict:
    body = catalogue.match_body(session, need)
    _positions(session, [m["zone"] for m in body["items"]])
    gettext = i18n.translator(lang)
    for m in body["items"]:
        for key in ("fits", "missing"):
            for r in m[key]:
                r["text"] = reason_text(r, gettext)
    return {"page": "zones-match", **body, "points": _points([m["zone"] for m in body["items"]]),
            "options": _options(session), "region_names": _region_names(session)}


def reason_text(r: dict, _) -> str:
    """One reason of a match in words ('Gas: planned for 2027', 'only 40 ha free, 100 ha needed')."""
    from orken.web.pages.render import CODE_TEXT

    need, verdict, state = r["need"], r["verdict"], r.get("state")
    if need == "land":
        if r.get("detail") == "free_unknown":
            return _("Free land not reported; the zone is %(have)s ha") % {"have": r["have"]}
        if r.get("detail") == "area_below":
            return _("The whole zone is %(have)s ha, %(need)s ha needed") % {"have": r["have"], "need": r["need_value"]}
        if verdict == "fit":
            return _("%(have)s ha free, %(need)s ha needed") % {"have": r["have"], "need": r["need_value"]}
        if verdict == "miss":
            return _("Only %(have)s ha free, %(need)s ha needed") % {"have": r["have"], "need": r["need_value"]}
        return _("Land: not reported")
    if need == "sector":
        return {"fit": _("The specialisation includes the sector"),
                "partial": _("The specialisation includes the sector's section"),
                "miss": _("Another specialisation"),
                "unknown": _("Specialisation not reported")}[verdict]
    what = _(CODE_TEXT.get(need, need))
    if state is None:
        return _("%(what)s: not reported") % {"what": what}
    text = f"{what}: {_(STATE_TEXT.get(state, state))}"
    if r.get("year") and state in ("planned", "under_construction"):
        text = _("%(what)s: %(state)s, due %(year)s") % {"what": what, "state": _(STATE_TEXT[state]), "year": r["year"]}
    if need == "power" and r.get("have"):
        text += f" ({r['have']} {_('MW')})"
    if r.get("detail") == "capacity_unknown":
        text += "; " + _("capacity not reported")
    elif r.get("detail") == "capacity_below":
        text += "; " + _("%(need)s MW needed") % {"need": r["need_value"]}
    return text


@router.get("/zones")
@router.get("/zones.json")
def zones_page(request: Request, zq: catalogue.ZoneQuery = Depends(zone_query), session: Session = Depends(get_session)):
    from orken.web.pages.routes import _new

    return page(request, "zones.html", {**catalogue_view(session, zq), "new": _new(session, request, "zone")})


@router.get("/zones.{fmt}")
def zones_download(fmt: str, request: Request, zq: catalogue.ZoneQuery = Depends(zone_query),
                   session: Session = Depends(get_session)):
    """The catalogue's selection as CSV or XLSX (the export module's columns and neutralisation)."""
    import tempfile
    from pathlib import Path

    from orken.io import export_tabular

    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"no download as {fmt!r}; use csv or xlsx")
    records = catalogue.catalogue_body(session, zq, full=True)["items"]
    handle, name = tempfile.mkstemp(suffix=f".{fmt}", prefix="orken-zones-")
    import os

    os.close(handle)
    path = Path(name)
    export_tabular.write_zones(records, path, fmt, i18n.choose(request))
    media = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[fmt]
    return FileResponse(path, media_type=media, filename=f"orken-zones.{fmt}",
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)))


@router.get("/zones/match")
@router.get("/zones/match.json")
def match_page(request: Request, need: sites.Need = Depends(need_query), session: Session = Depends(get_session)):
    return page(request, "zones_match.html", match_view(session, need, i18n.choose(request)))

