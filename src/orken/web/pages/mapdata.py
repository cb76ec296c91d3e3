"""What the map script needs, built from the map view: region values and their formatted labels."""

from __future__ import annotations

from decimal import Decimal

from orken.reference.geo import ATTRIBUTION
from orken.web import format as fmt
from orken.web.pages import i18n
from orken.web.pages.views import METRICS

METRIC_TEXT = {
    "projects": "Number of projects", "investment_planned": "Investment, planned",
    "investment_actual": "Investment, actual", "jobs_planned": "Permanent jobs, planned",
    "jobs_actual": "Permanent jobs, actual",
}


def metric_text(metric: str, value, lang: str) -> str:
    if metric.startswith("investment"):
        return fmt.money(value, lang)
    return fmt.number(value, lang)


def metric_label(data: dict, gettext) -> str:
    """The legend's title: a registry metric, or an indicator with the period the map shows."""
    chosen = data.get("indicator_map")
    if chosen:
        from orken.web.pages.render import indicator_label, period_label

        return f"{indicator_label(chosen['indicator'], gettext)}, {period_label(chosen, gettext)}"
    return gettext(METRIC_TEXT[data["metric"]])


def payload(data: dict, lang: str, gettext, tile_url: str | None) -> dict:
    metric = data["metric"]
    chosen = data.get("indicator_map")
    field = None if chosen else METRICS[metric]
    regions = {}
    for r in data["regions"]:
        if chosen:  # coloured by a statistics indicator: regions without a value of that period stay blank
            from orken.stats.indicators import VOCABULARY
            from orken.web.pages.render import indicator_value

            v = chosen["values"].get(r["kato"])
            regions[r["kato"]] = {
                "name": i18n.pick(r["name"], lang), "value": float(Decimal(v["value"])) if v else 0,
                "text": indicator_value(v, VOCABULARY[chosen["indicator"]].unit, lang, gettext) if v
                else gettext("no data"), "projects": r["projects"]}
            continue
        value = r[field]
        regions[r["kato"]] = {
            "name": i18n.pick(r["name"], lang), "value": float(Decimal(str(value or 0))),
            "text": metric_text(metric, value, lang), "projects": r["projects"],
        }
    return {
        "metric": metric, "field": field, "metric_label": metric_label(data, gettext), "regions": regions,
        "zones": [{"id": z["id"], "name": i18n.pick(z["name"], lang), "lat": z["lat"], "lon": z["lon"],
                   "region": z["region_kato"], "approximate": z.get("approximate", False),
                   "boundary": z.get("boundary")} for z in data["zones"]],
        "places": [{"name": i18n.pick(p["name"], lang), "lat": p["lat"], "lon": p["lon"], "kind": p["kind"]}
                   for p in data.get("places") or []],
        "total": data["total"], "attribution": ATTRIBUTION, "tile_url": tile_url, "lang": lang,
        "text": {"projects": gettext("projects"), "project": gettext("Project"), "zone": gettext("Zone"),
                 "open_region": gettext("Open the region profile"), "no_data": gettext("no projects"),
                 "approximate": gettext("approximate location: the centre of its district or region"),
                 "zones": gettext("Zones"), "places": gettext("Place names"),
                 "approximate_count": gettext("placed at the centre of their district or region"),
                 "precision_settlement": gettext("settlement known: shown at the centre of its district"),
                 "precision_district": gettext("district known: shown at the centre of the district"),
                 "precision_region": gettext("only the region is known: shown at the centre of the region"),
                 "uncertain": gettext("status not confirmed for a long time (no news, report or edit)"),
                 "uncertain_count": gettext("with a status not confirmed for a long time")},
    }
