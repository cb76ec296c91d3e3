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

from orken import errors
from orken.auth import service
from orken.auth.models import User
from orken.auth.policy import Principal, Role
from orken.web.params import Id
from orken.web.deps import (PRE_CSRF_COOKIE, SESSION_COOKIE, browser_form_csrf, checks_password, client_address,
                            form_csrf, get_principal, get_session, require_writer, sign_in_csrf, signed_in)
from orken.errors import NotFound
from orken.web.errors import problem
from orken.web.api import outputs as O

router = APIRouter(prefix="/api/v1", tags=["auth"])
pages = APIRouter(tags=["auth"], include_in_schema=False)


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500)


class TokenRequest(BaseModel):
    name: str = Field("api", min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=500, description="your password, entered again")
    days: int | None = Field(None, ge=1, le=3650, description="lifetime; at most ORKEN_TOKEN_DAYS (90 by default)")


class PasswordChange(BaseModel):
    current: str = Field(min_length=1, max_length=500)
    new: str = Field(min_length=10, max_length=500)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("ORKEN_COOKIE_SECURE") == "1"


def _address(request: Request) -> str:
    return client_address(request)


def _set_session_cookie(response: Response, request: Request, key: str) -> None:
    response.set_cookie(SESSION_COOKIE, key, max_age=int(service.SESSION_LIFETIME.total_seconds()), path="/",
                        httponly=True, samesite="lax", secure=_secure(request))


def _throttled(exc: errors.TooManyAttempts) -> JSONResponse:
    response = problem(429, exc.title, str(exc))
    response.headers["Retry-After"] = str(exc.retry_after)
    return response


def me_dict(p: Principal) -> dict:
    return {"signed_in": p.signed_in, "username": p.username, "via": p.via,
            "roles": sorted(str(r) for r in p.roles),
            "grants": [{"role": str(g.role), **g.scope()} for g in p.grants],
            "csrf_token": p.csrf if p.via == "session" else None}


@router.post("/auth/login", responses={200: {"model": O.Me}})
@checks_password
def login(data: Credentials, request: Request, session: Session = Depends(get_session),
          principal: Principal = Depends(sign_in_csrf)):
    # signing in touches no one's data but the new session's: a stale cookie's CSRF check does not apply
    try:
        user, key, csrf = service.sign_in(session, data.username, data.password, _address(request))
    except errors.TooManyAttempts as exc:
        session.commit()
        return _throttled(exc)
    except errors.Unauthorized:
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


@router.get("/auth/me", responses={200: {"model": O.Me}})
def me(principal: Principal = Depends(get_principal)):
    return me_dict(principal)


def _require_browser_session(principal: Principal, what: str) -> None:
    """Credentials are made or changed only in a signed-in browser session (CSRF-checked, with the
    password entered again), or by the operator's CLI: a bearer token cannot mint tokens or change
    the password, so a leaked token does not outlive its revocation or expiry."""
    require_writer(principal)
    if principal.via != "session":
        raise errors.Forbidden(f"{what} needs a signed-in browser session and your password "
                                "(or an administrator's `orken users token`); an API token cannot do it")


def _reauthenticate(session: Session, request: Request, principal: Principal, password: str) -> User:
    """The signed-in user, after the password is entered again (throttled like sign-in)."""
    return service.check_password_throttled(session, principal.username, password, _address(request))


@router.get("/auth/tokens", responses={200: {"model": O.TokenList}})
def list_tokens(session: Session = Depends(get_session),
                principal: Principal = Depends(signed_in(who="your tokens"))):
    """Your API tokens (never their secrets): id, name, created, expires, state (active, expired, revoked)."""
    return {"items": service.list_tokens(session, session.get(User, principal.user_id))}


@router.post("/auth/tokens", status_code=201, responses={201: {"model": O.NewToken}})
@checks_password
def create_token(data: TokenRequest, request: Request, session: Session = Depends(get_session),
                 principal: Principal = Depends(get_principal)):
    """A new API token for yourself; the secret is shown once. Only from a signed-in browser session,
    with your password again; an API token cannot mint tokens."""
    _require_browser_session(principal, "creating an API token")
    try:
        user = _reauthenticate(session, request, principal, data.password)
    except errors.TooManyAttempts as exc:
        return _throttled(exc)
    return {"name": data.name, "token": service.create_token(session, user, data.name, data.days)}


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(token_id: Id, session: Session = Depends(get_session),
                 principal: Principal = Depends(get_principal)):
    """Revoke one of your API tokens (an administrator: anyone's)."""
    require_writer(principal)
    owner = None if principal.can_manage_users() else session.get(User, principal.user_id)
    if not service.revoke_token(session, token_id, owner):
        raise NotFound(f"you have no token {token_id}")
    return Response(status_code=204)


@router.post("/auth/password", responses={200: {"model": O.Me}})
@checks_password
def change_password(data: PasswordChange, request: Request, session: Session = Depends(get_session),
                    principal: Principal = Depends(get_principal)):
    """Change your password (the current one first). Every session and API token of yours ends; this
    browser gets a new session (and CSRF token) in the answer."""
    _require_browser_session(principal, "changing the password")
    try:
        user = _reauthenticate(session, request, principal, data.current)
    except errors.TooManyAttempts as exc:
        return _throttled(exc)
    service.set_password(session, user, data.new)
    key, csrf = service.new_session(session, user)
    response = JSONResponse(me_dict(service.principal_of(user, via="session", csrf=csrf)))
    _set_session_cookie(response, request, key)
    return response


@router.get("/users", responses={200: {"model": O.UserList}})
def list_users(session: Session = Depends(get_session),
               _: Principal = Depends(signed_in(frozenset({Role.ADMINISTRATOR}), who="the users",
                                                refusal="only administrators list users"))):
    users = session.scalars(select(User).order_by(User.username))
    return {"items": [{"id": u.id, "username": u.username, "display_name": u.display_name, "active": u.is_active,
                       "grants": [{"role": g.role, **{k: v for k, v in (("region", g.region), ("sector", g.sector),
                                  ("programme", g.programme), ("project_id", g.project_id),
                                  ("organisation_id", g.organisation_id)) if v is not None}} for g in u.grants]}
                      for u in users]}


# --- the sign-in page ----------------------------------------------------------------------------


def _login_page(request: Request, token: str, next: str, error: str | None, principal: Principal,
                status_code: int = 200) -> HTMLResponse:
    """The sign-in form through the one renderer; its data: where it leads and why it is shown again."""
    from orken.web.pages.render import page

    return page(request, "auth/login.html", {"page": "sign-in", "next": _safe_next(next), "error": error},
                status_code, csrf_token=token, next=_safe_next(next), error=error, principal=principal)


@pages.get("/auth/login")
def login_page(request: Request, next: str = "/", principal: Principal = Depends(get_principal)):
    token = request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = _login_page(request, token, next, None, principal)
    response.set_cookie(PRE_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/")
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@pages.post("/auth/login")
@checks_password
def login_form(request: Request, username: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
               next: str = Form("/"), session: Session = Depends(get_session),
               principal: Principal = Depends(sign_in_csrf)):
    expected = csrf_token  # the double-submit cookie's value, checked by ``sign_in_csrf``
    try:
        user, key, csrf = service.sign_in(session, username, password, _address(request))
    except errors.TooManyAttempts as exc:
        session.commit()
        response = _login_page(request, expected, next, "throttled", principal, 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except errors.Unauthorized:
        session.commit()
        return _login_page(request, expected, next, "wrong", principal, 401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _set_session_cookie(response, request, key)
    return response


@pages.post("/auth/logout")
def logout_form(request: Request, session: Session = Depends(get_session),
                principal: Principal = Depends(form_csrf)):
    """Sign this browser out (for a token or the public: nothing to end, the cookie is dropped)."""
    key = request.cookies.get(SESSION_COOKIE)
    if principal.via == "session":
        service.sign_out(session, key)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- the user's own page: their API tokens, a new token, a new password ------------------------------

#: msgids of the token states
TOKEN_STATES = {"active": "active", "expired": "expired", "revoked": "revoked"}


def _account_page(request: Request, session: Session, principal: Principal, status_code: int = 200, **context):
    from orken.web.pages.render import page

    user = session.get(User, principal.user_id)
    tokens = service.list_tokens(session, user)
    roles = sorted(str(r) for r in principal.roles)
    context = {"done": None, "error": None, "new_token": None, **context}
    data = {"page": "account", "username": principal.username, "roles": roles, "tokens": tokens,
            "longest_token_days": service.token_lifetime().days, "done": context["done"], "error": context["error"]}
    return page(request, "auth/account.html", data, status_code, principal=principal, tokens=tokens,
                states=TOKEN_STATES, roles=roles, csrf_token=principal.csrf or "",
                longest=service.token_lifetime().days, **context)


#: the account page is for the signed-in user; its forms make or end credentials, so they are for a
#: browser session only (``browser_form_csrf``): an API token cannot mint tokens or change the password
account_holder = signed_in(page=True, who="your account", back_to="/account")


@pages.get("/account")
def account_page(request: Request, done: str | None = None, session: Session = Depends(get_session),
                 principal: Principal = Depends(account_holder)):
    """Your account: your API tokens (revoke them), a new token, a new password."""
    return _account_page(request, session, principal, done=done if done in ("revoked", "password") else None)


@pages.post("/account/tokens/{token_id}/revoke", dependencies=[Depends(account_holder)])
def account_revoke_token(token_id: Id, request: Request, session: Session = Depends(get_session),
                         principal: Principal = Depends(browser_form_csrf)):
    if not service.revoke_token(session, token_id, session.get(User, principal.user_id)):
        return problem(404, "Not found", f"you have no token {token_id}")
    return RedirectResponse("/account?done=revoked", status_code=303)


def _password_again(request: Request, session: Session, principal: Principal, password: str):
    """(the user, None) if ``password`` is theirs, throttled as sign-in is; else (None, the account page
    saying why: 429 with Retry-After, or 401)."""
    try:
        return _reauthenticate(session, request, principal, password), None
    except errors.TooManyAttempts as exc:
        response = _account_page(request, session, principal, 429, error="throttled")
        response.headers["Retry-After"] = str(exc.retry_after)
        return None, response
    except errors.Unauthorized:
        return None, _account_page(request, session, principal, 401, error="wrong")


@pages.post("/account/tokens", dependencies=[Depends(account_holder)])
@checks_password
def account_create_token(request: Request, name: str = Form("api"), password: str = Form(""),
                         days: str = Form(""), session: Session = Depends(get_session),
                         principal: Principal = Depends(browser_form_csrf)):
    longest = service.token_lifetime().days
    try:
        lifetime = int(days) if days.strip() else longest
    except ValueError:
        lifetime = 0
    if not 1 <= lifetime <= longest:
        return _account_page(request, session, principal, 422, error="days")
    user, refused = _password_again(request, session, principal, password)
    if refused:
        return refused
    secret = service.create_token(session, user, (name.strip() or "api")[:100], lifetime)
    response = _account_page(request, session, principal, 201, new_token=secret)
    response.headers["Cache-Control"] = "no-store"
    return response


@pages.post("/account/password", dependencies=[Depends(account_holder)])
@checks_password
def account_password(request: Request, current: str = Form(""), new: str = Form(""), confirm: str = Form(""),
                     session: Session = Depends(get_session), principal: Principal = Depends(browser_form_csrf)):
    if new != confirm:
        return _account_page(request, session, principal, 422, error="mismatch")
    if len(new) < 10 or len(new) > 500:
        return _account_page(request, session, principal, 422, error="short")
    user, refused = _password_again(request, session, principal, current)
    if refused:
        return refused
    service.set_password(session, user, new)
    key, _csrf = service.new_session(session, user)
    response = RedirectResponse("/account?done=password", status_code=303)
    _set_session_cookie(response, request, key)
    return response


def install(app: FastAPI) -> None:
    """Routers. (Concurrent-edit failures of PostgreSQL are answered as 409 by ``orken.web.errors``.)"""
    app.include_router(router)
    app.include_router(pages)
