"""The Jinja2 environment of the pages: templates, formatting filters, language and URL helpers."""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from markupsafe import Markup

import orken
from orken.config import Settings
from orken.domain import codes
from orken.reference.geo import ATTRIBUTION
from orken.web import format as fmt
from orken.web.pages import i18n, mapdata

STATUS_COLOURS = {
    "planned": "#6b7fd7", "under_construction": "#e0a100", "launched": "#1a9850", "at_design_capacity": "#006837",
    "suspended": "#d73027", "restoring": "#f46d43", "cancelled": "#7f7f7f",
}


#: the language switch: (code, short name, full name), each name in its own language and script (the
#: switch is marked ``translate="no"``: a page in another script keeps them)
SWITCH = tuple((code, short, i18n.LANG_NAMES[code]) for code, short in i18n.LANG_SHORT)


def in_script(lang: str, html: str) -> str:
    """A rendered page written in its language's script: on a ``kk-Latn`` page the Kazakh (and any other
    Cyrillic) data the services return — names, labels, notes, chart and map labels — in the 2021 Latin
    alphabet, as its interface strings are (they come from the transliterated catalog). What a form
    sends back is kept as stored (``orken.i18n.latin.to_latin_html``)."""
    if lang not in i18n.SCRIPTS:
        return html
    from orken.i18n.latin import to_latin_html

    return to_latin_html(html)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("orken.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(number=fmt.number, day=fmt.day, percent=fmt.percent, reported=fmt.reported,
                       at_precision=pass_context(lambda ctx, v, p: fmt.at_precision(v, p, ctx.get("lang") or "kk")))
    env.globals.update(METRIC_TEXT=mapdata.METRIC_TEXT, STATUS_COLOURS=STATUS_COLOURS, ATTRIBUTION=ATTRIBUTION, LANGS=i18n.LANGS,
                       LANG_NAMES=i18n.LANG_NAMES, SWITCH=SWITCH, version=orken.__version__)
    return env


def tile_url() -> str | None:
    try:
        return Settings.from_env().tile_url
    except OSError:
        return None


def url_with(request: Request, path: str | None = None, drop: tuple[str, ...] = ("cursor",), **changes) -> str:
    """The current URL's query with some parameters changed (None removes one; lists repeat)."""
    items = [(k, v) for k, v in request.query_params.multi_items()
             if k not in changes and k not in drop and k not in ("lang", "format")]
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            continue
        for v in value if isinstance(value, list | tuple) else [value]:
            items.append((key, str(v)))
    query = urlencode(items)
    base = path if path is not None else request.url.path
    return f"{base}?{query}" if query else base


def toggled(request: Request, key: str, value) -> str:
    """The URL with one facet value added to or removed from the selection."""
    current = [v for raw in request.query_params.getlist(key) for v in raw.split(",") if v]
    value = str(value)
    chosen = [v for v in current if v != value] if value in current else current + [value]
    return url_with(request, **{key: chosen})


def selected(request: Request, key: str) -> list[str]:
    return [v for raw in request.query_params.getlist(key) for v in raw.split(",") if v]


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


#: the header's sections: (key, path, English msgid); ``sections`` picks those a person may open
SECTIONS = (("map", "/", "Map"), ("projects", "/projects", "Projects"), ("zones", "/zones", "Zones"),
            ("dashboard", "/dashboard", "Dashboard"), ("monitoring", "/monitoring/inbox", "Monitoring"),
            ("review", "/review", "Review"), ("import", "/import", "Import"), ("admin", "/admin", "Administration"))
#: sections that exist as pages today (others are added by their owners' routes)
AVAILABLE = {"map", "projects", "zones", "dashboard", "monitoring", "review", "import", "admin"}


def sections(principal) -> list[tuple[str, str, str]]:
    """The header's links for this person: the public ones, and each signed-in section their roles open."""
    from orken.auth.policy import INTERNAL_READERS, PROJECT_EDITORS, REPORT_AUTHORS, REPORT_REVIEWERS

    allowed = {"map", "projects", "zones", "dashboard"}
    if principal is not None and principal.signed_in:
        if principal.grants_for(INTERNAL_READERS | REPORT_AUTHORS | REPORT_REVIEWERS):
            allowed.add("monitoring")
        if principal.grants_for(PROJECT_EDITORS):
            allowed |= {"review", "import"}
        elif principal.grants_for(REPORT_AUTHORS):
            allowed.add("import")  # investors import their reports
        if principal.can_manage_users():
            allowed.add("admin")
    return [s for s in SECTIONS if s[0] in allowed and s[0] in AVAILABLE]


class PageJSON(JSONResponse):
    """A page's data as JSON: what the services return as it is, plus exact decimals (as text), dates
    and the services' small records (``as_dict``, dataclasses); anything else is an error, never a repr."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=_json_value).encode("utf-8")


def _json_value(value):
    from dataclasses import asdict, is_dataclass
    from datetime import date
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"a page's data holds a {type(value).__name__}: give the page JSON-ready data")


def page(request: Request, template: str, data: dict, status: int = 200, **extra):
    """The one renderer of every HTML page: ``data`` (what the page shows, JSON-ready) as JSON (``.json``
    or ``?format=json``), else the template rendered with ``data``, the common context and ``extra``
    (presentation helpers and the objects the template formats; never data missing from ``data``)."""
    if wants_json(request):
        return PageJSON(data, status_code=status)
    lang = i18n.choose(request)
    gettext = i18n.translator(lang)
    principal = extra.pop("principal", None) or getattr(request.state, "principal", None)
    context = {
        "principal": principal, "sections": sections(principal),
        "request": request, "lang": lang, "_": gettext, "data": data, "tile_url": tile_url(),
        "pgettext": lambda context, message, **values: i18n.pgettext(lang, context, message, **values),
        "name": lambda names: i18n.pick_tagged(names, lang),  # in content; in titles and attributes: name_text
        "name_text": lambda names: i18n.pick(names, lang),
        "money": lambda v: fmt.money(v, lang), "num": lambda v, d=0: fmt.number(v, lang, d),
        "quarter_name": lambda year, q: fmt.quarter(year, q, lang),
        "url_with": lambda path=None, **kw: url_with(request, path, **kw),
        "toggled": lambda key, value: toggled(request, key, value),
        "selected": lambda key: selected(request, key),
        "json_url": json_url(request),
        "tojson": lambda v: Markup(script_json(v)),
        "status_label": lambda s: gettext(STATUS_TEXT.get(s, s)) if s else "",
        "code_label": lambda c: gettext(CODE_TEXT.get(c, (c or "").replace("_", " "))),
        "field_label": lambda f: gettext(FIELD_TEXT.get(f, "another field")),
        "action_label": lambda a: gettext(ACTION_TEXT.get(a, "Changed")),
        "value_text": lambda v: value_text(v, lang, gettext),
        "fields_text": lambda keys: ", ".join(dict.fromkeys(gettext(FIELD_TEXT.get(k, "another field")) for k in keys)),
        "evidence_text": lambda items: evidence_text(items, lang, gettext),
        "note_text": lambda note: note_text(note, gettext),
        "unit_text": lambda u, period=None: unit_text(u, period, gettext),
        "chart": lambda rows, value, label="name", title="": chart(rows, value, label, title, lang, gettext),
        "map_payload": lambda: mapdata.payload(data, lang, gettext, context["tile_url"]),
        "metric_title": lambda: mapdata.metric_label(data, gettext),
        "indicator_label": lambda code: indicator_label(code, gettext),
        "unit_label": lambda code: unit_label(code, lang),
        "period_label": lambda point: period_label(point, gettext),
        "indicator_value": lambda point, unit: indicator_value(point, unit, lang, gettext),
        "series_chart": lambda series: series_chart(series, lang, gettext),
        **extra,
    }
    html = in_script(lang, environment().get_template(template).render(context))
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(i18n.COOKIE, request.query_params["lang"], max_age=365 * 24 * 3600, samesite="lax")
    return response


def json_url(request: Request) -> str:
    """The URL of the page's JSON twin: ``<path>.json`` where the page has such a route (``/map.json``
    for the map), else the page's own URL with ``format=json``."""
    route = getattr(request.scope.get("route"), "path", None)
    if route == "/":
        return url_with(request, "/map.json")
    if route and route.rstrip("/") + ".json" in _route_paths(request.app):
        return url_with(request, request.url.path.rstrip("/") + ".json")
    return url_with(request, format="json")


def _route_paths(app) -> frozenset[str]:
    """Every route path of the app (those of included routers too), collected once per app."""
    paths = getattr(app.state, "route_paths", None)
    if paths is None:
        found: set[str] = set()

        def walk(routes):
            for r in routes:
                if hasattr(r, "effective_route_contexts"):
                    walk(list(r.effective_route_contexts()))
                elif getattr(r, "path", None):
                    found.add(r.path)

        walk(app.routes)
        paths = app.state.route_paths = frozenset(found)
    return paths


def script_json(value) -> str:
    """JSON safe inside a <script> block: no ``<``, ``>`` or ``&`` (so no ``</script>`` or ``<!--`` from a name)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: English msgids of statuses and other codes (translated through the catalogs)
STATUS_TEXT = codes.PROJECT_STATUSES.labels()


def chart(rows: list[dict], value: str, label: str, title: str, lang: str, gettext) -> dict:
    """A chart's data: labels (names in the chosen language, status words or raw keys) and numbers."""
    from decimal import Decimal

    labels, values = [], []
    for r in rows:
        if label == "status":
            text = gettext(STATUS_TEXT.get(r["key"], r["key"] or ""))
        elif label == "key":
            text = str(r["key"]) if r["key"] is not None else gettext("not given")
        else:
            text = i18n.pick(r.get("name") or r.get("label"), lang) or str(r.get("key") or gettext("not given"))
        labels.append(text)
        v = r.get(value) or 0
        values.append(float(Decimal(v) / 10**9) if value.startswith("investment") else v)
    unit = gettext("bn ₸") if value.startswith("investment") else ""
    return {"labels": labels, "values": values, "title": title, "unit": unit,
            "colours": [STATUS_COLOURS.get(r.get("key"), "") for r in rows] if label == "status" else None}


#: English msgids of the registry's other codes (roles, zone kinds, infrastructure, support), from the one
#: vocabulary module (the first vocabulary that has a code gives its label)
CODE_TEXT = {}
for _vocabulary in (codes.ORG_KINDS, codes.ORG_ROLES, codes.ZONE_KINDS, codes.INFRA_KINDS, codes.INFRA_STATES,
                    codes.SUPPORT_KINDS, codes.SUPPORT_STATUSES, codes.ZONE_REGIMES, codes.ZONE_INCENTIVES):
    for _entry in _vocabulary:
        CODE_TEXT.setdefault(_entry.code, _entry.label)
CODE_TEXT |= {f"per_{e.code}": e.label for e in codes.CAPACITY_PERIODS}
CODE_TEXT |= {f"precision_{e.code}": e.label for e in codes.LOCATION_PRECISIONS}


#: English msgids of the registry's field names (change history, review targets): never the code itself
FIELD_TEXT = {
    "indicator": "the region's statistics",
    "name": "Name", "description": "Description", "region_kato": "Region", "district_kato": "District",
    "settlement": "Settlement", "lat": "Location", "lon": "Location", "geometry": "Location", "zone_id": "Zone",
    "oked": "Sector", "oked_code": "Sector", "sector": "Sector", "oked_section": "Sector", "oked_division": "Sector",
    "status": "Status", "status_history": "Status history", "status_date": "Status history",
    "investment_planned": "Investment, planned", "investment_actual": "Investment, actual",
    "investment_planned_kzt": "Investment, planned", "investment_actual_kzt": "Investment, actual",
    "jobs_permanent_planned": "Permanent jobs, planned", "jobs_permanent_actual": "Permanent jobs, actual",
    "jobs_construction_planned": "Construction jobs, planned", "jobs_construction_actual": "Construction jobs, actual",
    "launch_planned": "Launch, planned", "launch_actual": "Launch, actual", "capacity": "Design capacity",
    "capacities": "Design capacity", "phases": "Phases", "participants": "Investors and participants",
    "support": "State support", "support_measures": "State support", "sources": "Sources", "source": "Source",
    "programmes": "Programmes", "project_type": "Type of project", "significance": "Significance",
    "curator": "Curator", "note": "Note", "is_sample": "Sample data", "external_id": "External identifier",
    "created_at": "Created", "updated_at": "Updated", "version": "Version", "zone_area": "Area of the zone",
}
ACTION_TEXT = {"create": "Created", "update": "Changed", "delete": "Deleted", "confirm": "Status confirmed"}
PERIOD_TEXT = {"year": "a year", "month": "a month", "day": "a day", "hour": "an hour"}
UNIT_TEXT = {"KZT": "₸", "t": "t", "MW": "MW", "jobs": "jobs", "ha": "ha", "m3": "m³", "kWh": "kWh"}


def value_text(value, lang: str, gettext) -> str:
    """A registry value in words: money as money, lists joined, never a Python repr."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        if "amount" in value:
            if value.get("currency", "KZT") == "KZT":
                return fmt.money(value["amount"], lang)
            return f"{fmt.number(value['amount'], lang)} {value.get('currency')}"
        return ", ".join(value_text(v, lang, gettext) for v in value.values() if v not in (None, ""))
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, lang, gettext) for v in value)
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, str) and value in STATUS_TEXT:
        return gettext(STATUS_TEXT[value])
    return str(value)


def unit_text(unit: str | None, period: str | None, gettext) -> str:
    """``KZT`` -> ``₸``, ``t`` / ``year`` -> ``т в год`` in the page's language."""
    text = gettext(UNIT_TEXT[unit]) if unit in UNIT_TEXT else (unit or "")
    if period:
        text += " " + gettext(PERIOD_TEXT.get(period, "a year"))
    return text


EVIDENCE_TEXT = {"same district": "same district", "same region": "same region", "other region": "another region",
                 "same year": "same year"}


def evidence_text(items, lang: str, gettext) -> str:
    """A link candidate's evidence (``name 0.92``, ``same region``) in the page's language."""
    out = []
    for item in items or []:
        word, _, score = str(item).partition(" ")
        if word == "name" and score:
            out.append(gettext("name similarity %(score)s", score=fmt.number(score, lang, 2)))
        else:
            out.append(gettext(EVIDENCE_TEXT.get(str(item), "other evidence")))
    return ", ".join(out)


#: English prefixes the system writes into status notes (``orken.news.apply``: "news: <title>")
NOTE_PREFIXES = {"news: ": "from the news"}


def note_text(note: str | None, gettext) -> str:
    """A status note in the page's language: the system's own English prefix translated, the rest as written."""
    for prefix, msgid in NOTE_PREFIXES.items():
        if note and note.startswith(prefix):
            return f"{gettext(msgid)}: {note[len(prefix):]}"
    return note or ""


def indicator_label(code: str, gettext) -> str:
    from orken.stats.indicators import VOCABULARY

    found = VOCABULARY.get(code)
    return gettext(found.label) if found else code.replace("_", " ")


def period_label(point: dict, gettext) -> str:
    """``2024``, ``2025, 9 months``, or the period as reported (``2016-2022``)."""
    if point.get("months") == 12:
        return str(point["year"])
    if point.get("months"):
        return gettext("%(year)s, %(months)s months", year=point["year"], months=point["months"])
    return point.get("period_text") or gettext("%(year)s (period not stated)", year=point["year"])


INDICATOR_UNIT_TEXT = {"%": "%", "unit": "units", "person": "persons"}


def indicator_value(point: dict, unit: str, lang: str, gettext) -> str:
    if unit == "KZT":
        return fmt.money(point["value"], lang)
    text = fmt.number(point["value"], lang, 1 if "." in str(point["value"]).rstrip("0").rstrip(".") else 0)
    return f"{text} %" if unit == "%" else f"{text} {gettext(INDICATOR_UNIT_TEXT.get(unit, unit))}"


def series_chart(series: dict, lang: str, gettext) -> dict:
    """A chart of one indicator series: periods and values (tenge in billions)."""
    from decimal import Decimal

    kzt = series["unit"] == "KZT"
    labels = [period_label(p, gettext) for p in series["points"]]
    values = [float(Decimal(p["value"]) / 10**9) if kzt else float(p["value"]) for p in series["points"]]
    unit = gettext("bn ₸") if kzt else ("%" if series["unit"] == "%" else gettext(INDICATOR_UNIT_TEXT.get(series["unit"],
                                                                                               series["unit"])))
    return {"labels": labels, "values": values, "title": indicator_label(series["indicator"], gettext), "unit": unit}


def unit_label(code: str | None, lang: str) -> str:
    """A capacity unit in the page's language (``thousand_t`` -> ``тыс. т``)."""
    from orken.domain.units import UNITS

    found = UNITS.get(code or "")
    return found.names.get(lang, code) if found else (code or "")
