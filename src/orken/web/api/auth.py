"""Sign-in and out (JSON API and HTML form), the current user, API tokens, the user list.

A browser session is a random key in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS or
when ORKEN_COOKIE_SECURE=1); the server keeps only its SHA-256. Unsafe requests made with the
cookie must carry the session's CSRF token (``X-CSRF-Token`` header, or the ``csrf_token``
form field on pages). The sign-in form itself uses a double-submit cookie. Failed sign-ins are
rate limited per user name and per address (``orken.auth.throttle``).
"""

from __future__ import annotations

import os
import secrets

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.auth import service
from orken.auth.models import User
from orken.auth.policy import Principal
from orken.web.deps import SESSION_COOKIE, client_address, get_principal, get_session, require_writer
from orken.web.errors import problem

router = APIRouter(prefix="/api/v1", tags=["auth"])
pages = APIRouter(tags=["auth"], include_in_schema=False)
PRE_CSRF_COOKIE = "orken_csrf"


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500)


class TokenRequest(BaseModel):
    name: str = Field("api", max_length=100)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("ORKEN_COOKIE_SECURE") == "1"


def _address(request: Request) -> str:
    return client_address(request)


def _set_session_cookie(response: Response, request: Request, key: str) -> None:
    response.set_cookie(SESSION_COOKIE, key, max_age=int(service.SESSION_LIFETIME.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=_secure(request))


def _throttled(exc: service.TooManyAttempts) -> JSONResponse:
    response = problem(429, exc.title, str(exc))
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def me_dict(p: Principal) -> dict:
    return {"signed_in": p.signed_in, "username": p.username, "via": p.via,
            "roles": sorted(str(r) for r in p.roles),
            "grants": [{"role": str(g.role), **g.scope()} for g in p.grants],
            "csrf_token": p.csrf if p.via == "session" else None}


@router.post("/auth/login")
def login(data: Credentials, request: Request, session: Session = Depends(get_session),
          principal: Principal = Depends(get_principal)):
    # signing in touches no one's data but the new session's: a stale cookie's CSRF check does not apply
    principal.extra["csrf_ok"] = True
    try:
        user, key, csrf = service.sign_in(session, data.username, data.password, _address(request))
    except service.TooManyAttempts as exc:
        session.commit()
        return _throttled(exc)
    except service.Unauthorized:
        raise
    body = me_dict(service.principal_of(user, via="session", csrf=csrf))
    response = JSONResponse(body)
    _set_session_cookie(response, request, key)
    return response


@router.post("/auth/logout", status_code=204)
def logout(request: Request, session: Session = Depends(get_session),
           principal: Principal = Depends(get_principal)):
    key = request.cookies.get(SESSION_COOKIE)
    if key and principal.via == "session":
        require_writer(principal)
        service.sign_out(session, key)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/me")
def me(principal: Principal = Depends(get_principal)):
    return me_dict(principal)


@router.post("/auth/tokens", status_code=201)
def create_token(data: TokenRequest, session: Session = Depends(get_session),
                 principal: Principal = Depends(get_principal)):
    """A new API token for yourself; the secret is shown once."""
    require_writer(principal)
    user = session.get(User, principal.user_id)
    return {"name": data.name, "token": service.create_token(session, user, data.name)}


@router.get("/users")
def list_users(session: Session = Depends(get_session), principal: Principal = Depends(get_principal)):
    if not principal.can_manage_users():
        raise (service.Forbidden if principal.signed_in else service.Unauthorized)("only administrators list users")
    users = session.scalars(select(User).order_by(User.username))
    return {"items": [{"id": u.id, "username": u.username, "display_name": u.display_name, "active": u.is_active,
                       "grants": [{"role": g.role, **{k: v for k, v in (("region", g.region), ("sector", g.sector),
                                  ("programme", g.programme), ("project_id", g.project_id),
                                  ("organisation_id", g.organisation_id)) if v is not None}} for g in u.grants]}
                      for u in users]}


# --- the sign-in page ----------------------------------------------------------------------------


def _render(request: Request, name: str, **context) -> HTMLResponse:
    from orken.web.api.monitoring_pages import render

    return render(request, name, **context)


@pages.get("/auth/login")
def login_page(request: Request, next: str = "/", principal: Principal = Depends(get_principal)):
    token = request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = _render(request, "auth/login.html", csrf_token=token, next=_safe_next(next), error=None,
                       principal=principal)
    response.set_cookie(PRE_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/")
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@pages.post("/auth/login")
def login_form(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
               next: str = Form("/"), session: Session = Depends(get_session),
               principal: Principal = Depends(get_principal)):
    expected = request.cookies.get(PRE_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return problem(403, "Forbidden", "the form has expired (CSRF check failed); reload the page")
    principal.extra["csrf_ok"] = True
    try:
        user, key, csrf = service.sign_in(session, username, password, _address(request))
    except service.TooManyAttempts as exc:
        session.commit()
        response = _render(request, "auth/login.html", csrf_token=expected, next=_safe_next(next),
                           error="throttled", principal=principal, status_code=429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except service.Unauthorized:
        session.commit()
        return _render(request, "auth/login.html", csrf_token=expected, next=_safe_next(next), error="wrong",
                       principal=principal, status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session_cookie(response, request, key)
    return response


@pages.post("/auth/logout")
def logout_form(request: Request, csrf_token: str = Form(""), session: Session = Depends(get_session),
                principal: Principal = Depends(get_principal)):
    key = request.cookies.get(SESSION_COOKIE)
    if principal.via == "session":
        if not secrets.compare_digest(csrf_token, principal.csrf or ""):
            return problem(403, "Forbidden", "the form has expired (CSRF check failed); reload the page")
        principal.extra["csrf_ok"] = True
        service.sign_out(session, key)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def install(app: FastAPI) -> None:
    """Routers. (Concurrent-edit failures of PostgreSQL are answered as 409 by ``orken.web.errors``.)"""
    app.include_router(router)
    app.include_router(pages)
