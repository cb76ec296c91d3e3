"""Every error as application/problem+json (RFC 9457), with field-level detail where it applies; to a
person's browser opening a page, the same answer as a page in their language (``error.html``)."""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from orken.errors import GrantsHeld, InvalidInput, OrkenError, VersionConflict, told
from orken.i18n import N_
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

#: the answers to failures that are not the request's own (title, detail: msgids of the gettext catalogs)
EDIT_CONFLICT = (N_("Edit conflict"), N_("the object was changed by someone else at the same time; reload it and "
                                         "apply your change again"))
RACE = (N_("Conflict"), N_("the change conflicts with one saved at the same time (the same key, or an object it "
                           "refers to was removed); reload and try again"))
DISK_FULL = (N_("Insufficient storage"), N_("the database's disk is full; the change was not saved"))
UNSTORABLE = (N_("Invalid input"), N_("a value is out of range or holds characters the database cannot store "
                                      "(such as NUL)"))
UNAVAILABLE = (N_("Service unavailable"), N_("the database is not available at the moment; try again in a few "
                                             "seconds"))
INTERNAL = (N_("Internal error"), N_("the server could not complete the request"))
#: titles of the statuses an HTTPException carries (Starlette's English reason phrases otherwise)
STATUS_TITLES = {400: N_("Bad request"), 401: N_("Sign-in required"), 403: N_("Forbidden"), 404: N_("Not found"),
                 405: N_("Method not allowed"), 409: N_("Conflict"), 413: N_("Request body too large"),
                 422: N_("Invalid input"), 429: N_("Too many requests"), 503: N_("Service unavailable")}
#: details Starlette writes itself (its reason phrase), told in the reader's words instead
STATUS_DETAILS = {404: N_("There is no such page."), 405: N_("This address does not take that kind of request.")}


def wants_page(request: Request) -> bool:
    """A person's browser opening a page (not the API, not a page's JSON twin): answered with a page."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path.endswith(".json") or request.query_params.get("format"):
        return False
    return "text/html" in request.headers.get("accept", "")


def reader_language(request: Request, as_page: bool = False) -> str:
    """The language of an answer: a page's (``?lang=``, cookie, browser, else Kazakh); for a client that
    names none (the API's scripts), English, as the API's codes and messages are."""
    from orken.web.pages import i18n

    asked = (request.query_params.get("lang") in i18n.LANGS or i18n.COOKIE in request.cookies
             or request.headers.get("accept-language"))
    return i18n.choose(request) if asked or as_page else "en"


def page_not_found(request: Request, detail: str = STATUS_DETAILS[404]):
    """A page route's 404: the page (or, to its JSON twin, the problem) in the reader's words."""
    from orken.web.pages.render import wants_json

    return answer(request, 404, STATUS_TITLES[404], detail, as_page=not wants_json(request))


def answer(request: Request, status: int, title: str, detail: str, headers: dict[str, str] | None = None,
           values: dict | None = None, as_page: bool | None = None, **extra):
    """The one answer to a refused or failed request: ``title`` and ``detail`` (English msgids, ``detail``
    filled with ``values``) in the reader's language, as problem+json or, to a browser (``as_page``: by
    default ``wants_page``), as a page."""
    from orken.web.pages import i18n

    as_page = wants_page(request) if as_page is None else as_page
    gettext = i18n.translator(reader_language(request, as_page))
    title, detail = gettext(title), gettext(detail, **(values or {}))
    if as_page:
        from orken.web.pages.render import page

        response = page(request, "error.html", {"page": "error", "status": status, "title": title,
                                                "detail": detail}, status=status)
    else:
        response = problem(status, title, detail, **extra)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def database_problem(request: Request, exc: DBAPIError):
    """A failure of the database as a clean answer: 422 for a value it cannot store, 409 for a concurrent
    edit or a constraint that another transaction's change broke (two creations with one key at once), 507
    for a full disk, 503 (with Retry-After) while the database cannot be reached or is busy, else 500.
    Never the driver's text: it may name hosts, users or SQL."""
    state = getattr(exc.orig, "sqlstate", None)
    sqlite_code = getattr(exc.orig, "sqlite_errorcode", None)
    if state in ("40001", "40P01"):
        return answer(request, 409, *EDIT_CONFLICT)
    if isinstance(exc, IntegrityError):
        # services check keys and references before writing; this is the race between two requests that both
        # passed the check, and the one that commits second is told so instead of getting a 500
        log.warning("constraint violated by a concurrent change: %s", exc.orig)
        return answer(request, 409, *RACE)
    if state == "53100" or sqlite_code == 13:  # disk_full / SQLITE_FULL
        log.error("database disk full: %s", exc.orig)
        return answer(request, 507, *DISK_FULL)
    if isinstance(exc, DataError):  # the input holds a value the database cannot store (NUL byte, out of range)
        log.warning("database refused a value: %s", exc.orig)
        return answer(request, 422, *UNSTORABLE)
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        log.warning("database unavailable: %s", exc.orig)
        return answer(request, 503, *UNAVAILABLE, headers={"Retry-After": RETRY_AFTER})
    log.exception("database error", exc_info=exc)
    return answer(request, 500, *INTERNAL)


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
            return answer(request, exc.status, exc.title, GRANTS_HELD[exc.kind],
                          values={"id": exc.ident, "users": ", ".join(exc.users)}, users=exc.users)
        if wants_page(request) and isinstance(exc, InvalidInput):  # each problem in the reader's words
            from orken.web.pages import i18n

            gettext = i18n.translator(reader_language(request))
            detail = "; ".join(told(e, gettext) or e["message"] for e in exc.errors)
            return answer(request, exc.status, exc.title, detail)
        return answer(request, exc.status, exc.title, told(exc, lambda m, **v: m) or str(exc),
                      values=getattr(exc, "params", None), **extra)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError):
        # the row's version changed between our read and our UPDATE/DELETE (its WHERE version = ... matched
        # nothing): another request wrote first, and nothing of this one was kept
        return answer(request, 409, *EDIT_CONFLICT)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError):
        return database_problem(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # the traceback goes to the log (Starlette re-raises after answering), never to the client
        return answer(request, 500, *INTERNAL)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        # Starlette's own (an unknown address: 404 "Not Found") in the reader's words; a route's detail as it is
        status = exc.status_code
        own = not isinstance(exc.detail, str) or exc.detail == HTTPStatus(status).phrase
        detail = STATUS_DETAILS.get(status, exc.detail) if own else exc.detail
        title = STATUS_TITLES.get(status) or (exc.detail if isinstance(exc.detail, str) else "Error")
        return answer(request, status, title, str(detail), headers=exc.headers)  # (Retry-After of a 503)
