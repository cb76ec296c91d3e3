"""The administrators' pages: users, their roles over scopes (grants), deactivation, a new password,
ending a user's sessions and API tokens.

Every write goes through ``orken.auth.service`` (as ``orken users`` does); the forms are for a
signed-in administrator's browser session (``browser_form_csrf``: an API token cannot make accounts
or passwords). Each form's problems are shown beside its fields, in the page's language; the page's
data is its JSON twin (``render.page``).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken.auth import service
from orken.auth.models import SignInSession, User, UserGrant
from orken.auth.policy import REQUIRED_SCOPE, SCOPE_FIELDS, Grant, Role
from orken.db.models import AdminUnit, Organisation, Programme, Project, Sector
from orken.domain import codes
from orken.i18n import N_
from orken.web.deps import browser_form_csrf, get_session, signed_in
from orken.registry import changelog
from orken.web.pages import i18n
from orken.web.pages.render import page
from orken.web.params import Id

router = APIRouter(include_in_schema=False)

administrators = signed_in(frozenset({Role.ADMINISTRATOR}), page=True, who="the administration",
                           refusal="the administration is for administrators")

#: the roles an administrator grants (the public is what everyone without a grant is)
ROLES = tuple(r.value for r in Role if r != Role.PUBLIC)
#: a scope field -> the msgid of its label
SCOPE_TEXT = {"region": N_("Region"), "sector": N_("Sector"), "programme": N_("Programme"),
              "project_id": N_("Project"), "organisation_id": N_("Organisation")}
#: what a form's problems say (msgids), by kind
PROBLEMS = {
    "username": N_("A user name is 1 to 100 characters, without spaces."),
    "taken": N_("This user name is taken."),
    "password": N_("A password has at least 10 characters."),
    "role": N_("Choose a role."),
    "not_scoped": N_("This role is not limited by this."),
    "needs_scope": N_("This role needs a scope: %(fields)s."),
    "region": N_("There is no region or district with this KATO code."),
    "sector": N_("There is no such sector."),
    "programme": N_("There is no such programme."),
    "project_id": N_("There is no project with this number."),
    "organisation_id": N_("There is no organisation with this number."),
    "self_deactivate": N_("You cannot deactivate your own account."),
    "self_admin": N_("You cannot take the administrator role from yourself."),
    "held": N_("The user already has this role over this scope."),
}
#: what a finished action says (msgids), by ``?done=``
DONE = {
    "created": N_("The user was added."), "granted": N_("The role was granted."),
    "removed": N_("The role was taken away; the user's sessions and API tokens have ended."),
    "deactivated": N_("The user was deactivated; their sessions and API tokens have ended."),
    "activated": N_("The user was activated."),
    "password": N_("The password was set; the user's sessions and API tokens have ended."),
    "revoked": N_("The user's sessions and API tokens have ended."),
}


def _scope_values(session: Session, g: UserGrant | Grant, lang: str) -> list[dict]:
    """A grant's scope in words: each field's label and the object's name (never a bare id or code)."""
    out = []
    for key, value in (("region", g.region), ("sector", g.sector), ("programme", g.programme),
                       ("project_id", g.project_id), ("organisation_id", g.organisation_id)):
        if value is None:
            continue
        model = {"region": AdminUnit, "sector": Sector, "programme": Programme, "project_id": Project,
                 "organisation_id": Organisation}[key]
        row = session.get(model, value)
        name = row.name(lang) if row is not None and hasattr(row, "name") else None
        if key == "sector" and name:
            name = f"{value} — {name}"
        out.append({"field": key, "value": value, "name": name or str(value)})
    return out


#: what the change log keeps of an account (``service.snapshot``) -> the msgid of its label
LOGGED = {"display_name": N_("Full name"), "is_active": N_("State"), "password": N_("Password"),
          "grants": N_("Roles"), "sessions": N_("Sessions"), "tokens": N_("API tokens")}


def _history(session: Session, user: User, lang: str) -> list[dict]:
    """The account's change log in words, newest first: who granted or took away which role, deactivated
    it or set its password (shown as a fingerprint that changes with it)."""
    gettext = i18n.translator(lang)

    def words(field: str, value) -> str:
        if value is None or value == []:
            return "—"
        if field == "is_active":
            return gettext("active") if value else gettext("deactivated")
        if field == "grants":
            out = []
            for g in value:
                grant = Grant(**g)
                scope = "; ".join(f"{gettext(SCOPE_TEXT[s['field']])}: {s['name']}"
                                  for s in _scope_values(session, grant, lang)) or gettext("everything")
                out.append(f"{gettext(codes.USER_ROLES.label(g['role'], g['role']))} ({scope})")
            return "; ".join(out)
        return str(value)

    return [{"id": e.id, "time": e.time.strftime("%Y-%m-%d %H:%M") if e.time else "",
             "actor": (e.actor or "").removeprefix("user:"), "action": e.action, "message": e.message,
             "changes": [{"field": k, "label": gettext(LOGGED[k]), "before": words(k, b), "after": words(k, a),
                          "typed": k == "display_name"}
                         for k, (b, a) in changelog.diff(e.before, e.after).items()
                         if k in LOGGED and words(k, b) != words(k, a) and not (b is None and a == 0)]}
            for e in changelog.history(session, service.LOGGED_AS, user.id, limit=200)]


def _user_dict(session: Session, u: User, lang: str) -> dict:
    return {"id": u.id, "username": u.username, "display_name": u.display_name, "active": u.is_active,
            "password": bool(u.password_hash), "created": u.created_at.date().isoformat() if u.created_at else None,
            "grants": [{"id": g.id, "role": g.role, "scope": _scope_values(session, g, lang)} for g in u.grants]}


def _choices(session: Session, lang: str) -> dict:
    """The lists a grant form offers: roles (with the scope fields each takes), regions, sectors, programmes."""
    regions = session.scalars(select(AdminUnit).where(AdminUnit.level == 1).order_by(AdminUnit.kato))
    sectors = session.scalars(select(Sector).order_by(Sector.code))
    programmes = session.scalars(select(Programme).order_by(Programme.code))
    return {"roles": [{"code": r, "scope": sorted(SCOPE_FIELDS[Role(r)])} for r in ROLES],
            "regions": [{"kato": u.kato, "name": u.name(lang)} for u in regions],
            "sectors": [{"code": s.code, "name": s.name(lang)} for s in sectors],
            "programmes": [{"code": p.code, "name": p.name(lang) if hasattr(p, "name") else p.code} for p in programmes]}


def _grant_from_form(session: Session, form, gettext) -> tuple[Grant | None, dict, dict]:
    """(the grant, {}, the values entered) from a form's ``role`` and scope fields, or (None, the problems
    by field, the values entered)."""
    values = {k: str(form.get(k) or "").strip() for k in ("role", *SCOPE_TEXT)}
    errors: dict[str, str] = {}
    if values["role"] not in ROLES:
        return None, {"role": gettext(PROBLEMS["role"])}, values
    role = Role(values["role"])
    scope: dict = {}
    for key in SCOPE_TEXT:
        raw = values[key]
        if not raw:
            continue
        if key not in SCOPE_FIELDS[role]:
            errors[key] = gettext(PROBLEMS["not_scoped"])
            continue
        if key in ("project_id", "organisation_id"):
            model = Project if key == "project_id" else Organisation
            found = raw.isdigit() and len(raw) < 10 and session.get(model, int(raw)) is not None
            value = int(raw) if found else None
        else:
            value = raw.upper() if key == "sector" and raw.isalpha() else raw
            model = {"region": AdminUnit, "sector": Sector, "programme": Programme}[key]
            found = len(value) <= 50 and session.get(model, value) is not None
        if not found:
            errors[key] = gettext(PROBLEMS[key])
        else:
            scope[key] = value
    required = REQUIRED_SCOPE.get(role)
    if not errors and required and not any(k in scope for k in required):
        errors["role"] = gettext(PROBLEMS["needs_scope"],
                                 fields=", ".join(gettext(SCOPE_TEXT[k]).lower() for k in required))
    if errors:
        return None, errors, values
    return Grant(role=role, **scope), {}, values


def _list_page(request: Request, session: Session, principal, status: int = 200, errors: dict | None = None,
               form: dict | None = None):
    lang = i18n.choose(request)
    users = [_user_dict(session, u, lang) for u in session.scalars(select(User).order_by(User.username))]
    data = {"page": "admin", "users": users, "errors": errors or {}, "form": form or {},
            "choices": _choices(session, lang), "sources": "/sources"}
    return page(request, "admin/users.html", data, status, principal=principal, csrf_token=principal.csrf or "",
                role_label=lambda r: i18n.translator(lang)(codes.USER_ROLES.label(r, r)), scope_text=SCOPE_TEXT)


def _user_page(request: Request, session: Session, principal, user: User, status: int = 200,
               errors: dict | None = None, form: dict | None = None, done: str | None = None):
    lang = i18n.choose(request)
    sessions = session.scalar(select(func.count()).select_from(SignInSession).where(SignInSession.user_id == user.id))
    data = {"page": "admin-user", "user": _user_dict(session, user, lang),
            "tokens": service.list_tokens(session, user), "sessions": sessions or 0, "errors": errors or {},
            "form": form or {}, "done": done if done in DONE else None, "choices": _choices(session, lang),
            "self": user.id == principal.user_id, "history": _history(session, user, lang)}
    return page(request, "admin/user.html", data, status, principal=principal, csrf_token=principal.csrf or "",
                role_label=lambda r: i18n.translator(lang)(codes.USER_ROLES.label(r, r)), scope_text=SCOPE_TEXT,
                done_text=DONE)


def _user(session: Session, user_id: int) -> User:
    from orken.errors import NotFound

    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no user {user_id}")
    return user


@router.get("/admin")
@router.get("/admin.json")
def users_page(request: Request, session: Session = Depends(get_session), principal=Depends(administrators)):
    """Every user with their roles, and the form that adds one."""
    return _list_page(request, session, principal)


@router.post("/admin/users", dependencies=[Depends(administrators)])
async def add_user(request: Request, session: Session = Depends(get_session),
                   principal=Depends(browser_form_csrf)):
    """A new user with an initial password (they change it on their account page) and, if chosen, a role."""
    form = await request.form()
    gettext = i18n.translator(i18n.choose(request))
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    display = str(form.get("display_name") or "").strip()[:200] or None
    errors: dict[str, str] = {}
    if not username or len(username) > 100 or any(c.isspace() for c in username):
        errors["username"] = gettext(PROBLEMS["username"])
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = gettext(PROBLEMS["taken"])
    if not 10 <= len(password) <= 500:
        errors["password"] = gettext(PROBLEMS["password"])
    g, grant_errors, values = (None, {}, {}) if not form.get("role") else _grant_from_form(session, form, gettext)
    errors |= grant_errors
    entered = {"username": username, "display_name": display or "", **values}
    if errors:
        return _list_page(request, session, principal, 422, errors, entered)
    user = service.add_user(session, username, password, display, [g] if g else [])
    return RedirectResponse(f"/admin/users/{user.id}?done=created", status_code=303)


@router.get("/admin/users/{user_id}")
def user_page(user_id: Id, request: Request, done: str | None = None, session: Session = Depends(get_session),
              principal=Depends(administrators)):
    """One user: their roles (grant, take away), their sessions and API tokens (end them), deactivation,
    a new password."""
    return _user_page(request, session, principal, _user(session, user_id), done=done)


@router.post("/admin/users/{user_id}/grants", dependencies=[Depends(administrators)])
async def add_grant(user_id: Id, request: Request, session: Session = Depends(get_session),
                    principal=Depends(browser_form_csrf)):
    user = _user(session, user_id)
    gettext = i18n.translator(i18n.choose(request))
    g, errors, values = _grant_from_form(session, await request.form(), gettext)
    if g is not None and g in [service._as_grant(row) for row in user.grants]:
        errors = {"role": gettext(PROBLEMS["held"])}
    if errors:
        return _user_page(request, session, principal, user, 422, errors, values)
    service.grant(session, user, g)
    return RedirectResponse(f"/admin/users/{user.id}?done=granted", status_code=303)


@router.post("/admin/users/{user_id}/grants/{grant_id}/remove", dependencies=[Depends(administrators)])
def remove_grant(user_id: Id, grant_id: Id, request: Request, session: Session = Depends(get_session),
                 principal=Depends(browser_form_csrf)):
    from orken.errors import NotFound

    user = _user(session, user_id)
    row = next((g for g in user.grants if g.id == grant_id), None)
    if row is None:
        raise NotFound(f"user {user_id} has no grant {grant_id}")
    if user.id == principal.user_id and row.role == Role.ADMINISTRATOR and \
            sum(g.role == Role.ADMINISTRATOR for g in user.grants) == 1:
        gettext = i18n.translator(i18n.choose(request))
        return _user_page(request, session, principal, user, 422, {"grants": gettext(PROBLEMS["self_admin"])})
    g = service._as_grant(row)
    service.revoke(session, user, g.role, g.scope())
    return RedirectResponse(f"/admin/users/{user.id}?done=removed", status_code=303)


@router.post("/admin/users/{user_id}/active", dependencies=[Depends(administrators)])
async def set_active(user_id: Id, request: Request, session: Session = Depends(get_session),
                     principal=Depends(browser_form_csrf)):
    user = _user(session, user_id)
    active = (await request.form()).get("active") == "1"
    if not active and user.id == principal.user_id:
        gettext = i18n.translator(i18n.choose(request))
        return _user_page(request, session, principal, user, 422, {"active": gettext(PROBLEMS["self_deactivate"])})
    service.set_active(session, user, active)
    return RedirectResponse(f"/admin/users/{user.id}?done={'activated' if active else 'deactivated'}", status_code=303)


@router.post("/admin/users/{user_id}/password", dependencies=[Depends(administrators)])
async def set_password(user_id: Id, request: Request, session: Session = Depends(get_session),
                       principal=Depends(browser_form_csrf)):
    """A new password for the user (forgotten, or the first one); every session and token of theirs ends."""
    user = _user(session, user_id)
    password = str((await request.form()).get("password") or "")
    if not 10 <= len(password) <= 500:
        gettext = i18n.translator(i18n.choose(request))
        return _user_page(request, session, principal, user, 422, {"password": gettext(PROBLEMS["password"])})
    service.set_password(session, user, password)
    return RedirectResponse(f"/admin/users/{user.id}?done=password", status_code=303)


@router.post("/admin/users/{user_id}/revoke", dependencies=[Depends(administrators)])
def revoke_credentials(user_id: Id, request: Request, session: Session = Depends(get_session),
                       principal=Depends(browser_form_csrf)):
    """End every sign-in session and revoke every API token of the user."""
    user = _user(session, user_id)
    service.revoke_credentials(session, user)
    return RedirectResponse(f"/admin/users/{user.id}?done=revoked", status_code=303)
