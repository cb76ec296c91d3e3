"""Shared request dependencies: the database session, the principal and actor, the project filter.

The principal (who is asking: a user with grants, or the public) is resolved once per request in
``get_session`` and kept in ``session.info["principal"]``; the registry's flush guard
(``orken.auth.guard``), its serialisation (internal fields) and the monitoring services all read
it from there. Writes on PostgreSQL run at REPEATABLE READ, and on SQLite in a transaction that
holds the write lock from its start (``BEGIN IMMEDIATE``), so two concurrent edits of one row
cannot both succeed: the later one gets 409 instead of silently overwriting. Every versioned
UPDATE/DELETE also compares the version it read (``version_id_col``).
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator

import anyio
from fastapi import Depends, Query, Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

import orken.auth.guard  # noqa: F401  (registers the flush guard)
from orken import config
from orken import errors
from orken.auth import service as auth
from orken.auth.policy import Principal
from orken.registry.query import ProjectFilter
from orken.web.params import IdList

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
#: requests holding a database session at once; the others wait for a turn without taking a worker
#: thread. Below the pool's 30 connections (``db.engine``: 10 + 20 overflow; a few are left for the
#: connections taken beside a request's session) and the 40 worker threads: a request takes a
#: connection in one thread and needs another thread for its endpoint, so with no bound, more
#: requests than connections + threads deadlock (every thread waiting for a connection, every
#: connection held by a request waiting for a thread).
MAX_SESSIONS = 24


def session_limit(engine: Engine) -> int:
    """How many requests may hold a session at once. SQLite runs its queries in this process, so
    more than a couple per core only makes them share the cores (and the GIL) and lengthens the
    tail (measured with bench/vs_datasette.py at 32 connections: 2 per core cut the CPU per request
    by 10-35 % against 24); PostgreSQL works in its own processes, often on another machine."""
    if engine.dialect.name == "sqlite":
        return min(MAX_SESSIONS, 2 * (os.cpu_count() or 1))
    return MAX_SESSIONS


SESSION_COOKIE = "orken_session"
CSRF_HEADER = "x-csrf-token"


def client_address(request: Request) -> str:
    """Who is asking, by address: the TCP peer, or what a trusted proxy (``ORKEN_TRUSTED_PROXIES``,
    none by default) forwarded in ``X-Forwarded-For``; see ``orken.config.client_address``."""
    peer = request.client.host if request.client else None
    return config.client_address(peer, request.headers.get("x-forwarded-for"))


def carries_credentials(request: Request) -> bool:
    """Whether ``authenticate`` has anything to look up in the database (else it is the public)."""
    return "authorization" in request.headers or SESSION_COOKIE in request.cookies


def authenticate(request: Request, session: Session) -> Principal:
    """A bearer token, else the session cookie, else the public; a bad token is an error."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = auth.principal_for_token(session, header[7:].strip())
        if principal is None:
            raise errors.Unauthorized("the API token is not valid (unknown, revoked or expired)")
        return principal
    key = request.cookies.get(SESSION_COOKIE)
    if key:
        principal = auth.principal_for_session(session, key)
        if principal is not None:
            principal.extra["csrf_ok"] = _same(request.headers.get(CSRF_HEADER, ""), principal.csrf)
            return principal
    return Principal()  # the public (a fresh object: request state must not leak between requests)


async def _session_turn(request: Request) -> AsyncIterator[None]:
    """Wait (in the event loop, holding no thread) until fewer than ``session_limit`` requests hold a
    session. One semaphore per event loop: a test client runs its own loop."""
    turns = request.app.state.session_turns
    loop = asyncio.get_running_loop()
    semaphore = turns.get(loop)
    if semaphore is None:
        semaphore = turns[loop] = asyncio.Semaphore(request.app.state.session_limit)
    async with semaphore:
        yield


def _start(request: Request, session: Session) -> None:
    """Who is asking, kept in the session; writes on PostgreSQL begin at REPEATABLE READ."""
    if request.method not in SAFE_METHODS and session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    principal = authenticate(request, session)
    session.info["principal"] = principal
    request.state.principal = principal


def _discard(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


#: the endpoint attribute ``checks_password`` sets (see there)
DEFERRED = "orken_begins_deferred"


def checks_password(endpoint):
    """Declare that a write route checks a password first: the sign-in throttle takes its attempt in a
    short transaction of its own (``auth.service.reserve_attempt``), which on SQLite must not wait for
    this request's write lock, so the request's transaction begins deferred (such routes write a
    session, a token or a hash, nothing versioned). An attribute of the route's endpoint, read from the
    matched route, so it holds whatever path (or proxy prefix) the route is reached under."""
    setattr(endpoint, DEFERRED, True)
    return endpoint


def begins_deferred(request: Request) -> bool:
    return getattr(request.scope.get("endpoint"), DEFERRED, False)


async def _request_session(request: Request, _turn: None = Depends(_session_turn, scope="function")
                           ) -> AsyncIterator[Session]:
    """The request's session. Its database work runs in worker threads, but only where there is
    some: the public reading (no credentials, a safe method) starts without a query, so a public
    read costs one thread hop for the endpoint and one for the commit, not three."""
    # a write request's transaction takes SQLite's write lock at its start (``db.engine``): what it reads
    # (a version, a state) cannot change before it writes; a reading request does not wait for writers
    safe = request.method in SAFE_METHODS
    deferred = safe or begins_deferred(request)
    session = (request.app.state.read_sessions if deferred else request.app.state.sessions)()
    try:
        if safe and not carries_credentials(request):
            _start(request, session)  # the public: nothing to ask the database yet
        else:
            await run_in_threadpool(_start, request, session)
        yield session
        # anything read, or added without a query (which starts no transaction): commit
        if session.in_transaction() or session.new:
            await run_in_threadpool(session.commit)
    except BaseException:
        with anyio.CancelScope(shield=True):  # a cancelled request still gives its connection back
            await run_in_threadpool(_discard, session)
        raise
    session.close()  # committed, the connection is back in the pool: this only forgets the objects


async def get_session(session: Session = Depends(_request_session, scope="function")) -> Session:
    """The request's session. It commits when the endpoint returns, *before* the answer is sent
    (FastAPI's default for ``yield`` dependencies is after), so a client that got 2xx can rely on
    the write, and a failed commit is answered as an error instead of after a success. At most
    ``session_limit`` requests hold one at a time."""
    return session


async def get_principal(request: Request, session: Session = Depends(get_session)) -> Principal:
    return session.info["principal"]


async def get_actor(principal: Principal = Depends(get_principal)) -> str:
    """Who is writing, for the change log; writing needs a signed-in user (CSRF-checked for cookies)."""
    require_writer(principal)
    return principal.audit_name


def require_writer(principal: Principal) -> None:
    """A JSON write: signed in, and a browser session's request carries its CSRF token in the header."""
    if not principal.signed_in:
        raise errors.Unauthorized("sign in (or send an API token) to change anything")
    if principal.via == "session" and not principal.extra.get("csrf_ok"):
        raise errors.Forbidden(CSRF_REFUSAL)


# --- the one signed-in gate and the one CSRF rule ---------------------------------------------------
#
# The rule. A browser session (the cookie) must prove, on every unsafe request, that the request comes
# from our own pages: it carries the session's CSRF token, in the ``X-CSRF-Token`` header (JSON, read
# in ``authenticate``) or in the form's ``csrf_token`` field (``FormCSRF``). A bearer token is not sent
# by a browser by itself, so its requests need no CSRF token. A form route that only makes sense in a
# browser declares ``FormCSRF(tokens=False)`` and refuses bearer tokens. The sign-in form, before any
# session exists, uses a double-submit cookie (``FormCSRF(sign_in=True)``). Whatever passes sets
# ``principal.extra["csrf_ok"]``, which the flush guard (``orken.auth.guard``) checks again before any write.

CSRF_REFUSAL = "the CSRF token is missing or wrong; reload the page and try again"
FORM_REFUSAL = "the form has expired (CSRF check failed); reload the page"
#: the sign-in form's double-submit cookie (set by the sign-in page, sent back in the form)
PRE_CSRF_COOKIE = "orken_csrf"


class SignInFirst(errors.Unauthorized):
    """A page for signed-in users, opened by the public: answered with a redirect to the sign-in form
    (``orken.web.errors``), back to ``next`` afterwards."""

    def __init__(self, message: str, next: str):
        super().__init__(message)
        self.next = next


def signed_in(roles: frozenset | None = None, *, page: bool = False, who: str = "this",
              refusal: str | None = None, back_to: str | None = None):
    """The one signed-in gate, as a dependency returning the principal: the public is sent to the
    sign-in form (``page=True``; back to ``back_to``, else to the page asked for) or refused with 401;
    a signed-in user holding none of ``roles`` (when given) is refused with 403 (``refusal``)."""

    async def gate(request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        if not principal.signed_in:
            if page:
                raise SignInFirst(f"sign in to open {who}", back_to or request.url.path)
            raise errors.Unauthorized(f"sign in to see {who}")
        if roles is not None and not principal.grants_for(roles):
            raise errors.Forbidden(refusal or f"{who} is not for your role")
        return principal

    return gate


class FormCSRF:
    """The one form-CSRF dependency (see the rule above). ``tokens``: whether a bearer-token client
    may post this form (it needs no CSRF token); ``sign_in``: the double-submit cookie of the sign-in
    form (a JSON sign-in needs none: a cross-site form cannot send ``application/json``)."""

    def __init__(self, *, tokens: bool = True, sign_in: bool = False):
        self.tokens, self.sign_in = tokens, sign_in

    async def __call__(self, request: Request, principal: Principal = Depends(get_principal)) -> Principal:
        if self.sign_in:
            # signing in touches only the new session (a stale cookie's CSRF check does not apply); a form
            # must prove it comes from our sign-in page, other bodies are the JSON sign-in's (a cross-site
            # page cannot send ``application/json``, and anything else fails its body's validation)
            if _is_form(request):
                expected = request.cookies.get(PRE_CSRF_COOKIE, "")
                if not (expected and _same(await _form_token(request), expected)):
                    raise errors.Forbidden(FORM_REFUSAL)
            principal.extra["csrf_ok"] = True
            return principal
        if principal.via == "session":
            if not (principal.extra.get("csrf_ok") or _same(await _form_token(request), principal.csrf)):
                raise errors.Forbidden(FORM_REFUSAL)
            principal.extra["csrf_ok"] = True
        elif principal.signed_in and not self.tokens:
            raise errors.Forbidden("this form is for a signed-in browser session; an API token cannot use it")
        return principal


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("application/x-www-form-urlencoded", "multipart/form-data")


async def _form_token(request: Request) -> str:
    """The form's ``csrf_token`` (the parsed form is kept by Starlette for the endpoint)."""
    if not _is_form(request):
        return ""
    return str((await request.form()).get("csrf_token", ""))


def _same(sent: str, expected: str | None) -> bool:
    return bool(sent) and bool(expected) and secrets.compare_digest(sent.encode(), expected.encode())


async def dry_run_read(principal: Principal = Depends(get_principal)) -> Principal:
    """A GET that re-runs a dry run (whose writes are always rolled back, and checked by the flush guard
    as any write is): it changes nothing, so it needs no CSRF token (a link cannot carry one)."""
    principal.extra["csrf_ok"] = True
    return principal


#: the declared flavours
form_csrf = FormCSRF()
browser_form_csrf = FormCSRF(tokens=False)
sign_in_csrf = FormCSRF(sign_in=True)


async def change_log_reader(principal: Principal = Depends(get_principal)) -> None:
    """Declared on the change-log routes (``dependencies=[Depends(change_log_reader)]``): the change log
    shows internal fields and who wrote them, so it is for those who read everything."""
    if not principal.can_read_change_log():
        if not principal.signed_in:
            raise errors.Unauthorized("sign in to read the change log")
        raise errors.Forbidden("the change log is for administrators and centre analysts")


def split(values: list[str] | None) -> list[str]:
    """Accept both ?status=a&status=b and ?status=a,b."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


async def project_filter(
    region: list[str] | None = Query(None, description="region or district KATO codes; a region includes its districts"),
    sector: list[str] | None = Query(None, description="OKED sections (letters) or divisions (two digits)"),
    status: list[str] | None = Query(None),
    programme: list[str] | None = Query(None),
    map_level: list[str] | None = Query(None, description="republican or regional"),
    zone: IdList = Query(None),
    organisation: IdList = Query(None),
    year_from: int | None = Query(None, ge=1990, le=2100, description="launch year (actual, else planned) from"),
    year_to: int | None = Query(None, ge=1990, le=2100),
    q: str | None = Query(None, max_length=200, description="text in any of kk, ru, en"),
    sample: bool | None = Query(None, description="only sample (true) or only real (false) records"),
) -> ProjectFilter:
    return ProjectFilter(
        region=split(region), sector=split(sector), status=split(status), programme=split(programme),
        map_level=split(map_level), zone=zone or [], organisation=organisation or [],
        year_from=year_from, year_to=year_to, q=q or None, sample=sample,
    )
