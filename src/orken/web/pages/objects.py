"""Every entity editable in the browser, generated from its spec (NetBox's generic object views).

For each ``orken.registry.entities.Entity`` this module mounts, under the entity's ``path``:

- ``GET  {path}`` — the list (paginated; where the spec has no public list page of its own);
- ``GET  {path}/{id}`` — the object (where the entity has no public page of its own);
- ``GET/POST {path}/new`` — the create form; ``GET/POST {path}/{id}/edit`` — the edit form;
- ``GET/POST {path}/{id}/delete`` — the confirmation and the delete;
- ``GET  {path}/{id}/history`` — the change log of the object, field by field, before → after.

The forms are generated from the spec's Pydantic ``create_in`` / ``update_in`` models (``describe``):
a vocabulary's ``Literal`` or enum becomes a select of its labels, a nested model a fieldset, a list
of models repeatable rows (one more row with the "add a row" button, no JavaScript), and a few
field names take their choices from the reference data (regions, districts, sectors, organisations,
zones, programmes, projects, units). A submitted form is read back into the same input model and
written through the one write path (``entities.create/update/delete``) with the API's checks; each
error is shown beside its field in the page's language, and what was typed stays in the form.

An edit sends only what the person changed (the form carries the values it started from), so a
stale edit (``VersionConflict``) is shown with what changed meanwhile (field, their value, your
value) and the form is offered again on the current version with the person's changes re-applied.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from orken import capabilities
from orken.auth.policy import PROJECT_EDITORS, TARGET_SETTERS, ZONE_EDITORS, Principal, Subject
from orken.domain import codes
from orken.errors import Forbidden, GrantsHeld, InvalidInput, NotFound, VersionConflict, told
from orken.i18n import N_
from orken.registry import changelog, entities
from orken.registry.entities import ENTITIES, Entity
from orken.web.deps import change_log_reader, form_csrf, get_session, signed_in
from orken.web.pages import i18n
from orken.web.pages.render import CODE_TEXT, FIELD_TEXT, STATUS_TEXT, page
from orken.web.params import Id

capabilities.load_models()  # every capability's entity specs are declared

#: fields no form shows (a boundary is drawn elsewhere; a document is linked by the review queue)
HIDDEN = {"boundary", "status_history", "document_id", "is_sample", "version"}
#: long texts: a text area
LONG = {"description", "note", "quote", "status_note", "management_contact", "problems", "needs"}
#: entities whose list and view are existing public pages (``orken.web.pages.routes``)
OWN_PAGES = {"project", "zone", "contact"}
OWN_LISTS = {"project", "zone"}
#: rows a list field offers beyond those it holds
SPARE_ROWS = 1
PAGE_SIZE = 50

#: English labels (gettext msgids) of the input fields, beside the registry's own field names
LABELS = {
    "amount": N_("Amount"), "area_ha": N_("Area, ha"), "as_of": N_("As of"), "bin": N_("BIN"),
    "by_organisation_id": N_("Provided by"), "capacity_mw": N_("Capacity, MW"), "country": N_("Country (two letters)"),
    "currency": N_("Currency"), "date": N_("Date"), "due": N_("Due"), "email": N_("E-mail"), "end": N_("End"),
    "established": N_("Established"), "established_year": N_("Year established"), "free_area_ha": N_("Free area, ha"),
    "horizon": N_("Horizon year"), "incentives": N_("Incentives"), "infrastructure": N_("Infrastructure"),
    "investment": N_("Investment"), "investment_as_of": N_("Investment as of"),
    "investment_kzt": N_("Investment, KZT"), "investment_target_kzt": N_("Investment target, KZT"),
    "jobs": N_("Jobs"), "jobs_as_of": N_("Jobs as of"), "jobs_permanent": N_("Permanent jobs"),
    "kato": N_("Region or district"), "kind": N_("Kind"), "lang": N_("Language"),
    "launch_actual_precision": N_("Actual launch given to"), "launch_planned_precision": N_("Planned launch given to"),
    "launch_actual_text": N_("Actual launch as reported"), "launch_planned_text": N_("Planned launch as reported"),
    "local_content_percent": N_("Local content, %"), "location_precision": N_("Location given to"),
    "management_company_id": N_("Management company"), "management_contact": N_("Management contacts"),
    "map_level": N_("Map level"), "organisation_id": N_("Organisation"), "organisations": N_("Investors and participants"),
    "output_kzt": N_("Output, KZT"), "participants_count": N_("Number of participants"), "partners": N_("Partners"),
    "period": N_("Per"), "phase": N_("Phase"), "phone": N_("Phone"), "position": N_("Position"),
    "product": N_("Product"), "programme": N_("Programme"), "projects": N_("Projects"),
    "projects_count": N_("Number of projects"), "projects_launched": N_("Projects launched"),
    "projects_target": N_("Projects target"), "quantity": N_("Quantity"), "quote": N_("Quote"),
    "reported_investment_kzt": N_("Reported investment, KZT"), "reported_jobs": N_("Reported jobs"),
    "role": N_("Role"), "seq": N_("Number"), "share_percent": N_("Share, %"), "specialisation": N_("Specialisation"),
    "specialisation_oked": N_("Specialisation, OKED"), "start": N_("Start"), "state": N_("State"),
    "status_as_of": N_("Status as of"), "status_note": N_("Note on the status change"),
    "status_date": N_("Date of the status"), "targets": N_("Targets"), "title": N_("Title"), "unit": N_("Unit"),
    "url": N_("Link"), "valid_until_year": N_("Valid until"), "year": N_("Year"), "external_id": N_("External identifier"),
    "lat": N_("Latitude"), "lon": N_("Longitude"), "oked": N_("Sector (OKED)"), "sector": N_("Sector"),
}

#: the words of the pages (declared here, translated through the catalogs)
WORDS = {
    "create": N_("New: %(kind)s"), "edit": N_("Edit: %(name)s"), "delete": N_("Delete: %(name)s"),
    "history": N_("History: %(name)s"),
}

#: the registry's messages (English, for the API) in the words of the catalogs: a pattern of the
#: message and the msgid it is shown as; anything else is shown as a generic refusal, never in English
GENERIC = N_("This value is not accepted.")


def message_text(problem: dict | Exception, gettext) -> str:
    """What a person is told of a service's refusal (an ``InvalidInput`` entry or a validator's
    ``Refusal``): its msgid in the page's language, else a generic refusal."""
    return told(problem, gettext) or gettext(GENERIC)


def pydantic_text(error: dict, gettext) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return gettext("Fill this in.")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return gettext("Write a whole number.")
    if kind in ("decimal_parsing", "float_parsing", "decimal_type", "float_type", "finite_number"):
        return gettext("Write a number.")
    if kind.startswith("date"):
        return gettext("Write a date.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = (error.get("ctx") or {}).get("ge", (error.get("ctx") or {}).get("gt", 0))
        return gettext("The value cannot be negative.") if str(limit) in ("0", "0.0") else gettext("The value is too small.")
    if kind in ("less_than_equal", "less_than", "decimal_max_digits", "decimal_whole_digits"):
        return gettext("The value is too large.")
    if kind == "decimal_max_places":
        return gettext("Too many decimal places.")
    if kind in ("string_too_long",):
        return gettext("The text is too long.")
    if kind in ("too_long",):
        return gettext("Too many rows.")
    if kind in ("string_too_short",):
        return gettext("Fill this in.")
    if kind in ("literal_error", "enum"):
        return gettext("Choose one of the options.")
    if kind == "string_pattern_mismatch":
        return gettext("The format is not right.")
    if kind == "value_error":
        return message_text((error.get("ctx") or {}).get("error") or {}, gettext)
    return gettext("Check this value.")


# --- the form's description, from the input model ------------------------------------------------------


@dataclass
class Spec:
    """One field of a generated form: ``kind`` is text, long, int, decimal, date, bool, select, multi,
    lines, i18n (a name in three languages), group (a nested model) or rows (a list of models)."""

    name: str
    kind: str
    required: bool = False
    default: typing.Any = None
    choices: str | tuple | None = None  # a reference source's name, or (code, msgid) pairs
    children: list[Spec] = field(default_factory=list)


def _unwrap(annotation):
    """The type inside ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else str
        else:
            return annotation


def _vocabulary(values: tuple) -> tuple:
    """(code, label msgid) pairs of the vocabulary holding exactly these codes (else the codes' words)."""
    for vocabulary in vars(codes).values():
        if isinstance(vocabulary, codes.Vocabulary) and set(vocabulary.codes) == set(values):
            return tuple((e.code, e.label) for e in vocabulary)
    if set(values) == {c.value for c in codes_currency()}:
        return tuple((v, v) for v in values)
    return tuple((v, CODE_TEXT.get(v, STATUS_TEXT.get(v, v))) for v in values)


def codes_currency():
    from orken.domain.money import Currency

    return Currency


#: field names whose choices come from the reference data or the registry
SOURCES = {"region_kato": "regions", "district_kato": "districts", "kato": "places", "organisation_id": "organisations",
           "by_organisation_id": "organisations", "management_company_id": "organisations", "zone_id": "zones",
           "oked": "sectors", "sector": "sectors", "programmes": "programmes", "programme": "programmes",
           "projects": "projects", "unit": "units", "lang": "languages", "specialisation_oked": "sections"}


def _describe_one(name: str, info) -> Spec:
    annotation = _unwrap(info.annotation)
    required = info.is_required()
    default = None if info.default is None or required else info.default
    if isinstance(default, enum.Enum):
        default = default.value
    origin = typing.get_origin(annotation)
    if origin is list:
        inner = _unwrap(typing.get_args(annotation)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return Spec(name, "rows", required, children=describe(inner))
        if name in SOURCES:
            return Spec(name, "multi", required, choices=SOURCES[name])
        if typing.get_origin(inner) is typing.Literal:
            return Spec(name, "multi", required, choices=_vocabulary(typing.get_args(inner)))
        return Spec(name, "lines", required)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = set(annotation.model_fields)
        if fields <= {"kk", "ru", "en"}:
            return Spec(name, "i18n", required, children=[Spec(k, "long" if name in LONG else "text") for k in ("kk", "ru", "en")])
        return Spec(name, "group", required, children=describe(annotation))
    if name in SOURCES:
        return Spec(name, "select", required, default, choices=SOURCES[name])
    if typing.get_origin(annotation) is typing.Literal:
        return Spec(name, "select", required, default, choices=_vocabulary(typing.get_args(annotation)))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return Spec(name, "select", required, default, choices=_vocabulary(tuple(e.value for e in annotation)))
    if annotation is bool:
        return Spec(name, "bool", required, default)
    if annotation is int:
        return Spec(name, "int", required, default)
    if annotation in (Decimal, float):
        return Spec(name, "decimal", required, default)
    if annotation is dt.date:
        return Spec(name, "date", required, default)
    if annotation is dict:
        return Spec(name, "skip")
    return Spec(name, "long" if name in LONG else "text", required, default)


ORDER = {"i18n": 0, "select": 1, "text": 1, "int": 1, "decimal": 1, "date": 1, "bool": 1, "multi": 2, "lines": 2,
         "long": 3, "group": 4, "rows": 5}


@lru_cache(maxsize=64)
def _describe(model: type) -> tuple[Spec, ...]:
    specs = [_describe_one(n, info) for n, info in model.model_fields.items() if n not in HIDDEN]
    specs = [s for s in specs if s.kind != "skip"]
    return tuple(sorted(specs, key=lambda s: (0 if s.name == "name" else 1, ORDER[s.kind])))


def describe(model: type) -> list[Spec]:
    return list(_describe(model))


# --- values: the object's state as form values, a form read back into the input model -----------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


def flatten(specs: list[Spec], state: dict | None, prefix: str = "") -> dict:
    """Form values (name -> text, or a list of texts for a multiple choice) from a state dict."""
    out: dict = {}
    state = state or {}
    for s in specs:
        key = prefix + s.name
        value = state.get(s.name)
        if s.kind in ("group", "i18n"):
            out.update(flatten(s.children, value if isinstance(value, dict) else {}, key + "."))
        elif s.kind == "rows":
            for i, row in enumerate(value or []):
                out.update(flatten(s.children, row if isinstance(row, dict) else {}, f"{key}.{i}."))
        elif s.kind == "multi":
            out[key] = [_text(v) for v in value or []]
        elif s.kind == "lines":
            out[key] = "\n".join(_text(v) for v in value or [])
        else:
            out[key] = _text(value)
    return out


def rows_of(values: dict, name: str) -> int:
    """How many rows a list field holds in ``values``."""
    found = [int(m.group(1)) for k in values for m in [re.match(re.escape(name) + r"\.(\d+)\.", k)] if m]
    return max(found) + 1 if found else 0


def read_form(specs: list[Spec], form) -> dict:
    """The submitted form as form values (the shape ``flatten`` gives); rows are renumbered from 0 as
    read, leaving out removed and empty rows."""
    out: dict = {}
    _read(specs, form, "", "", out)
    return out


def _leaves(specs, prefix):
    for s in specs:
        if s.kind in ("group", "i18n"):
            yield from _leaves(s.children, prefix + s.name + ".")
        else:
            yield s, prefix + s.name


def _read(specs: list[Spec], form, source: str, target: str, out: dict) -> None:
    for s in specs:
        src, dst = source + s.name, target + s.name
        if s.kind in ("group", "i18n"):
            _read(s.children, form, src + ".", dst + ".", out)
        elif s.kind == "rows":
            indices = sorted({int(m.group(1)) for k in form.keys() for m in [re.match(re.escape(src) + r"\.(\d+)\.", k)] if m})
            n = 0
            for i in indices[:500]:
                if form.get(f"{src}.{i}._remove"):
                    continue
                row: dict = {}
                _read(s.children, form, f"{src}.{i}.", f"{dst}.{n}.", row)
                if _blank(s.children, row, f"{dst}.{n}."):
                    continue
                out.update(row)
                n += 1
        elif s.kind == "multi":
            out[dst] = [str(v) for v in form.getlist(src) if str(v)]
        elif s.kind == "lines":
            out[dst] = str(form.get(src, "") or "")
        else:
            out[dst] = str(form.get(src, "") or "").strip()


def _blank(specs: list[Spec], values: dict, prefix: str) -> bool:
    """A row or group left empty: nothing typed except what its fields offer by default."""
    for s, key in _leaves(specs, prefix):
        if s.kind == "rows":
            if any(k.startswith(key + ".") for k in values):
                return False
            continue
        value = values.get(key)
        if value in (None, "", []):
            continue
        if s.default is not None and value == _text(s.default):
            continue
        return False
    return True


NUMBER_SPACES = str.maketrans("", "", " \u00a0\u202f")


def nest(specs: list[Spec], values: dict, prefix: str = "", only: set[str] | None = None) -> dict:
    """The input model's payload from form values: empty fields become None (or are left out on create)."""
    out: dict = {}
    for s in specs:
        if only is not None and s.name not in only:
            continue
        key = prefix + s.name
        if s.kind in ("group", "i18n"):
            if _blank(s.children, values, key + "."):
                # a required name left empty: the model's own check says what it needs
                out[s.name] = {} if s.kind == "i18n" and s.required else None
            else:
                out[s.name] = nest(s.children, values, key + ".")
                if s.kind == "i18n":
                    out[s.name] = {k: v for k, v in out[s.name].items() if v is not None}
        elif s.kind == "rows":
            out[s.name] = [nest(s.children, values, f"{key}.{i}.") for i in range(rows_of(values, key))]
        elif s.kind == "multi":
            out[s.name] = list(values.get(key) or [])
        elif s.kind == "lines":
            out[s.name] = [line.strip() for line in (values.get(key) or "").splitlines() if line.strip()]
        else:
            raw = values.get(key, "")
            if raw == "":
                out[s.name] = None
            elif s.kind in ("int", "decimal"):
                out[s.name] = raw.translate(NUMBER_SPACES).replace(",", ".")
            elif s.kind == "bool":
                out[s.name] = raw == "1"
            else:
                out[s.name] = raw
    return out


def _drop_none(value):
    """A create payload: fields left empty are left out (the model's defaults apply)."""
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def changed_fields(specs: list[Spec], mine: dict, orig: dict) -> set[str]:
    """The top-level fields whose values the person changed."""
    changed = set()
    for s in specs:
        keys = {k for k in set(mine) | set(orig) if k == s.name or k.startswith(s.name + ".")}
        if any(_norm(mine.get(k)) != _norm(orig.get(k)) for k in keys):
            changed.add(s.name)
    return changed


def _norm(value):
    if value in (None, "", []):
        return None
    if isinstance(value, list):
        return sorted(value)
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def field_errors(exc, gettext) -> dict[str, str]:
    """Field name -> message in the page's language, from the model's or the service's refusal."""
    out: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ()) if not str(p).startswith(("function-", "decimal", "constrained"))]
            out.setdefault(".".join(loc) or "_form", pydantic_text(e, gettext))
    else:
        for e in exc.errors:
            out.setdefault(e.get("field") or "_form", message_text(e, gettext))
    return out


# --- choices: reference data and registry records in the page's language ------------------------------


def choices(session: Session, source, lang: str, gettext) -> list[tuple[str, str]]:
    from orken.db.models import AdminUnit, Organisation, Programme, Project, Sector, Zone

    if isinstance(source, tuple):
        return [(code, gettext(label) if label != code or code not in ("KZT", "USD", "EUR", "RUB", "CNY") else code, "")
                for code, label in source]
    if source in ("regions", "districts", "places"):
        units = list(session.scalars(select(AdminUnit).where(AdminUnit.valid_to.is_(None))))
        names = {u.kato: u.name(lang) for u in units}
        regions = sorted(((u.kato, u.name(lang)) for u in units if u.level == 1), key=lambda r: r[1])
        districts = sorted(((u.kato, f"{u.name(lang)} — {names.get(u.parent_kato, '')}") for u in units if u.level == 2),
                           key=lambda r: r[1])
        found = regions if source == "regions" else districts if source == "districts" else regions + districts
        return [(code, label, "") for code, label in found]
    if source in ("sectors", "sections"):
        rows = session.scalars(select(Sector).order_by(Sector.code))
        return [(s.code, f"{s.code} — {s.name(lang)}", "") for s in rows if source == "sectors" or s.level == "section"]
    if source == "organisations":
        rows = session.scalars(select(Organisation).order_by(Organisation.name_ru, Organisation.id).limit(5000))
        return [(str(o.id), *_tagged(o, lang)) for o in rows]
    if source == "zones":
        rows = session.scalars(select(Zone).order_by(Zone.name_ru, Zone.id).limit(5000))
        return [(str(z.id), *_tagged(z, lang)) for z in rows]
    if source == "programmes":
        rows = session.scalars(select(Programme).order_by(Programme.code))
        return [(p.code, *_tagged(p, lang)) if hasattr(p, "name_ru") else (p.code, p.code, "") for p in rows]
    if source == "projects":
        rows = session.execute(select(Project.id, Project.name_kk, Project.name_ru, Project.name_en)
                               .order_by(Project.sort_name, Project.id).limit(5000))
        return [(str(r.id), *_tagged(r, lang)) for r in rows]
    if source == "units":
        from orken.domain.units import UNITS

        return [(code, u.names.get(lang, code), "") for code, u in UNITS.items()]
    if source == "languages":
        return [(code, i18n.LANG_NAMES.get(code, code), code) for code in ("kk", "ru", "en")]
    return []


def _tagged(obj, lang: str) -> tuple[str, str]:
    """A record's name in the page's language, else in another (and which, for the option's ``lang``)."""
    order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}[lang]
    for code in order:
        text = getattr(obj, f"name_{code}", None)
        if text:
            return text, "" if code == lang else code
    return f"#{obj.id}" if hasattr(obj, "id") else str(getattr(obj, "code", "")), ""


#: choices that are records' names (data, in whatever language they were written), not interface words
RECORDS = {"organisations", "zones", "projects"}


def form_fields(session: Session, specs: list[Spec], lang: str, gettext, cache: dict | None = None) -> list[dict]:
    """The form's description as JSON-ready data: each field's name, kind, label and choices."""
    cache = {} if cache is None else cache
    out = []
    for s in specs:
        label = LABELS.get(s.name) or FIELD_TEXT.get(s.name) or s.name
        if s.name in ("kk", "ru", "en"):
            label = i18n.LANG_NAMES.get(s.name, s.name)
        else:
            label = gettext(label)
        item = {"name": s.name, "kind": s.kind, "label": label, "required": s.required,
                "default": _text(s.default) if s.default is not None else ""}
        if s.choices is not None:
            key = s.choices if isinstance(s.choices, str) else id(s.choices)
            if key not in cache:
                cache[key] = choices(session, s.choices, lang, gettext)
            item["choices"] = cache[key]
            item["records"] = s.choices in RECORDS
        if s.children:
            item["children"] = form_fields(session, s.children, lang, gettext, cache)
        out.append(item)
    return out


# --- who may do what (the same rules the flush guard applies, asked before showing a button) ----------


def may(session: Session, principal: Principal | None, entity: Entity, obj=None) -> bool:
    """Whether to offer creating (``obj`` None), editing and deleting; the write itself is decided by
    the flush guard and the spec's ``authorize`` whatever this says."""
    if principal is None or not principal.signed_in:
        return False
    if entity.name == "project":
        if obj is None:
            return bool(principal.grants_for(PROJECT_EDITORS))
        from orken.auth.guard import project_subject

        return principal.can_edit_project(project_subject(obj))
    if entity.name in ("zone", "contact"):
        if obj is None:
            return bool(principal.grants_for(ZONE_EDITORS))
        from orken.db.models import Zone

        zone = obj if entity.name == "zone" else session.get(Zone, obj.zone_id)
        return principal.can_edit_zone(Subject(region=zone.region_kato, district=zone.district_kato))
    if entity.name == "organisation":
        return principal.can_edit_organisation()
    if entity.name == "target":
        if obj is None:
            return bool(principal.grants_for(TARGET_SETTERS))
        from orken.monitoring.service import can_set_target

        return can_set_target(session, principal, obj)
    if entity.name == "portfolio":
        return principal.can_keep_portfolios()
    return bool(principal.grants_for(PROJECT_EDITORS))


def buttons(session: Session, request: Request, entity: Entity, obj) -> dict:
    """The object page's buttons this person is offered (used by the public pages too)."""
    principal = getattr(request.state, "principal", None)
    editable = may(session, principal, entity, obj)
    base = f"{entity.path}/{obj.id}"
    return {"edit": f"{base}/edit" if editable and entity.update_in is not None else None,
            "delete": f"{base}/delete" if editable else None,
            "history": f"{base}/history" if principal is not None and principal.can_read_change_log() else None}


# --- the pages --------------------------------------------------------------------------------------------

router = APIRouter(include_in_schema=False)
editor = signed_in(page=True, who="the editor")


def _lang(request: Request):
    lang = i18n.choose(request)
    return lang, i18n.translator(lang)


def _label(entity: Entity, obj) -> str:
    return entity.label(obj) or f"#{obj.id}"


def _name(entity: Entity, obj, lang: str) -> str:
    names = getattr(obj, "name_ru", None) is not None or getattr(obj, "name_kk", None) is not None
    if names and hasattr(obj, "name") and callable(obj.name):
        return obj.name(lang)
    return _label(entity, obj)


def form_action(entity: Entity, mode: str, ident: int | None = None) -> str:
    """Where the generated forms post: ``create`` to ``{path}/new``, ``edit`` and ``delete`` to the object's."""
    return f"{entity.path}/new" if mode == "create" else f"{entity.path}/{ident}/{mode}"


def _view_url(entity: Entity, ident: int) -> str:
    return f"{entity.path}/{ident}"


def _render_form(request: Request, session: Session, principal: Principal, entity: Entity, mode: str,
                 values: dict, *, obj=None, version: int | None = None, orig: dict | None = None,
                 errors: dict | None = None, conflict: list | None = None, status: int = 200,
                 message: str = "", add: str | None = None):
    lang, gettext = _lang(request)
    model = entity.create_in if mode == "create" else entity.update_in
    specs = describe(model)
    fields = form_fields(session, specs, lang, gettext)
    rows = {}
    for s in specs:
        if s.kind == "rows":
            held = rows_of(values, s.name)
            rows[s.name] = held + SPARE_ROWS + (1 if add == s.name else 0)
    errors = dict(errors or {})
    known = set(_all_names(specs))
    other = {k: v for k, v in errors.items() if _pattern(k) not in known}
    kind = gettext(entity.label_msgid or entity.name)
    title = (gettext(WORDS["create"], kind=kind) if mode == "create"
             else gettext(WORDS["edit"], name=_name(entity, obj, lang)))
    action = form_action(entity, mode, obj.id if obj is not None else None)
    data = {"page": "objects", "entity": entity.name, "mode": mode, "title": title, "action": action,
            "id": obj.id if obj is not None else None, "version": version, "values": values, "errors": errors,
            "other_errors": other, "rows": rows, "fields": fields, "conflict": conflict or [], "message": message,
            "cancel": _view_url(entity, obj.id) if obj is not None else _list_url(entity)}
    return page(request, "objects/form.html", data, status, principal=principal, csrf_token=principal.csrf or "",
                orig_json=json.dumps(orig if orig is not None else values, ensure_ascii=False, sort_keys=True))


def _all_names(specs: list[Spec], prefix: str = ""):
    """Every field name of the form, a row's index written as ``*``."""
    for s in specs:
        yield prefix + s.name
        if s.kind in ("group", "i18n"):
            yield from _all_names(s.children, prefix + s.name + ".")
        elif s.kind == "rows":
            yield from _all_names(s.children, prefix + s.name + ".*.")


def _pattern(name: str) -> str:
    return re.sub(r"\.\d+(?=\.|$)", ".*", name)


def _list_url(entity: Entity) -> str:
    return entity.path


def _get(session: Session, entity: Entity, ident: int):
    return entities.get(session, entity, ident)


def _message(form) -> str | None:
    return changelog.clean_message(str(form.get("_message", "") or ""))


def _form_key(form, key: str) -> str:
    return str(form.get(key, "") or "")


def _orig(form) -> dict:
    try:
        value = json.loads(_form_key(form, "_orig") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def mount(entity: Entity) -> None:
    path, one = entity.path, entity.id_param

    async def new_form(request: Request, session: Session = Depends(get_session),
                       principal: Principal = Depends(editor)):
        if not may(session, principal, entity):
            raise Forbidden(f"you may not create a {entity.name}")
        values = flatten(describe(entity.create_in), {s.name: s.default for s in describe(entity.create_in)})
        return _render_form(request, session, principal, entity, "create", values)

    async def create(request: Request, session: Session = Depends(get_session),
                     principal: Principal = Depends(editor), _csrf=Depends(form_csrf)):
        form = await request.form()
        lang, gettext = _lang(request)
        specs = describe(entity.create_in)
        values = read_form(specs, form)
        add = _form_key(form, "_add")
        if add:
            return _render_form(request, session, principal, entity, "create", values, add=add)
        try:
            data = entity.create_in.model_validate(_drop_none(nest(specs, values)))
            obj = entities.create(session, entity, data, principal.audit_name, principal, _message(form))
        except (ValidationError, InvalidInput) as exc:
            session.rollback()
            return _render_form(request, session, principal, entity, "create", values, errors=field_errors(exc, gettext),
                                status=422, message=gettext("Nothing was saved: correct the marked fields."))
        return RedirectResponse(f"{_view_url(entity, obj.id)}?saved=1", status_code=303)

    async def edit_form(request: Request, session: Session = Depends(get_session),
                        principal: Principal = Depends(editor), **ident):
        obj = _get(session, entity, ident[one])
        if not may(session, principal, entity, obj):
            raise Forbidden(f"you may not change this {entity.name}")
        values = flatten(describe(entity.update_in), entity.state(session, obj, principal))
        return _render_form(request, session, principal, entity, "edit", values, obj=obj,
                            version=getattr(obj, "version", None))

    async def update(request: Request, session: Session = Depends(get_session),
                     principal: Principal = Depends(editor), _csrf=Depends(form_csrf), **ident):
        form = await request.form()
        lang, gettext = _lang(request)
        obj = _get(session, entity, ident[one])
        specs = describe(entity.update_in)
        mine, orig = read_form(specs, form), _orig(form)
        version = _int(_form_key(form, "version"))
        add = _form_key(form, "_add")
        if add:
            return _render_form(request, session, principal, entity, "edit", mine, obj=obj, version=version,
                                orig=orig, add=add)
        given = changed_fields(specs, mine, orig)
        try:
            payload = nest(specs, mine, only=given)
            if entity.versioned:
                payload["version"] = version
            data = entity.update_in.model_validate(payload)
            entities.update(session, entity, ident[one], data, principal.audit_name, principal, _message(form))
        except (ValidationError, InvalidInput) as exc:
            session.rollback()
            obj = _get(session, entity, ident[one])
            return _render_form(request, session, principal, entity, "edit", mine, obj=obj, version=version,
                                orig=orig, errors=field_errors(exc, gettext), status=422,
                                message=gettext("Nothing was saved: correct the marked fields."))
        except VersionConflict as exc:
            session.rollback()
            obj = _get(session, entity, ident[one])
            theirs = flatten(specs, exc.state)
            conflict = conflicts(session, specs, orig, theirs, mine, given, lang, gettext)
            merged = {k: v for k, v in theirs.items()
                      if not any(k == g or k.startswith(g + ".") for g in given)}
            merged.update({k: v for k, v in mine.items() if any(k == g or k.startswith(g + ".") for g in given)})
            return _render_form(request, session, principal, entity, "edit", merged, obj=obj, version=exc.current,
                                orig=theirs, conflict=conflict, status=409,
                                message=gettext("Someone changed this record while you were editing it. Their "
                                                "changes are below; your changes are kept in the form: check "
                                                "them and save again to apply them to the current version."))
        return RedirectResponse(f"{_view_url(entity, ident[one])}?saved=1", status_code=303)

    async def delete_form(request: Request, session: Session = Depends(get_session),
                          principal: Principal = Depends(editor), **ident):
        obj = _get(session, entity, ident[one])
        if not may(session, principal, entity, obj):
            raise Forbidden(f"you may not delete this {entity.name}")
        return _delete_page(request, session, principal, entity, obj)

    async def delete(request: Request, session: Session = Depends(get_session),
                     principal: Principal = Depends(editor), _csrf=Depends(form_csrf), **ident):
        form = await request.form()
        lang, gettext = _lang(request)
        obj = _get(session, entity, ident[one])
        try:
            entities.delete(session, entity, ident[one], principal.audit_name,
                            _int(_form_key(form, "version")) if entity.versioned else None, principal, _message(form))
        except VersionConflict:
            session.rollback()
            obj = _get(session, entity, ident[one])
            return _delete_page(request, session, principal, entity, obj, status=409, message=gettext(
                "Someone changed this record meanwhile. Look at its current state and confirm again."))
        except GrantsHeld as exc:
            session.rollback()
            from orken.web.errors import GRANTS_HELD

            obj = _get(session, entity, ident[one])
            return _delete_page(request, session, principal, entity, obj, status=409, message=gettext(
                GRANTS_HELD.get(exc.kind, GENERIC), id=exc.ident, users=", ".join(exc.users)))
        return RedirectResponse(f"{_list_url(entity)}?deleted=1", status_code=303)

    async def history(request: Request, session: Session = Depends(get_session),
                      principal: Principal = Depends(signed_in(page=True, who="the change history")),
                      _reader: None = Depends(change_log_reader), **ident):
        # the public is sent to sign in first; then the one change-log gate (``web.deps``) decides
        lang, gettext = _lang(request)
        obj = session.get(entity.model, ident[one])
        entries = changelog.history(session, entity.name, ident[one], limit=500)
        if obj is None and not entries:
            raise NotFound(f"there is no {entity.name} {ident[one]}")
        name = _name(entity, obj, lang) if obj is not None else entries[0].object_repr
        data = {"page": "objects", "entity": entity.name, "id": ident[one],
                "title": gettext(WORDS["history"], name=name), "name": name,
                "view": _view_url(entity, ident[one]) if obj is not None else None,
                "entries": [history_entry(session, entity, e, lang, gettext) for e in entries]}
        return page(request, "objects/history.html", data)

    id_param = [_id_param(one)]
    _add(f"{path}/new", new_form, "GET", f"new_{entity.name}_page", [])
    _add(f"{path}/new", create, "POST", f"create_{entity.name}_page", [])
    if entity.update_in is not None:
        _add(f"{path}/{{{one}}}/edit", edit_form, "GET", f"edit_{entity.name}_page", id_param)
        _add(f"{path}/{{{one}}}/edit", update, "POST", f"update_{entity.name}_page", id_param)
    _add(f"{path}/{{{one}}}/delete", delete_form, "GET", f"confirm_delete_{entity.name}_page", id_param)
    _add(f"{path}/{{{one}}}/delete", delete, "POST", f"delete_{entity.name}_page", id_param)
    _add(f"{path}/{{{one}}}/history", history, "GET", f"history_{entity.name}_page", id_param)
    if entity.name not in OWN_LISTS:
        async def listing(request: Request, q: str | None = Query(None, max_length=200),
                          offset: int = Query(0, ge=0, le=10**7), session: Session = Depends(get_session)):
            return _list_page(request, session, entity, q, offset, _filters(request, entity))

        _add(path, listing, "GET", f"list_{entity.name}_page", [])
    if entity.name not in OWN_PAGES:
        async def view(request: Request, session: Session = Depends(get_session), **ident):
            return _view_page(request, session, entity, ident[one])

        _add(f"{path}/{{{one}}}", view, "GET", f"view_{entity.name}_page", id_param)


def _id_param(name: str):
    import inspect

    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=Id)


def _add(path: str, fn, method: str, name: str, extra: list) -> None:
    import inspect

    signature = inspect.signature(fn)
    params = [p for p in signature.parameters.values() if p.kind != inspect.Parameter.VAR_KEYWORD]
    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params] + extra
    fn.__signature__ = signature.replace(parameters=params)
    fn.__name__ = fn.__qualname__ = name
    router.add_api_route(path, fn, methods=[method])


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


#: every vocabulary's code -> label msgid (the registry's codes, for values inside nested rows)
ALL_CODES: dict[str, str] = {}
for _vocab in list(vars(codes).values()):
    if isinstance(_vocab, codes.Vocabulary):
        for _code in _vocab:
            ALL_CODES.setdefault(_code.code, _code.label)


def value_words(value, lang: str, gettext) -> str:
    """A stored value in words of the page's language: codes by their labels, never a repr."""
    from orken.web import format as fmt

    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dict):
        if set(value) <= {"kk", "ru", "en"}:
            return i18n.pick(value, lang) or "—"
        if "amount" in value and value.get("amount") is not None:
            currency = value.get("currency") or "KZT"
            return fmt.money(value["amount"], lang) if currency == "KZT" else f"{fmt.number(value['amount'], lang, 2)} {currency}"
        parts = [value_words(v, lang, gettext) for k, v in value.items()
                 if v not in (None, "", []) and k not in ("kzt", "kzt_missing_rate", "name") and not k.endswith("_id")]
        if isinstance(value.get("name"), dict):
            parts.insert(0, value_words(value["name"], lang, gettext))
        return ", ".join(p for p in parts if p != "—") or "—"
    if isinstance(value, list):
        return "; ".join(value_words(v, lang, gettext) for v in value)
    if isinstance(value, str):
        if value in STATUS_TEXT:
            return gettext(STATUS_TEXT[value])
        if value in CODE_TEXT:
            return gettext(CODE_TEXT[value])
        if value in ALL_CODES:
            return gettext(ALL_CODES[value])
    return str(value)


def _field_label(name: str, gettext) -> str:
    msgid = LABELS.get(name) or FIELD_TEXT.get(name) or "another field"
    return gettext(msgid)


#: fields the history leaves out: bookkeeping, and figures derived from others
UNLOGGED = {"id", "updated_at", "created_at", "version", "investment_planned_kzt", "investment_actual_kzt", "year",
            "sector", "search_text", "is_sample"}


def history_entry(session, entity: Entity, entry, lang: str, gettext) -> dict:
    """One change-log entry in words: each changed field, before and after."""
    specs = {s.name: s for model in (entity.create_in, entity.update_in) if model is not None for s in describe(model)}
    cache: dict = {}
    rows = []
    for k, (b, a) in changelog.diff(entry.before, entry.after).items():
        if k in UNLOGGED:
            continue
        before, after = (_words(session, specs.get(k), v, lang, gettext, cache) for v in (b, a))
        if before == after:
            continue
        spec = specs.get(k)
        typed = spec is None or spec.kind in ("text", "long", "lines", "i18n", "rows", "group")
        rows.append({"field": k, "label": _field_label(k, gettext), "before": before, "after": after, "typed": typed})
    return {"id": entry.id, "time": entry.time.strftime("%Y-%m-%d %H:%M") if entry.time else "",
            "actor": (entry.actor or "").removeprefix("user:"), "action": entry.action, "message": entry.message,
            "changes": rows}


def _words(session, spec: Spec | None, value, lang: str, gettext, cache: dict) -> str:
    """A value in words; a code or an id chosen from a list by its label there."""
    if spec is not None and spec.choices is not None and value not in (None, "", []):
        key = spec.choices if isinstance(spec.choices, str) else id(spec.choices)
        if key not in cache:
            cache[key] = {c[0]: c[1] for c in choices(session, spec.choices, lang, gettext)}
        labels = cache[key]
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    return value_words(value, lang, gettext)


def conflicts(session, specs: list[Spec], orig: dict, theirs: dict, mine: dict, given: set[str], lang, gettext):
    """What changed meanwhile: each field someone else changed, with their value and yours."""
    out = []
    for s in specs:
        keys = {k for k in set(orig) | set(theirs) if k == s.name or k.startswith(s.name + ".")}
        if not any(_norm(orig.get(k)) != _norm(theirs.get(k)) for k in keys):
            continue
        label = _field_label(s.name, gettext)
        their = _shown(s, theirs, session, lang, gettext)
        yours = _shown(s, mine if s.name in given else orig, session, lang, gettext)
        out.append({"field": s.name, "label": label, "theirs": their, "yours": yours, "touched": s.name in given})
    return out


def _shown(spec: Spec, values: dict, session, lang, gettext) -> str:
    """A field's form values in words (choices by their labels)."""
    parts = []
    cache: dict = {}
    for k in sorted(k for k in values if k == spec.name or k.startswith(spec.name + ".")):
        v = values[k]
        if v in ("", [], None):
            continue
        leaf = _leaf_spec(spec, k)
        if leaf is not None and leaf.choices is not None:
            key = leaf.choices if isinstance(leaf.choices, str) else id(leaf.choices)
            if key not in cache:
                cache[key] = {c[0]: c[1] for c in choices(session, leaf.choices, lang, gettext)}
            v = ", ".join(cache[key].get(x, x) for x in v) if isinstance(v, list) else cache[key].get(v, v)
        parts.append(str(v))
    return "; ".join(parts) or "—"


def _leaf_spec(spec: Spec, key: str) -> Spec | None:
    parts = [p for p in key.split(".")[1:] if not p.isdigit()]
    current = spec
    for p in parts:
        current = next((c for c in current.children if c.name == p), None)
        if current is None:
            return None
    return current


def _delete_page(request, session, principal, entity, obj, status: int = 200, message: str = ""):
    lang, gettext = _lang(request)
    name = _name(entity, obj, lang)
    data = {"page": "objects", "entity": entity.name, "id": obj.id, "name": name,
            "title": gettext(WORDS["delete"], name=name), "version": getattr(obj, "version", None),
            "action": form_action(entity, "delete", obj.id), "cancel": _view_url(entity, obj.id), "message": message}
    return page(request, "objects/delete.html", data, status, principal=principal, csrf_token=principal.csrf or "")


def list_filters(entity: Entity) -> list[Spec]:
    """The spec's list filters that are a plain column of the model (cheap to offer): a choice or a year."""
    specs = {s.name: s for s in describe(entity.create_in)}
    return [specs[f] for f in entity.filters
            if f in specs and hasattr(entity.model, f) and specs[f].kind in ("select", "int")]


def _filters(request: Request, entity: Entity) -> dict:
    out = {}
    for s in list_filters(entity):
        raw = (request.query_params.get(s.name) or "").strip()[:40]
        if raw and (s.kind != "int" or (raw.isascii() and raw.isdigit() and len(raw) < 6)):
            out[s.name] = int(raw) if s.kind == "int" else raw
    return out


def _list_page(request, session, entity: Entity, q: str | None, offset: int, filters: dict | None = None):
    lang, gettext = _lang(request)
    stmt = select(entity.model)
    for name, value in (filters or {}).items():
        stmt = stmt.where(getattr(entity.model, name) == value)
    if q and hasattr(entity.model, "search_text"):
        stmt = stmt.where(entity.model.search_text.contains(q.casefold()))
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = list(session.scalars(stmt.order_by(entity.model.id).offset(offset).limit(PAGE_SIZE)))
    principal = getattr(request.state, "principal", None)
    data = {"page": "objects", "entity": entity.name, "title": gettext(entity.plural_msgid or entity.name),
            "q": q, "total": total, "offset": offset, "limit": PAGE_SIZE,
            "items": [{"id": o.id, "name": _name(entity, o, lang), "url": _view_url(entity, o.id)} for o in rows],
            "new": f"{entity.path}/new" if may(session, principal, entity) else None,
            "searchable": hasattr(entity.model, "search_text"), "filter_values": filters or {},
            "filters": form_fields(session, list_filters(entity), lang, gettext),
            "next": offset + PAGE_SIZE if offset + PAGE_SIZE < (total or 0) else None,
            "previous": max(0, offset - PAGE_SIZE) if offset else None}
    return page(request, "objects/list.html", data)


def _view_page(request, session, entity: Entity, ident: int):
    lang, gettext = _lang(request)
    obj = _get(session, entity, ident)
    principal = getattr(request.state, "principal", None)
    state = entity.state(session, obj, principal)
    shown = [{"field": k, "label": _field_label(k, gettext), "value": value_words(v, lang, gettext)}
             for k, v in state.items() if k not in ("id", "version", "name", "is_sample") and v not in (None, "", [])]
    data = {"page": "objects", "entity": entity.name, "id": ident, "name": _name(entity, obj, lang),
            "kind": gettext(entity.label_msgid or entity.name), "fields": shown, "list": _list_url(entity),
            "actions": buttons(session, request, entity, obj)}
    return page(request, "objects/view.html", data)


for _entity in list(ENTITIES.values()):
    mount(_entity)
