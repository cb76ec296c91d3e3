"""Limits that keep one client from taking the server: request body size, and concurrent heavy work.

**Bodies.** A request body is at most ``ORKEN_MAX_BODY_BYTES`` (default 2 MiB: a project with hundreds
of sources is a few KiB), a multipart upload at most ``ORKEN_MAX_UPLOAD_BYTES`` (default 52 MiB: the
50 MiB spreadsheet limit and the form around it). A ``Content-Length`` beyond the limit is answered
413 before anything is read; a body without one (chunked) is counted as it arrives and refused at
the byte that crosses the limit. The answer is problem+json (a page, to a browser), in the reader's language.

**Heavy routes.** Exports, briefings, GeoJSON and text search / facet lists cost seconds and memory
at 100,000 projects. Each class has a number of requests it runs at once, overall and per client
(the peer address; forwarded headers are not trusted here). A request beyond either is answered at
once, never queued behind the others: 429 when this client already has its share running, 503 when
the class is full; both with ``Retry-After``. Downloads (exports, briefings) are refused at once;
searches and the project GeoJSON first wait up to 10 s for a slot (a bounded queue; they take well
under a second). Cheap requests never wait for heavy ones. ``ORKEN_HEAVY_LIMITS`` overrides the
numbers: ``exports=2/1,briefings=2/1,geojson=4/2/10,search=8/4/10`` (overall / per client / seconds
to wait).
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from orken.i18n import N_

PROBLEM = b"application/problem+json"
DEFAULT_MAX_BODY = 2 * 1024 * 1024
DEFAULT_MAX_UPLOAD = 52 * 1024 * 1024
RETRY_AFTER = 5


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


TOO_LARGE = N_("Request body too large")
BODY_LIMIT = N_("the request body is larger than %(bytes)s bytes")


def _bytes(limit: int) -> str:
    return f"{limit:,}".replace(",", "\u00a0")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(413, f"the request body is larger than {_bytes(limit)} bytes")


async def _problem(scope: Scope, receive: Receive, send: Send, status: int, title: str, detail: str,
                   headers: dict[str, str] | None = None, **values) -> None:
    """Answer from outside the app (a middleware) as the app answers (``orken.web.errors.answer``)."""
    from starlette.requests import Request

    from orken.web.errors import answer

    await answer(Request(scope), status, title, detail, headers, values)(scope, receive, send)


class BodyLimit:
    """Refuse request bodies beyond the configured size (413 problem+json)."""

    def __init__(self, app: ASGIApp, max_body: int | None = None, max_upload: int | None = None):
        self.app = app
        self.max_body = max_body if max_body is not None else _int_env("ORKEN_MAX_BODY_BYTES", DEFAULT_MAX_BODY)
        self.max_upload = max_upload if max_upload is not None else _int_env("ORKEN_MAX_UPLOAD_BYTES",
                                                                             DEFAULT_MAX_UPLOAD)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = self.max_upload if multipart else self.max_body
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            if length.isdigit():
                await _problem(scope, receive, send, 413, TOO_LARGE, BODY_LIMIT, bytes=_bytes(limit))
            else:
                await _problem(scope, receive, send, 400, N_("Bad request"), N_("the Content-Length is not a number"))
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except BodyTooLarge as exc:  # read outside the app's exception handlers (a middleware)
            if started:
                raise
            await _problem(scope, receive, send, 413, TOO_LARGE, BODY_LIMIT, bytes=_bytes(exc.limit))


# --- heavy routes ---------------------------------------------------------------------------------

#: (overall, per client, seconds a request may wait for a slot) per route class. Downloads are refused
#: at once (a client retries after Retry-After); searches and map layers take well under a second, so
#: they wait a little for a slot instead, as a busy server queues (the map fires several at once)
DEFAULT_HEAVY = {"exports": (2, 1, 0.0), "briefings": (2, 1, 0.0), "geojson": (4, 2, 10.0), "search": (8, 4, 10.0)}
_EXPORT = re.compile(r"^/api/v1/export/")
_BRIEFING = re.compile(r"^/api/v1/briefings/")
_GEOJSON = re.compile(r"^/api/v1/geo/projects\.geojson$")
_SEARCH_PATHS = {"/api/v1/projects", "/projects", "/projects.json", "/", "/map.json", "/api/v1/lookup"}
_SEARCH_QUERY = re.compile(rb"(^|&)(q|facets)=[^&]")


def route_class(path: str, query: bytes) -> str | None:
    """Which heavy class a request is in (None: cheap)."""
    if _EXPORT.match(path):
        return "exports"
    if _BRIEFING.match(path):
        return "briefings"
    if _GEOJSON.match(path):
        return "geojson"
    if path in _SEARCH_PATHS and _SEARCH_QUERY.search(query):
        return "search"
    return None


def parse_limits(text: str | None) -> dict[str, tuple[int, int, float]]:
    """``exports=2/1,search=8/4/10``: overall / per client / seconds to wait (default: the class's)."""
    limits = dict(DEFAULT_HEAVY)
    for part in (text or "").split(","):
        name, _, value = part.strip().partition("=")
        if name in limits and value:
            fields = value.split("/")
            try:
                overall = int(fields[0])
                per_client = int(fields[1]) if len(fields) > 1 and fields[1] else overall
                wait = float(fields[2]) if len(fields) > 2 and fields[2] else limits[name][2]
            except ValueError:
                continue
            limits[name] = (overall, per_client, wait)
    return limits


@dataclass
class _Slots:
    overall: int
    per_client: int
    wait: float = 0.0
    running: int = 0
    by_client: Counter = field(default_factory=Counter)


#: the refusals of a heavy request, by status: (title, detail; msgids of the gettext catalogs)
BUSY = {
    429: (N_("Too many requests"), N_("you already have %(count)s such requests running; wait for them to finish "
                                      "and try again in %(seconds)s seconds")),
    503: (N_("Service busy"), N_("the server is already preparing %(count)s such answers; try again in "
                                 "%(seconds)s seconds")),
}


class HeavyLimit:
    """At most so many requests of a heavy route class at once, overall and per client; the rest get
    429/503 with Retry-After at once."""

    def __init__(self, app: ASGIApp, limits: dict[str, tuple[int, int]] | None = None):
        self.app = app
        limits = limits or parse_limits(os.environ.get("ORKEN_HEAVY_LIMITS"))
        self.slots = {name: _Slots(*v) for name, v in limits.items()}
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = route_class(scope.get("path", ""), scope.get("query_string", b"")) if scope["type"] == "http" else None
        if kind is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        slots = self.slots[kind]
        deadline = time.monotonic() + slots.wait
        while True:
            refused = self._take(slots, client)
            if not refused or time.monotonic() >= deadline:
                break
            await asyncio.sleep(0.02)  # a bounded wait for a slot, holding no thread
        if refused:
            title, detail = BUSY[refused]
            await _problem(scope, receive, send, refused, title, detail, {"retry-after": str(RETRY_AFTER)},
                           count=slots.per_client if refused == 429 else slots.overall, seconds=RETRY_AFTER)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self.lock:
                slots.running -= 1
                slots.by_client[client] -= 1
                if slots.by_client[client] <= 0:
                    del slots.by_client[client]


    def _take(self, slots: _Slots, client: str) -> int:
        """0 when a slot was taken, else the status of the refusal."""
        with self.lock:
            if slots.by_client[client] >= slots.per_client:
                return 429
            if slots.running >= slots.overall:
                return 503
            slots.running += 1
            slots.by_client[client] += 1
            return 0


def install(app) -> None:
    """The heavy-route limiter inside, the body limit around it (both outside the routes)."""
    app.add_middleware(HeavyLimit)
    app.add_middleware(BodyLimit)
