"""Security headers: a strict Content-Security-Policy on every HTML page, nosniff, referrer and
framing policies on every response; templates free of inline scripts, handlers and styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from orken.web.security import page_policy

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "orken" / "web" / "templates"
PAGES = ["/", "/projects", "/dashboard", "/auth/login", "/regions/350000000", "/api/v1/docs", "/projects/999999",
         "/monitoring", "/import", "/review"]


def _directives(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}


@pytest.mark.parametrize("path", PAGES)
def test_every_html_page_has_a_strict_policy(anon_client, path):
    r = anon_client.get(path)
    assert r.status_code < 500
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["content-type"].startswith("text/html"), path
    csp = _directives(r.headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in csp[directive] and "'unsafe-eval'" not in csp[directive]
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]


def test_the_docs_page_has_no_inline_script_and_no_cdn(anon_client):
    r = anon_client.get("/api/v1/docs")
    assert not re.findall(r"<script(?![^>]*src=)[^>]*>(.*?)</script>", r.text, re.S)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text and "https://" not in r.text


def test_json_api_and_static_files_get_the_other_headers(anon_client):
    for path in ("/api/v1/projects", "/static/orken.css", "/api/v1/openapi.json"):
        r = anon_client.get(path)
        assert r.status_code == 200 and r.headers["x-content-type-options"] == "nosniff", path
        assert r.headers["x-frame-options"] == "DENY", path


def test_a_tile_server_is_allowed_for_images_only(monkeypatch):
    csp = _directives(page_policy("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"))
    assert csp["img-src"] == ["'self'", "data:", "https://*.tile.openstreetmap.org"]
    assert csp["connect-src"] == ["'self'"] and csp["script-src"] == ["'self'"]


def test_templates_have_no_inline_script_handlers_or_styles():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\son[a-z]+\s*=|\sstyle\s*=|<style|<script(?![^>]*\b(src|type=\"application/json\"))",
                             text, re.I):
            found.append(f"{path.relative_to(TEMPLATES)}: {text[m.start():m.start() + 60]!r}")
    assert not found, "inline code or style breaks the CSP:\n" + "\n".join(found)
