"""The OpenAPI document as the API really answers: every error is application/problem+json.

FastAPI documents only the 422 of request validation, as ``application/json`` with its own body shape; Orken
answers every error (validation, 401/403/404/409/413/415...) as RFC 9457 problem+json (``orken.web.errors``).
This rewrites the generated document once so that clients and schema-based testers see the real contract.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from orken.web.errors import PROBLEM

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {
            "type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
        "current": {"type": "object"},
    },
}
_REF = {"$ref": "#/components/schemas/Problem"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": _REF}}}


def rewrite(document: dict[str, Any]) -> dict[str, Any]:
    """Document errors as problem+json on every /api/v1 operation (in place; returns the document)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    for path, operations in document.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses["422"] = _problem("Invalid input, with the fields at fault")
            responses.setdefault("4XX", _problem("The request was refused (see the problem's title and detail)"))
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = rewrite(get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
