"""The promise ledger's pages: ``/ledger`` (projects whose announced launch moved more than twice, by
region; JSON twin ``/ledger.json``, ``/ledger.csv``) and the project page's "Promises over time"
(``promises_view``, included by ``project.html`` from ``ledger/promises.html``)."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import AdminUnit
from orken.ledger import service
from orken.registry.query import ProjectFilter
from orken.web.deps import get_session
from orken.web.pages import i18n
from orken.web.pages.render import page

router = APIRouter(include_in_schema=False)


def promises_view(session: Session, project, principal) -> dict:
    """The project page's ledger section: its claims by measure, the launch's moves, the plan beside them,
    and the geometry of its small chart (drawn as SVG on the server: no script, nothing inline to style)."""
    internal = principal is None or principal.can_read_change_log()
    body = service.project_ledger(session, project, internal)
    body["chart"] = launch_chart(body)
    return body


#: the chart's box: width, height and the margins inside it
W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 200, 44, 16, 12, 26


def launch_chart(body: dict) -> dict | None:
    """The announced launch (y) against the day it was announced (x), as a step line: each promise
    stands until the next one. None below two announcements."""
    from datetime import date

    points = [(date.fromisoformat(c["said_on"]), date.fromisoformat(c["on"]), c)
              for m in body["measures"] if m["measure"] == "launch" for c in m["claims"]
              if c["said_on"] and c["on"] and not c["actual"]]
    if len(points) < 2:
        return None
    plan = body["plan"].get("launch_on")
    ys = [p[1] for p in points] + ([date.fromisoformat(plan)] if plan else [])
    y0, y1 = date(min(ys).year, 1, 1), date(max(ys).year + 1, 1, 1)
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    x0, x1 = date(x0.year, 1, 1), date(x1.year + 1, 1, 1)

    def x(d):
        return round(LEFT + (d.toordinal() - x0.toordinal()) / (x1.toordinal() - x0.toordinal()) * (W - LEFT - RIGHT), 1)

    def y(d):
        return round(H - BOTTOM - (d.toordinal() - y0.toordinal()) / (y1.toordinal() - y0.toordinal())
                     * (H - TOP - BOTTOM), 1)

    dots = [{"x": x(a), "y": y(b), "said_on": a.isoformat(), "on": b.isoformat(), "precision": c["precision"]}
            for a, b, c in points]
    path = [f"M{dots[0]['x']},{dots[0]['y']}"]
    for d in dots[1:]:
        path.append(f"H{d['x']}V{d['y']}")
    path.append(f"H{W - RIGHT}")
    return {"width": W, "height": H, "left": LEFT, "right": W - RIGHT, "top": TOP, "bottom": H - BOTTOM,
            "path": "".join(path), "dots": dots,
            "y_ticks": [{"y": y(date(v, 1, 1)), "label": v} for v in range(y0.year, y1.year + 1)],
            "x_ticks": [{"x": x(date(v, 1, 1)), "label": v} for v in range(x0.year, x1.year + 1)],
            "plan": {"y": y(date.fromisoformat(plan))} if plan else None}


def _regions(session: Session, lang: str) -> list[dict]:
    units = session.scalars(select(AdminUnit).where(AdminUnit.level == 1, AdminUnit.valid_to.is_(None)))
    return sorted(({"kato": u.kato, "name": u.name(lang)} for u in units), key=lambda r: r["name"] or "")


def ledger_view(session: Session, request: Request, region: str | None, more_than: int) -> dict:
    lang = i18n.choose(request)
    regions = _regions(session, lang)
    if region and region not in {r["kato"] for r in regions}:
        region = None if not (region.isdigit() and len(region) == 9) else region
    rows = service.moved(session, ProjectFilter(region=[region] if region else []), more_than)
    names = {r["kato"]: r["name"] for r in regions}
    for r in rows:
        r["region_name"] = names.get(r["region_kato"])
    return {"page": "ledger", "items": rows, "total": len(rows), "more_than": more_than, "region": region,
            "regions": regions}


@router.get("/ledger")
@router.get("/ledger.json")
def ledger_page(request: Request, region: str | None = Query(None, max_length=9),
                more_than: int = Query(service.MOVED_MORE_THAN, ge=0, le=100), session: Session = Depends(get_session)):
    return page(request, "ledger/moved.html", ledger_view(session, request, region, more_than))


@router.get("/ledger.csv")
def ledger_csv(request: Request, region: str | None = Query(None, max_length=9),
               more_than: int = Query(service.MOVED_MORE_THAN, ge=0, le=100), session: Session = Depends(get_session)):
    """The same table as CSV, its header in the page's language."""
    lang = i18n.choose(request)
    _ = i18n.translator(lang)
    data = ledger_view(session, request, region, more_than)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([_("Record"), _("Project"), _("Region"), _("Status"), _("First announced launch"),
                _("Last announced launch"), _("Times moved"), _("Moved later"), _("Moved earlier"),
                _("Net shift, months"), _("Announcements"), _("Last announced"), _("Launch, planned")])
    for r in data["items"]:
        w.writerow([r["project_id"], i18n.pick(r["name"], lang), r["region_name"] or r["region_kato"],
                    _(service_status(r["status"])), r["first"], r["last"], r["moves"], r["later"], r["earlier"],
                    r["months"], r["announcements"], r["last_said_on"] or "", r["launch_planned"] or ""])
    return Response("\ufeff" + out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="orken-ledger-moved.csv"'})


def service_status(code: str) -> str:
    from orken.domain import codes

    return codes.PROJECT_STATUSES.label(code, code)
