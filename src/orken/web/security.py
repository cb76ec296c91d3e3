"""Security headers on every response: a strict Content-Security-Policy on HTML, and the usual rest.

Pages load scripts, styles, images and data only from the app itself: no inline scripts, no inline
event handlers, no inline style attributes (templates use classes; the scripts in ``static/`` set
styles through the DOM, which CSP allows). JSON embedded in pages (``<script type="application/json">``)
is data, not script, and is not executed. A map tile server (``ORKEN_TILE_URL``) is added to
``img-src`` when one is configured.

The Swagger UI at ``/api/v1/docs`` is FastAPI's page: it loads its bundle from a CDN and starts it
with one inline script. That one page gets its own policy, allowing the CDN and exactly that inline
script by its SHA-256 (computed from the page itself), nothing else; every other page stays strict.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CDN = "https://cdn.jsdelivr.net"
COMMON = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
}
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def page_policy(tile_url: str | None = None) -> str:
    """The policy of every HTML page."""
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", f"img-src {images}", "font-src 'self'",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def docs_policy(html: bytes) -> str:
    """The Swagger UI page's policy: its CDN bundle and its own inline scripts (by hash) only."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
                      for body in _INLINE_SCRIPT.findall(html))
    return "; ".join([
        "default-src 'self'", f"script-src 'self' {CDN} {hashes}".strip(), f"style-src 'self' {CDN}",
        "img-src 'self' data: https://fastapi.tiangolo.com", "connect-src 'self'", "object-src 'none'",
        "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """Pure ASGI middleware (streams pass through untouched; only the docs page is buffered)."""

    def __init__(self, app: ASGIApp, docs_path: str | None = None):
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_headers(message.get("headers", []), _page_csp)
            await send(message)

        if b"%00" in scope.get("query_string", b"") or "\x00" in scope["path"]:
            # no text in the registry holds a NUL, and PostgreSQL refuses one in any text parameter
            from orken.web.errors import problem

            await problem(400, "Bad request", "NUL characters are not allowed in a URL")(scope, receive, send_with_headers)
            return
        if scope["path"] == self.docs_path:
            await self._docs(scope, receive, send)
            return

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        # the page is read to hash its inline script: ask the inner app (gzip) for it uncompressed
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body = b""

        async def buffer(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                start["headers"] = _with_headers(start.get("headers", []), lambda: docs_policy(body))
                await send(start)
                await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffer)


def _page_csp() -> str:
    from orken.web.pages.render import tile_url

    return page_policy(tile_url())


def _with_headers(headers, csp: Callable[[], str]) -> list:
    """The common headers, and the policy ``csp()`` (asked only for HTML: it reads the settings)."""
    headers = list(headers)
    present = {k.lower() for k, _ in headers}
    html = any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)
    for key, value in COMMON.items():
        if key not in present:
            headers.append((key, value))
    if html and b"content-security-policy" not in present:
        headers.append((b"content-security-policy", csp().encode()))
    return headers


def install(app) -> None:
    """Add the middleware (outermost, so errors and gzip-compressed pages get the headers too)."""
    app.add_middleware(SecurityHeaders, docs_path=app.docs_url)
