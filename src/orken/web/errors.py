"""Every error as application/problem+json (RFC 9457), with field-level detail where it applies."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from orken.errors import GrantsHeld, InvalidInput, OrkenError, VersionConflict
from orken.web.deps import SignInFirst

PROBLEM = "application/problem+json"
RETRY_AFTER = "5"  # seconds: a database restart or a busy SQLite file is usually over by then
log = logging.getLogger("orken.web")


#: the refusal to delete a record others hold grants on, by kind (msgids of the gettext catalogs)
GRANTS_HELD = {
    "project": "Project %(id)s cannot be deleted: users %(users)s hold grants scoped to it; "
               "change or remove those grants first",
    "organisation": "Organisation %(id)s cannot be deleted: users %(users)s hold grants scoped to it; "
                    "change or remove those grants first",
}


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def database_problem(exc: DBAPIError) -> JSONResponse:
    """A failure of the database as a clean answer: 422 for a value it cannot store, 409 for a concurrent
    edit or a constraint that another transaction's change broke (two creations with one key at once), 507 for a full disk, 503 (with Retry-After) while the database cannot be reached or is busy, else 500. Never the
    driver's text: it may name hosts, users or SQL."""
    state = getattr(exc.orig, "sqlstate", None)
    sqlite_code = getattr(exc.orig, "sqlite_errorcode", None)
    if state in ("40001", "40P01"):
        return problem(409, "Edit conflict", "the object was changed by someone else at the same time; "
                                             "reload it and apply your change again")
    if isinstance(exc, IntegrityError):
        # services check keys and references before writing; this is the race between two requests that both
        # passed the check, and the one that commits second is told so instead of getting a 500
        log.warning("constraint violated by a concurrent change: %s", exc.orig)
        return problem(409, "Conflict", "the change conflicts with one saved at the same time (the same key, or "
                                        "an object it refers to was removed); reload and try again")
    if state == "53100" or sqlite_code == 13:  # disk_full / SQLITE_FULL
        log.error("database disk full: %s", exc.orig)
        return problem(507, "Insufficient storage", "the database's disk is full; the change was not saved")
    if isinstance(exc, DataError):  # the input holds a value the database cannot store (NUL byte, out of range)
        log.warning("database refused a value: %s", exc.orig)
        return problem(422, "Invalid input", "a value is out of range or holds characters the database cannot "
                                             "store (such as NUL)")
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        log.warning("database unavailable: %s", exc.orig)
        response = problem(503, "Service unavailable", "the database is not available at the moment; "
                                                       "try again in a few seconds")
        response.headers["Retry-After"] = RETRY_AFTER
        return response
    log.exception("database error", exc_info=exc)
    return problem(500, "Internal error", "the server could not complete the request")


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "invalid")} for e in exc.errors()]
        return problem(422, "Invalid input", "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)

    @app.exception_handler(SignInFirst)
    async def _sign_in_first(request: Request, exc: SignInFirst):
        # a page for signed-in users opened by the public: to the sign-in form, and back afterwards
        return RedirectResponse(f"/auth/login?next={quote(exc.next, safe='/')}", status_code=303)

    @app.exception_handler(OrkenError)
    async def _registry(request: Request, exc: OrkenError):
        extra = {}
        if isinstance(exc, InvalidInput):  # (what a person is told, msgid, is for the pages and imports)
            extra["errors"] = [{"field": e["field"], "message": e["message"]} for e in exc.errors]
        if isinstance(exc, VersionConflict):
            extra["current"] = exc.state
        if isinstance(exc, GrantsHeld):
            from orken.web.pages import i18n

            gettext = i18n.translator(i18n.choose(request))
            message = GRANTS_HELD[exc.kind]
            return problem(exc.status, exc.title, gettext(message, id=exc.ident, users=", ".join(exc.users)),
                           users=exc.users)
        return problem(exc.status, exc.title, str(exc), **extra)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError):
        # the row's version changed between our read and our UPDATE/DELETE (its WHERE version = ... matched
        # nothing): another request wrote first, and nothing of this one was kept
        return problem(409, "Edit conflict", "the object was changed by someone else at the same time; "
                                             "reload it and apply your change again")

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError):
        return database_problem(exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # the traceback goes to the log (Starlette re-raises after answering), never to the client
        return problem(500, "Internal error", "the server could not complete the request")

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        response = problem(exc.status_code, exc.detail if isinstance(exc.detail, str) else "Error", str(exc.detail))
        for name, value in (exc.headers or {}).items():  # Retry-After of a 503 "being prepared"
            response.headers[name] = value
        return response
