"""The import page (/import): upload a spreadsheet, see its problems by row and column, confirm.

It renders inside the site's ``base.html`` through ``orken.web.pages.render.page`` and does its work
with the same functions as the API (``orken.web.api.io.preview_upload`` / ``confirm_job``), so the
file is validated, kept as an import job and written through the registry or monitoring services
under the signed-in user's permissions. Forms carry the session's CSRF token. Problems are written
in the page's language (kk, ru or en).
"""

from __future__ import annotations

from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth.policy import Principal, Role
from orken.errors import Forbidden
from orken.i18n import N_
from orken.web.deps import dry_run_read, form_csrf, get_session, signed_in

router = APIRouter(include_in_schema=False)
ENTITY_WORDS = {"projects": N_("Projects"), "zones": N_("Zones"), "reports": N_("Monitoring reports")}
SHOWN_PROBLEMS = 500
#: the label of each field a column can map to (English msgids of the interface catalogs)
FIELD_TEXT = {
    "external_id": N_("External id"),
    "name": N_("Name"),
    "name_kk": N_("Name in Kazakh"),
    "name_ru": N_("Name in Russian"),
    "name_en": N_("Name in English"),
    "description": N_("Description"),
    "region": N_("Region"),
    "district": N_("District or city"),
    "settlement": N_("Settlement"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "zone": N_("Zone"),
    "oked": N_("Sector (OKED)"),
    "programmes": N_("Programmes"),
    "map_level": N_("Map level"),
    "project_type": N_("Project type"),
    "status": N_("Status"),
    "investment_planned": N_("Investment, plan"),
    "investment_actual": N_("Investment, actual"),
    "currency": N_("Currency"),
    "jobs_permanent_planned": N_("Permanent jobs, plan"),
    "jobs_permanent_actual": N_("Permanent jobs, actual"),
    "jobs_construction_planned": N_("Construction jobs, plan"),
    "jobs_construction_actual": N_("Construction jobs, actual"),
    "launch_planned": N_("Launch, plan"),
    "launch_actual": N_("Launch, actual"),
    "curator": N_("Curator"),
    "investor": N_("Investor or initiator"),
    "investor_bin": N_("BIN of the investor"),
    "note": N_("Note"),
    "source_url": N_("Source"),
    "row_number": N_("Row number (ignored)"),
    "kind": N_("Kind of zone"),
    "area_ha": N_("Area, ha"),
    "free_area_ha": N_("Free area, ha"),
    "established": N_("Established"),
    "project": N_("Project"),
    "period": N_("Reporting quarter"),
    "year": N_("Year"),
    "investment_period_kzt": N_("Investment in the quarter"),
    "investment_to_date_kzt": N_("Investment to date"),
    "jobs_permanent": N_("Permanent jobs"),
    "jobs_temporary": N_("Temporary jobs"),
    "output_value_kzt": N_("Output"),
    "output_volume": N_("Output volume"),
    "output_unit": N_("Unit of output"),
    "capacity_utilisation": N_("Capacity utilisation"),
    "exports_kzt": N_("Exports"),
    "support_received_kzt": N_("State support received"),
    "problems": N_("Problems"),
    "needs": N_("What is needed"),
}


def _lang(request: Request) -> str:
    from orken.web.pages import i18n

    return i18n.choose(request)


def _render(request: Request, principal: Principal, data: dict, status: int = 200):
    from orken.web.pages.render import page

    return page(request, "io/import.html", {"page": "import", **data}, status,
                csrf_token=principal.csrf or "", entities=ENTITY_WORDS, principal=principal, fields=FIELD_TEXT,
                unit_name=lambda names: _pick(names, _lang(request)))


def _pick(names: dict | None, lang: str) -> str:
    if not names:
        return ""
    return names.get(lang) or names.get("ru") or names.get("kk") or names.get("en") or ""


#: the import page is for signed-in users (what each may import: ``orken.web.api.io.require_importer``);
#: its forms take the one CSRF rule (``web.deps.form_csrf``: API tokens may post them too)
member = signed_in(page=True, who="the import")


@router.get("/import")
def form(request: Request, principal: Principal = Depends(member)):
    return _render(request, principal, {"step": "upload", "entity": request.query_params.get("entity", "projects")})


@router.post("/import")
async def upload(request: Request, session: Session = Depends(get_session),
                 principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    from orken.web.api.io import MAX_UPLOAD, preview_upload

    form = await request.form()
    entity = str(form.get("entity") or "projects")
    upload = form.get("file")
    if entity not in ENTITY_WORDS or upload is None or not hasattr(upload, "read"):
        return _render(request, principal, {"step": "upload", "entity": entity, "error": "upload"}, 422)
    content = await upload.read(MAX_UPLOAD + 1)
    try:
        job = preview_upload(request, session, entity, upload.filename or "upload.xlsx", content,
                             str(form.get("sheet") or "").strip() or None, _lang(request), principal.audit_name,
                             principal)
    except HTTPException as exc:
        return _render(request, principal, {"step": "upload", "entity": entity, "error": str(exc.detail)},
                       exc.status_code)
    except Forbidden as exc:  # no role that imports this kind of record
        return _render(request, principal, {"step": "upload", "entity": entity, "error": str(exc)}, 403)
    return _render(request, principal, _view("preview", job))


@router.post("/import/{token}/confirm")
async def confirm(token: str, request: Request, session: Session = Depends(get_session),
                  principal: Principal = Depends(member), _csrf=Depends(form_csrf)):
    from orken.web.api.io import confirm_job

    form = await request.form()
    # in a worker thread: a confirmation may wait for another one of the same import to finish
    job = await anyio.to_thread.run_sync(confirm_job, request, session, token, bool(form.get("all_or_nothing")),
                                         bool(form.get("submit")), _lang(request), principal.audit_name, principal)
    return _render(request, principal, _view("done", job))


@router.get("/import/{token}/rejected.csv")
def rejected_rows(token: str, request: Request, session: Session = Depends(get_session),
                  principal: Principal = Depends(member), _dry_run=Depends(dry_run_read)):
    """The rejected rows of an upload as a CSV: every original column under its original header (both
    rows of a two-row header joined) and the reasons, in the page's language. The file is checked
    again for this, under the user's permissions, exactly as the preview was."""
    import tempfile
    from pathlib import Path

    from fastapi.responses import Response

    from orken.io.importer import ImportError_, run_import
    from orken.io.models import ImportJob

    job = session.scalar(select(ImportJob).where(ImportJob.token == token))
    owner = (job.actor or "").split(" import:", 1)[0] if job else None
    if job is None or job.content is None or (owner != principal.audit_name and not principal.has_role(Role.ADMINISTRATOR)):
        raise HTTPException(404, "no such import")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(job.filename).suffix.lower()}"
        path.write_bytes(job.content)
        out = Path(tmp) / "rejected.csv"
        try:
            run_import(request.app.state.engine, job.entity, path, sheet=job.sheet, dry_run=True,
                       lang=_lang(request), actor=job.actor, rejected_path=out, principal=principal)
        except ImportError_ as exc:
            raise HTTPException(422, str(exc)) from None
        body = out.read_bytes() if out.exists() else "row,errors\n".encode("utf-8-sig")
    name = Path(job.filename).stem + ".rejected.csv"
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


def _view(step: str, job) -> dict:
    report = dict(job.report or {})
    problems = report.get("problems") or []
    report["problems"] = problems[:SHOWN_PROBLEMS]
    return {"step": step, "token": job.token, "entity": job.entity, "file": job.filename, "status": job.status,
            "report": report, "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS)}
