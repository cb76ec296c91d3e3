"""One Jinja environment and one renderer: only ``orken.web.pages.render`` imports Jinja and builds
HTML responses (the API docs' static Swagger UI shell, which has no data, is the one declared exception),
so every page's HTML and its JSON twin come from the same ``render.page`` call."""

from __future__ import annotations

import ast
from pathlib import Path

import orken

SRC = Path(orken.__file__).parent
RENDERER = "web/pages/render.py"
#: modules that build an HTMLResponse themselves, and why
OWN_HTML = {"web/apidocs.py": "the Swagger UI shell: static HTML, no data, no template"}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_only_the_renderer_uses_jinja():
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(m == "jinja2" or m.startswith("jinja2.") or m.endswith("templating") for m in modules) \
                    and name != RENDERER:
                found.append(f"{name}:{node.lineno}")
    assert not found, "a second Jinja environment (render through orken.web.pages.render.page):\n" + "\n".join(found)


def test_only_the_renderer_builds_html_responses():
    found = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in (
                    "HTMLResponse", "TemplateResponse") and name not in (RENDERER, *OWN_HTML):
                found.append(f"{name}:{node.lineno}")
    assert not found, "HTML built outside the one renderer:\n" + "\n".join(found)
