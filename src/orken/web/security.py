"""Security headers on every response: a strict Content-Security-Policy on HTML, and the usual rest.

Pages load scripts, styles, images and data only from the app itself: no inline scripts, no inline
event handlers, no inline style attributes (templates use classes; the scripts in ``static/`` set
styles through the DOM, which CSP allows). JSON embedded in pages (``<script type="application/json">``)
is data, not script, and is not executed. A map tile server (``ORKEN_TILE_URL``) is added to
``img-src`` when one is configured.

The Swagger UI at ``/api/v1/docs`` (``orken.web.apidocs``) is served from ``/static`` and started by
a static script, so it is under the same policy as every page: no CDN, no inline script.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMMON = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
}


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


class SecurityHeaders:
    """Pure ASGI middleware (streams pass through untouched)."""

    def __init__(self, app: ASGIApp):
        self.app = app

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

        await self.app(scope, receive, send_with_headers)


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
    app.add_middleware(SecurityHeaders)
