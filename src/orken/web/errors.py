"""Every error as application/problem+json (RFC 9457), with field-level detail where it applies."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from orken.registry.errors import InvalidInput, RegistryError, VersionConflict

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "invalid")} for e in exc.errors()]
        return problem(422, "Invalid input", "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)

    @app.exception_handler(RegistryError)
    async def _registry(request: Request, exc: RegistryError):
        extra = {}
        if isinstance(exc, InvalidInput):
            extra["errors"] = exc.errors
        if isinstance(exc, VersionConflict):
            extra["current"] = exc.state
        return problem(exc.status, exc.title, str(exc), **extra)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        return problem(exc.status_code, exc.detail if isinstance(exc.detail, str) else "Error", str(exc.detail))
