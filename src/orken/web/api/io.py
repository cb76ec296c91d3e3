"""/api/v1 data in and out: spreadsheet upload with preview and confirmation, export downloads,
briefings. Thin over ``orken.io``; imports write through the registry services like the CLI.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from orken.auth.policy import PROJECT_EDITORS, REPORT_AUTHORS, ZONE_EDITORS
from orken.errors import Forbidden, Unauthorized
from orken.db.engine import read_only
from orken.io import export_geojson, export_tabular, oc4ids
from orken.io.importer import ENTITIES, DiskFull, ImportError_, run_import
from orken.io.messages import t
from orken.io.models import ImportJob
from orken.registry.query import ProjectFilter
from orken.web import cache, filecache
from orken.web.deps import get_actor, get_principal, get_session, project_filter
from orken.web.params import Day
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1", tags=["import and export"])
MAX_UPLOAD = 50 * 1024 * 1024
SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv"}
MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "geojson": "application/geo+json", "oc4ids.json": "application/json", "pdf": "application/pdf"}


def _tmp(suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.close()
    return Path(handle.name)


def _run(request: Request, job: ImportJob, dry_run: bool, all_or_nothing: bool, lang: str, principal,
         submit: bool = False) -> dict:
    # the upload is read from a private folder under the uploader's own file name: what the import says
    # about the file (its errors, its report) names that file, never the server's temporary paths
    folder = Path(tempfile.mkdtemp(prefix="orken-import-"))
    path = folder / (Path(job.filename).name or f"upload{Path(job.filename).suffix.lower()}")
    try:
        path.write_bytes(job.content or b"")
        report = run_import(request.app.state.engine, job.entity, path, sheet=job.sheet, dry_run=dry_run,
                            all_or_nothing=all_or_nothing, lang=lang, actor=job.actor,
                            rejected_path=folder / "rejected.csv", principal=principal, submit=submit)
    except ImportError_ as exc:
        raise HTTPException(507 if isinstance(exc, DiskFull) else 422, str(exc)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    body = report.as_dict()
    if body.get("rejected_file"):
        Path(body["rejected_file"]).unlink(missing_ok=True)
        body["rejected_file"] = None
    return body


@router.post("/import/{entity}", status_code=201, responses={201: {"model": O.ImportStarted}})
async def upload(request: Request, entity: str, file: UploadFile = File(...), sheet: str | None = Form(None),
                 lang: str = Query("ru", pattern="^(kk|ru|en|kk-Latn)$"), session: Session = Depends(get_session),
                 actor: str = Depends(get_actor), principal=Depends(get_principal)):
    """Upload a spreadsheet of projects, zones or monitoring reports: it is validated (nothing
    written) and kept for confirmation."""
    require_importer(principal, entity, lang)
    name = Path(file.filename or "upload.xlsx").name
    content = await file.read(MAX_UPLOAD + 1)
    job = preview_upload(request, session, entity, name, content, sheet, lang, actor, principal)
    return {"token": job.token, "status": job.status, "preview": job.report}


#: who may upload a file of each kind: the roles that write such records (rows are still checked one by
#: one against the user's scope); a signed-in user without such a grant is refused before any parsing
IMPORTERS = {"projects": PROJECT_EDITORS, "zones": ZONE_EDITORS, "reports": REPORT_AUTHORS}


def require_importer(principal, entity: str, lang: str = "ru") -> None:
    roles = IMPORTERS.get(entity)
    if roles is not None and not principal.has_role(*roles):
        raise Forbidden(t("import_role", lang, entity=entity, roles=", ".join(sorted(roles))))


def preview_upload(request: Request, session: Session, entity: str, name: str, content: bytes, sheet: str | None,
                   lang: str, actor: str, principal) -> ImportJob:
    """Validate an uploaded file and keep it as an import job awaiting confirmation (API and page)."""
    if entity not in ENTITIES:
        raise HTTPException(404, f"there is no import of {entity!r}; use projects, zones or reports")
    require_importer(principal, entity, lang)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise HTTPException(415, t("file_type", lang, suffix=Path(name).suffix.lower()))
    if len(content) > MAX_UPLOAD:
        raise HTTPException(413, t("file_too_large", lang, mb=MAX_UPLOAD // (1024 * 1024)))
    job = ImportJob(token=secrets.token_urlsafe(24), entity=entity, filename=name[:300], sheet=sheet or None,
                    status="preview", actor=f"{actor} import:{name}"[:200], content=content)
    session.commit()  # the dry run has its own transaction: this one must not hold SQLite's write lock meanwhile
    preview = _run(request, job, dry_run=True, all_or_nothing=False, lang=lang, principal=principal)
    job.report, job.rows = preview, preview["rows"]
    session.add(job)
    session.flush()
    return job


def _job(session: Session, token: str) -> ImportJob:
    job = session.scalar(select(ImportJob).where(ImportJob.token == token))
    if job is None:
        raise HTTPException(404, "there is no such import")
    return job


@router.get("/import/jobs/{token}", responses={200: {"model": O.ImportJob}})
def job_status(token: str, session: Session = Depends(get_session), principal=Depends(get_principal)):
    """An import job, for the user who uploaded it (or an administrator): its report lists rows of the file."""
    if not principal.signed_in:
        raise Unauthorized("sign in to see your imports")
    job = _job(session, token)
    if job.actor.split(" ")[0] != principal.audit_name and not principal.can_manage_users():
        raise HTTPException(404, "there is no such import")  # someone else's: not even its existence
    return {"token": job.token, "entity": job.entity, "file": job.filename, "status": job.status,
            "report": job.report}


@router.post("/import/jobs/{token}/confirm", responses={200: {"model": O.ImportConfirmed}})
def confirm(request: Request, token: str, all_or_nothing: bool = False,
            submit: bool = Query(False, description="reports: submit each for the curator's review (else drafts)"),
            lang: str = Query("ru", pattern="^(kk|ru|en|kk-Latn)$"), session: Session = Depends(get_session),
            actor: str = Depends(get_actor), principal=Depends(get_principal)):
    """Write the previewed file: valid rows go in (or nothing, with ``all_or_nothing``). Reports
    are written as drafts, or submitted with ``submit``; never approved."""
    job = confirm_job(request, session, token, all_or_nothing, submit, lang, actor, principal)
    return {"token": job.token, "status": job.status, "report": job.report}


#: how long a confirmation waits for another request's run of the same import to finish
CONFIRM_WAIT = 900.0


def confirm_job(request: Request, session: Session, token: str, all_or_nothing: bool, submit: bool, lang: str,
                actor: str, principal) -> ImportJob:
    """Run a previewed import exactly once. The job is claimed first (``preview`` -> ``running``, a
    compare-and-set committed on its own), so of any number of confirmations, concurrent or later,
    one runs the import; the others wait for it and answer with that run's result."""
    job = _job(session, token)
    if job.actor.split(" ")[0] != actor:
        raise HTTPException(403, "only the user who uploaded the file can confirm its import")
    # end the request's transaction first: on PostgreSQL the claim then runs at READ COMMITTED (a concurrent
    # claim waits for ours and then finds the job taken, instead of failing as a serialisation conflict)
    session.commit()
    claimed = job.status == "preview" and session.execute(
        update(ImportJob).where(ImportJob.id == job.id, ImportJob.status == "preview").values(status="running")
    ).rowcount == 1
    session.commit()  # the claim is visible to every other request now; the import has its own transactions
    if not claimed:
        return _finished(request, session, job)
    try:
        report = _run(request, job, dry_run=False, all_or_nothing=all_or_nothing, lang=lang, principal=principal,
                      submit=submit)
    except BaseException:
        # nothing was written (an import commits all its rows or none): the job may be confirmed again
        session.rollback()
        session.execute(update(ImportJob).where(ImportJob.id == job.id).values(status="preview"))
        session.commit()
        raise
    session.execute(update(ImportJob).where(ImportJob.id == job.id).values(
        status="done" if report["committed"] else "refused", report=report, content=None))
    session.commit()  # the result, for the confirmations waiting on this one
    session.refresh(job)
    return job


def _finished(request: Request, session: Session, job: ImportJob) -> ImportJob:
    """The job as its one run left it (waiting while another request runs it)."""
    reader = read_only(request.app.state.engine)  # polls without taking SQLite's write lock
    deadline = time.monotonic() + CONFIRM_WAIT
    while True:
        with reader.connect() as conn:
            status = conn.scalar(select(ImportJob.status).where(ImportJob.id == job.id))
        if status != "running":
            break
        if time.monotonic() > deadline:
            raise HTTPException(409, "this import is being confirmed by another request; ask again later")
        time.sleep(0.1)
    session.refresh(job)
    if job.status == "preview":  # the other run failed and gave the job back: nothing was imported
        raise HTTPException(409, "another confirmation of this import failed; nothing was written, confirm again")
    return job


def _download(path: Path, filename: str, media: str, temporary: bool = True) -> FileResponse:
    """The file as the answer; a temporary one is removed once sent (a cached one is kept)."""
    return FileResponse(path, media_type=media, filename=filename,
                        background=BackgroundTask(lambda: path.unlink(missing_ok=True)) if temporary else None)


def _files(*media: str) -> dict:
    """Documents a download: its 200 answer is one of these media types (not JSON)."""
    return {200: {"description": "the file", "content": {m.split(";")[0]: {} for m in media}}}


def _export_files() -> dict:
    """The export's 200: a file; the OC4IDS one is JSON, with its package schema."""
    files = _files(*(MEDIA[k] for k in ("csv", "xlsx", "geojson", "oc4ids.json")))
    files[200]["content"]["application/json"] = {"schema": O.OC4IDSPackage.model_json_schema()}
    return files


def _export_job(fmt: str, f: ProjectFilter, lang: str) -> filecache.Job:
    """The export file: (what it answers, suffix, build(session, path)); the fields are those the
    session's reader may see (``session.info["principal"]``)."""
    def build(session: Session, path: Path) -> None:
        if fmt == "geojson":
            export_geojson.write_geojson(session, path, f, internal=True)
        elif fmt == "oc4ids.json":
            oc4ids.stream_package(session, path, f, lang, internal=True)
        elif fmt == "csv":
            export_tabular.write_csv(session, path, f, "projects", lang, internal=True)
        else:
            export_tabular.write_xlsx(session, path, f, lang, internal=True)

    return ("export", fmt, cache.filter_key(f), lang), f".{fmt}", build


@router.get("/export/projects.{fmt}", response_class=FileResponse, responses=_export_files())
def export(fmt: str, f: ProjectFilter = Depends(project_filter), lang: str = Query("ru", pattern="^(kk|ru|en|kk-Latn)$"),
           session: Session = Depends(get_session), principal=Depends(get_principal)):
    """The filtered selection as CSV, XLSX, GeoJSON or an OC4IDS package (``oc4ids.json``); the
    fields are those the caller may see. Written to disk as it is read (memory stays bounded), and
    the public's files are kept per registry generation (``orken.web.filecache``; on a large
    registry built in the background and ahead: a 503 with Retry-After while one is being prepared)."""
    if fmt not in ("csv", "xlsx", "geojson", "oc4ids.json"):
        raise HTTPException(404, "export as projects.csv, .xlsx, .geojson or .oc4ids.json")
    public = not principal.signed_in and f.scope is None
    path, temporary = filecache.file_for(session, *_export_job(fmt, f, lang), public)
    return _download(path, f"orken-projects.{fmt}", MEDIA[fmt], temporary)


def _briefing_job(scope: str, fmt: str, lang: str, day: date, principal) -> filecache.Job:
    def build(session: Session, path: Path) -> None:
        from orken.io import briefing, briefing_pdf, briefing_xlsx  # matplotlib and reportlab: seconds to import

        b = briefing.gather(session, None if scope == "national" else scope, lang, day, principal=principal)
        if fmt == "pdf":
            briefing_pdf.render(session, b, path)
        else:
            briefing_xlsx.render(b, path)

    return ("briefing", scope, fmt, lang, day.isoformat()), f".{fmt}", build


@filecache.prebuilt
def _public_downloads():
    """Built ahead for the public after the registry changes: the unfiltered exports and the national
    briefings of today, in the languages of the pages' links."""
    from orken.auth.policy import Principal

    for lang in ("kk", "ru"):
        for fmt in ("csv", "xlsx", "geojson", "oc4ids.json"):
            yield _export_job(fmt, ProjectFilter(), lang)
        for fmt in ("pdf", "xlsx"):
            yield _briefing_job("national", fmt, lang, date.today(), Principal())


@router.get("/briefings/{scope}.{fmt}", response_class=FileResponse, responses=_files(MEDIA["pdf"], MEDIA["xlsx"]))
def briefing_file(scope: str, fmt: str, lang: str = Query("ru", pattern="^(kk|ru|en|kk-Latn)$"), on: Day = None,
                  session: Session = Depends(get_session), principal=Depends(get_principal)):
    """A briefing: ``national.pdf`` or ``<region KATO>.pdf`` (or ``.xlsx``), in kk, ru, en or kk-Latn. Plan vs
    fact counts the approved monitoring reports the caller may read (published ones for the public).
    The public's briefings are kept per registry generation and day."""
    if fmt not in ("pdf", "xlsx"):
        raise HTTPException(404, "a briefing is .pdf or .xlsx")
    if scope != "national":
        from orken.io import briefing

        briefing.check_region(session, scope)  # a wrong code is a 404 at once, never a background build
    day = on or date.today()
    path, temporary = filecache.file_for(session, *_briefing_job(scope, fmt, lang, day, principal),
                                         public=not principal.signed_in)
    return _download(path, f"briefing-{scope}-{lang}.{fmt}", MEDIA[fmt], temporary)
