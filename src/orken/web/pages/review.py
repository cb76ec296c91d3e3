"""The review pages: the queue, and one fact with its sentence highlighted and accept/edit/reject forms.

They render inside the site's ``base.html`` through ``orken.web.pages.render.page`` (so each page
also answers JSON with ``.json`` or ``?format=json``), and post forms to themselves: the same
review services as the API do the work; a refusal (stale version, illegal status, bad value) is
shown on the page and nothing is written. Forms carry the session's CSRF token.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from orken.auth.policy import PROJECT_EDITORS, Principal
from orken.errors import Forbidden, Unauthorized
from orken.news import review
from orken.news.schemas import AcceptIn, LinkIn, RejectIn
from orken.news.serialize import fact_dict, for_viewer
from orken.domain import codes
from orken.errors import InvalidInput, OrkenError
from orken.web.deps import form_csrf, get_session, signed_in
from orken.web.params import Id

router = APIRouter(include_in_schema=False)
STATES = codes.FACT_REVIEW_STATES.codes


def _render(request: Request, template: str, data: dict, status: int = 200, **extra):
    from orken.web.pages import i18n
    from orken.web.pages.render import page

    gettext = i18n.translator(i18n.choose(request))
    return page(request, template, {"page": "review", **data}, status,
                measure_label=lambda m: gettext(codes.MEASURES.label(m, m)),
                review_state=lambda s: gettext(codes.FACT_REVIEW_STATES.label(s, s)),
                measures=codes.MEASURES.codes, statuses=codes.PROJECT_STATUSES.codes,
                review_states=codes.FACT_REVIEW_STATES.codes, **extra)


#: the review pages: signed in (else to the sign-in form) with a project-editing role (else 403); the
#: form takes the one CSRF rule (``web.deps.form_csrf``: API tokens may post it too)
reviewer = signed_in(PROJECT_EDITORS, page=True, who="the review queue",
                     refusal="the review queue is for analysts and curators")


@router.get("/review")
@router.get("/review.json")
def queue(request: Request, status: str = "pending", measure: str | None = None, cursor: str | None = None,
          session: Session = Depends(get_session), principal: Principal = Depends(reviewer)):
    f = review.ReviewFilter(status=[status] if status in STATES else [], measure=[measure] if measure else [])
    items, total, next_cursor = review.page(session, f, cursor, 50)
    labels = review.labels(session, items)
    return _render(request, "review/queue.html", {
        "items": [for_viewer(fact_dict(i, labels), principal) for i in items], "total": total, "next": next_cursor,
        "status": status, "measure": measure})


def _fact_page(request: Request, session: Session, principal: Principal, fact_id: int, errors=None, status=200):
    fact = review.get(session, fact_id)
    return _render(request, "review/fact.html", {"fact": review.as_dict(session, fact, current=True, viewer=principal),
                                                "errors": errors or []}, status,
                   csrf_token=principal.csrf or "")


@router.get("/review/{fact_id}")
def one(fact_id: Id, request: Request, session: Session = Depends(get_session),
        principal: Principal = Depends(reviewer)):
    return _fact_page(request, session, principal, fact_id)


def _number(raw: str) -> Decimal:
    try:
        return Decimal(raw.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"value: {raw!r} is not a number") from None


def _integer(name: str, raw: str) -> int:
    """An integer form field that an integer column holds; else a ValueError (shown on the form, 422)."""
    if not (raw.lstrip("-").isascii() and raw.lstrip("-").isdigit()) or abs(int(raw)) > 2**31 - 1:
        raise ValueError(f"{name}: {raw[:40]!r} is not a whole number of an id's size")
    return int(raw)


def _fields(form, names: tuple[str, ...]) -> dict:
    out = {}
    for name in names:
        raw = str(form.get(name, "")).strip()
        if raw:
            out[name] = _number(raw) if name == "value" else _integer(name, raw) if name in (
                "version", "fact_version", "project_id", "zone_id", "organisation_id", "year", "months") else raw
    return out


def _refused(request, session: Session, principal: Principal, fact_id: int, status: int, messages: list[str]):
    """Nothing is written: roll back and show the fact again with the reasons."""
    session.rollback()
    return _fact_page(request, session, principal, fact_id, messages, status)


@router.post("/review/{fact_id}")
async def act(fact_id: Id, request: Request, session: Session = Depends(get_session),
              principal: Principal = Depends(reviewer), _csrf=Depends(form_csrf)):
    """One form for the three actions (``action`` = accept, reject or link)."""
    form = await request.form()
    action = form.get("action")
    try:
        if action == "accept":
            fields = _fields(form, ("version", "fact_version", "value", "unit", "target", "date", "status",
                                    "region_kato", "indicator", "year", "months"))
            fact = review.get(session, fact_id)
            if form.get("name"):
                fields["name"] = {fact.lang if fact.lang in ("kk", "ru") else "ru": str(form["name"]).strip()}
            review.accept(session, fact_id, AcceptIn(**fields), principal)
        elif action == "reject":
            review.reject(session, fact_id, RejectIn(**_fields(form, ("reason", "fact_version"))), principal)
        elif action == "link":
            review.relink(session, fact_id, LinkIn(**_fields(form, ("project_id", "zone_id", "organisation_id",
                                                                    "region_kato", "fact_version"))),
                          principal)
        else:
            return _fact_page(request, session, principal, fact_id, [f"unknown action {action!r}"], 422)
    except ValidationError as exc:
        return _refused(request, session, principal, fact_id, 422,
                        [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()])
    except (Forbidden, Unauthorized):
        raise
    except InvalidInput as exc:
        return _refused(request, session, principal, fact_id, 422, [f"{e['field']}: {e['message']}" for e in exc.errors])
    except OrkenError as exc:
        return _refused(request, session, principal, fact_id, exc.status, [str(exc)])
    except ValueError as exc:
        return _refused(request, session, principal, fact_id, 422, [str(exc)])
    return RedirectResponse(f"/review/{fact_id}", status_code=303)
