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


def payload(data: dict, lang: str, gettext, tile_url: str | None) -> dict:
    metric = data["metric"]
    field = METRICS[metric]
    regions = {}
    for r in data["regions"]:
        value = r[field]
        regions[r["kato"]] = {
            "name": i18n.pick(r["name"], lang), "value": float(Decimal(str(value or 0))),
            "text": metric_text(metric, value, lang), "projects": r["projects"],
        }
    return {
        "metric": metric, "field": field, "metric_label": gettext(METRIC_TEXT[metric]), "regions": regions,
        "zones": [{"id": z["id"], "name": i18n.pick(z["name"], lang), "lat": z["lat"], "lon": z["lon"],
                   "region": z["region_kato"], "approximate": z.get("approximate", False),
                   "boundary": z.get("boundary")} for z in data["zones"]],
        "total": data["total"], "attribution": ATTRIBUTION, "tile_url": tile_url, "lang": lang,
        "text": {"projects": gettext("projects"), "project": gettext("Project"), "zone": gettext("Zone"),
                 "open_region": gettext("Open the region profile"), "no_data": gettext("no projects"),
                 "approximate": gettext("approximate location: the centre of its district or region"),
                 "approximate_count": gettext("placed at the centre of their district or region"),
                 "precision_settlement": gettext("settlement known: shown at the centre of its district"),
                 "precision_district": gettext("district known: shown at the centre of the district"),
                 "precision_region": gettext("only the region is known: shown at the centre of the region")},
    }
