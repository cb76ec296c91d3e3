"""The import page (/import): upload a spreadsheet, see its problems by row and column, confirm.

It renders inside the site's ``base.html`` through ``orken.web.pages.render.page`` and does its work
with the same functions as the API (``orken.web.api.io.preview_upload`` / ``confirm_job``), so the
file is validated, kept as an import job and written through the registry or monitoring services
under the signed-in user's permissions. Forms carry the session's CSRF token. Problems are written
in the page's language (kk, ru or en).
"""

from __future__ import annotations

import secrets

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from orken.auth.policy import Principal
from orken.auth.service import Forbidden
from orken.io.messages import words
from orken.web.deps import get_principal, get_session

router = APIRouter(include_in_schema=False)
ENTITY_WORDS = {"projects": "Projects", "zones": "Zones", "reports": "Monitoring reports"}
SHOWN_PROBLEMS = 500


def _lang(request: Request) -> str:
    from orken.web.pages import i18n

    return i18n.choose(request)


def _render(request: Request, principal: Principal, data: dict, status: int = 200):
    from orken.web.pages.render import page

    return page(request, "io/import.html", {"page": "import", **data}, status, t=words(_lang(request)),
                csrf_token=principal.csrf or "", entities=ENTITY_WORDS, principal=principal)


def _gate(request: Request, principal: Principal):
    if not principal.signed_in:
        return RedirectResponse(f"/auth/login?next={request.url.path}", status_code=303)
    return None


def _check_form(principal: Principal, form) -> None:
    """A cookie session must send the form's CSRF token (API tokens are not sent by browsers by themselves)."""
    if principal.via == "session":
        if not secrets.compare_digest(str(form.get("csrf_token", "")), principal.csrf or ""):
            raise Forbidden("the form has expired (CSRF check failed); reload the page")
        principal.extra["csrf_ok"] = True


@router.get("/import")
def form(request: Request, principal: Principal = Depends(get_principal)):
    redirect = _gate(request, principal)
    if redirect:
        return redirect
    return _render(request, principal, {"step": "upload", "entity": request.query_params.get("entity", "projects")})


@router.post("/import")
async def upload(request: Request, session: Session = Depends(get_session),
                 principal: Principal = Depends(get_principal)):
    from orken.web.api.io import MAX_UPLOAD, preview_upload

    redirect = _gate(request, principal)
    if redirect:
        return redirect
    form = await request.form()
    _check_form(principal, form)
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
    return _render(request, principal, _view("preview", job))


@router.post("/import/{token}/confirm")
async def confirm(token: str, request: Request, session: Session = Depends(get_session),
                  principal: Principal = Depends(get_principal)):
    from orken.web.api.io import confirm_job

    redirect = _gate(request, principal)
    if redirect:
        return redirect
    form = await request.form()
    _check_form(principal, form)
    # in a worker thread: a confirmation may wait for another one of the same import to finish
    job = await anyio.to_thread.run_sync(confirm_job, request, session, token, bool(form.get("all_or_nothing")),
                                         bool(form.get("submit")), _lang(request), principal.audit_name, principal)
    return _render(request, principal, _view("done", job))


def _view(step: str, job) -> dict:
    report = dict(job.report or {})
    problems = report.get("problems") or []
    report["problems"] = problems[:SHOWN_PROBLEMS]
    return {"step": step, "token": job.token, "entity": job.entity, "file": job.filename, "status": job.status,
            "report": report, "hidden_problems": max(0, len(problems) - SHOWN_PROBLEMS)}
