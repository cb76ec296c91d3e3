"""The review pages: the queue, and one fact with its sentence highlighted and accept/edit/reject forms.

They render inside the site's ``base.html`` through ``orken.web.pages.render.page`` (so each page
also answers JSON with ``.json`` or ``?format=json``), and post forms to themselves: the same
review services as the API do the work; a refusal (stale version, illegal status, bad value) is
shown on the page and nothing is written. Forms carry the session's CSRF token.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from orken.auth.policy import PROJECT_EDITORS, Principal
from orken.errors import Forbidden, Unauthorized
from orken.news import explain, lookup, review
from orken.news.schemas import AcceptIn, LinkIn, RejectIn
from orken.news.serialize import fact_dict, for_viewer
from orken.domain import codes
from orken.domain.units import UNITS
from orken.i18n import N_
from orken.news.values import MONEY_UNITS
from orken.errors import InvalidInput, OrkenError
from orken.web.deps import form_csrf, get_session, signed_in
from orken.watch import corroborate
from orken.web.params import Id

router = APIRouter(include_in_schema=False)
STATES = codes.FACT_REVIEW_STATES.codes


#: English msgids of what a fact may be linked to
KIND_TEXT = {"project": N_("Project"), "zone": N_("Zone"), "organisation": N_("Organisation"),
             "region": N_("Region"), "district": N_("District")}
#: English msgids of a candidate's evidence (``orken.news.explain``)
EVIDENCE_WORDS = {"same_region": N_("same region"), "same_district": N_("same district"),
                  "other_region": N_("another region"), "same_year": N_("same year")}


def unit_words(unit: str | None, period: str | None, lang: str, gettext) -> str:
    """A fact's unit in the page's language: ``₸``, ``USD``, ``тыс. т в год``, ``persons``; never a code."""
    from orken.web.pages.render import PERIOD_TEXT, unit_label

    if unit is None:
        text = ""
    elif unit == "KZT":
        text = "₸"
    elif unit in MONEY_UNITS or unit == "%":
        text = unit
    elif unit == "person":
        text = gettext("persons")
    elif unit in UNITS:
        text = unit_label(unit, lang)
    else:
        text = gettext("another unit")
    if period:
        text += " " + gettext(PERIOD_TEXT.get(period, "a year"))
    return text


def figure_words(value: dict | None, lang: str, gettext) -> str:
    """A fact's figure in words: ``120 млрд ₸``, ``450 persons``, a status, ``(2025)``; "—" when there is none."""
    from orken.web import format as fmt
    from orken.web.pages.render import STATUS_TEXT

    if not value:
        return "—"
    amount, unit = value.get("amount"), value.get("unit")
    if amount is not None:
        if unit == "KZT":
            text = fmt.money(amount, lang)
        elif unit in MONEY_UNITS:
            text = f"{fmt.short(amount, lang)} {unit}"
        else:
            decimals = 0 if Decimal(str(amount)) == Decimal(str(amount)).to_integral_value() else 2
            text = f"{fmt.number(amount, lang, decimals)} {unit_words(unit, value.get('period'), lang, gettext)}".strip()
    elif value.get("status"):
        text = gettext(STATUS_TEXT[value["status"]]) if value["status"] in STATUS_TEXT else "—"
    else:
        return "—"
    if value.get("year"):
        text += " " + gettext("in %(year)s", year=value["year"])
    return text


def evidence_words(items: list[dict], lang: str, gettext) -> str:
    """Why a candidate matched, in words: name similarity with the shared words, place, year, investor."""
    from orken.web import format as fmt
    from orken.web.pages import i18n

    out = []
    for e in items or []:
        if e.get("kind") == "name":
            text = gettext("name similarity %(score)s", score=fmt.number(e.get("score") or 0, lang, 2))
            if e.get("words"):
                text += " (" + gettext("shared words: %(words)s", words=", ".join(f"«{w}»" for w in e["words"])) + ")"
            out.append(text)
        elif e.get("kind") == "investor":
            out.append(gettext("investor %(name)s", name=i18n.pick(e.get("name"), lang)))
        else:
            out.append(gettext(EVIDENCE_WORDS.get(e.get("kind"), "other evidence")))
    return ", ".join(out)


def unit_choices(unit: str | None) -> list[str]:
    """The units a fact's figure may be corrected to: those of the same kind as its own."""
    if unit in MONEY_UNITS:
        return ["KZT", *sorted(MONEY_UNITS - {"KZT"})]
    if unit in UNITS:
        return [u for u, spec in UNITS.items() if spec.dimension == UNITS[unit].dimension]
    return [unit] if unit else []


def _render(request: Request, template: str, data: dict, status: int = 200, **extra):
    from orken.web.pages import i18n
    from orken.web.pages.render import FIELD_TEXT, page

    lang = i18n.choose(request)
    gettext = i18n.translator(lang)

    def writes(target, value):
        if target == "source":
            return gettext("the article as a source")
        if target == "status":
            return f"{gettext(FIELD_TEXT['status'])}: {figure_words({'status': (value or {}).get('status')}, lang, gettext)}"
        return f"{gettext(FIELD_TEXT.get(target, 'another field'))}: {figure_words(value, lang, gettext)}"

    return page(request, template, {"page": "review", **data}, status,
                measure_label=lambda m: gettext(codes.MEASURES.label(m, m)),
                review_state=lambda s: gettext(codes.FACT_REVIEW_STATES.label(s, s)),
                kind_label=lambda t, k=None: gettext(KIND_TEXT.get(k if k == "district" else t, "Other")),
                figure_words=lambda v: figure_words(v, lang, gettext),
                evidence_words=lambda items: evidence_words(items, lang, gettext),
                writes_words=writes, unit_choices=unit_choices,
                unit_text=lambda u, period=None: unit_words(u, period, lang, gettext),
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


def _conflict(session: Session, fact) -> dict | None:
    """The conflict this fact is part of (other figures of the same project and measure), each figure with its
    sentences, outlets and dates: shown side by side."""
    if fact.project_id is None:
        return None
    for c in corroborate.conflicts(session, [fact.project_id]):
        if any(f["id"] == fact.id for v in c["values"] for f in v["facts"]):
            return c
    return None


def _fact_page(request: Request, session: Session, principal: Principal, fact_id: int, errors=None, status=200,
               q: str | None = None, kind: str | None = None):
    fact = review.get(session, fact_id)
    body = review.as_dict(session, fact, current=True, viewer=principal)
    data = {"fact": body, "errors": errors or [], "candidates": explain.candidates(session, fact),
            "preview": explain.preview(session, fact), "conflict": _conflict(session, fact), "lookup": None,
            "places": explain.places(session) if body["link"] is None else []}
    if q and q.strip():
        kinds = (kind,) if kind in lookup.KINDS else lookup.KINDS
        data["lookup"] = {"q": q.strip()[:200], "kind": kind if kind in lookup.KINDS else None,
                          "items": explain.actionable(session, fact, lookup.as_dicts(
                              session, lookup.search(session, q, kinds)))}
    return _render(request, "review/fact.html", data, status, csrf_token=principal.csrf or "",
                   lookup_kinds=lookup.KINDS)


@router.get("/review/{fact_id}")
def one(fact_id: Id, request: Request, q: str | None = Query(None, max_length=200), kind: str | None = None,
        session: Session = Depends(get_session), principal: Principal = Depends(reviewer)):
    """One fact; ``q`` (and ``kind``) searches the registry and the places by name for what to link it to."""
    return _fact_page(request, session, principal, fact_id, q=q, kind=kind)


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
        elif action in ("link", "link_accept"):
            review.relink(session, fact_id, LinkIn(**_fields(form, ("project_id", "zone_id", "organisation_id",
                                                                    "region_kato", "fact_version"))),
                          principal)
            if action == "link_accept":  # a candidate's "accept with this link": the version of it the page showed
                review.accept(session, fact_id, AcceptIn(**_fields(form, ("version",))), principal)
        else:
            return _fact_page(request, session, principal, fact_id, [f"unknown action {action!r}"], 422)
    except ValidationError as exc:
        return _refused(request, session, principal, fact_id, 422,
                        [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()])
    except Unauthorized:
        raise
    except Forbidden:  # the scope check as the API's; on the page, said in the page's language
        from orken.web.pages import i18n

        message = i18n.translator(i18n.choose(request))("This fact is outside your scope: you may not change it.")
        return _refused(request, session, principal, fact_id, 403, [message])
    except InvalidInput as exc:
        return _refused(request, session, principal, fact_id, 422, [f"{e['field']}: {e['message']}" for e in exc.errors])
    except OrkenError as exc:
        return _refused(request, session, principal, fact_id, exc.status, [str(exc)])
    except ValueError as exc:
        return _refused(request, session, principal, fact_id, 422, [str(exc)])
    return RedirectResponse(f"/review/{fact_id}", status_code=303)
