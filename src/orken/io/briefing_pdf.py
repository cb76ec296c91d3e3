"""The briefing as a PDF in the form of an official note: A4, serif type, numbered sections,
tables with ruled headers, a map of the region with its projects, charts, sources, page numbers.

Fonts are DejaVu (shipped inside matplotlib), which cover Kazakh and Russian Cyrillic.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from shapely.geometry import shape  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from orken.db.models import AdminUnit  # noqa: E402
from orken.io import inert  # noqa: E402
from orken.io.briefing import (  # noqa: E402
    Briefing,
    billions,
    integer,
    long_date,
    millions,
    quarters_text,
    status_name,
)

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
STATUS_COLOURS = {"planned": "#8fa9c8", "under_construction": "#e0a030", "launched": "#2e8b57",
                  "at_design_capacity": "#1b5e20", "suspended": "#c62828", "restoring": "#8e24aa",
                  "cancelled": "#757575"}
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#1f3864")


def _para(text, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: reportlab parses a Paragraph's text as markup, so every string
    (names, problems, sources: user text) is escaped by ``inert.pdf``; none of ours carries markup."""
    return Paragraph(inert.pdf(text), style)


def _fonts() -> None:
    if "Serif" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("Serif", str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Serif-Italic", str(FONT_DIR / "DejaVuSerif-Italic.ttf")))
    pdfmetrics.registerFont(TTFont("Sans", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Sans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    from reportlab.lib.fonts import addMapping

    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-Bold")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Serif", fontSize=10.5, leading=14, textColor=INK, alignment=TA_JUSTIFY)
    return {
        "body": base,
        "kind": ParagraphStyle("kind", base, fontName="Serif-Bold", fontSize=15, leading=19, alignment=TA_CENTER,
                               spaceAfter=4),
        "title": ParagraphStyle("title", base, fontName="Serif-Bold", fontSize=12, leading=16, alignment=TA_CENTER),
        "date": ParagraphStyle("date", base, fontName="Serif-Italic", fontSize=10, alignment=TA_CENTER, spaceAfter=8),
        "h": ParagraphStyle("h", base, fontName="Serif-Bold", fontSize=11.5, leading=15, spaceBefore=10,
                            spaceAfter=5, textColor=RULE),
        "cell": ParagraphStyle("cell", base, fontName="Sans", fontSize=8, leading=10, alignment=0),
        "cellb": ParagraphStyle("cellb", base, fontName="Sans-Bold", fontSize=8, leading=10, alignment=0,
                                textColor=colors.white),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, alignment=0),
        "caption": ParagraphStyle("caption", base, fontName="Serif-Italic", fontSize=8.5, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", base, fontName="Serif-Bold", fontSize=10, leading=13, spaceBefore=6,
                              spaceAfter=3),
        "note": ParagraphStyle("note", base, fontName="Serif-Italic", fontSize=8.5, leading=11, spaceBefore=2,
                               spaceAfter=4),
    }


def _table(rows: list[list], widths: list[float], st: dict, numeric_from: int = 1) -> Table:
    data = [[_para(str(c), st["cellb"]) for c in rows[0]]]
    for r in rows[1:]:
        data.append([_para(str(c), st["cell"]) for c in r])
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b7c3")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f9")]),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return t


def _png(fig) -> io.BytesIO:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=170, bbox_inches="tight")
    plt.close(fig)
    buf.seek(0)
    return buf


def _map(session: Session, b: Briefing) -> io.BytesIO:
    plt.rcParams["font.family"] = "DejaVu Sans"
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    if b.kato:
        outline = [b.unit]
        inner = list(session.scalars(select(AdminUnit).where(AdminUnit.parent_kato == b.kato)))
    else:
        outline = list(session.scalars(select(AdminUnit).where(AdminUnit.level == 1)))
        inner = []
    for u in inner:
        _draw(ax, u.geometry, face="#f4f1ea", edge="#b9b2a3", width=0.5)
    for u in outline:
        _draw(ax, u.geometry, face="none" if inner else "#f4f1ea", edge="#5b6678", width=1.0)
    if inner:
        for u in inner:
            if u.lat is not None:
                ax.annotate(inert.chart(u.name(b.lang)), (u.lon, u.lat), fontsize=5.5, color="#6b6b6b", ha="center")
    for status, colour in STATUS_COLOURS.items():
        pts = [(x, y) for x, y, s in b.points if s == status]
        if pts:
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=22, c=colour, edgecolors="white",
                       linewidths=0.6, zorder=3, label=f"{status_name(status, b.lang)} ({len(pts)})")
    if b.points:
        ax.legend(loc="lower left", fontsize=6.5, frameon=True, framealpha=0.9)
    ax.set_aspect(1 / 0.66)  # roughly equal distances at 48° N
    ax.axis("off")
    return _png(fig)


def _draw(ax, geometry, face, edge, width) -> None:
    if not geometry:
        return
    geom = shape(geometry)
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        x, y = poly.exterior.xy
        ax.fill(x, y, facecolor=face, edgecolor=edge, linewidth=width)


def _chart(b: Briefing, items: list[dict]) -> io.BytesIO:
    """Investment plan (target, else the projects' plans) against the reported fact, by district or region."""
    plt.rcParams["font.family"] = "DejaVu Sans"
    rows = sorted(items, key=lambda r: Decimal(_plan_of(r, "investment", "investment_kzt")[0] or 0)
                  + Decimal(r["fact"]["investment_kzt"]), reverse=True)[:10]
    fig, ax = plt.subplots(figsize=(7.2, 0.45 * max(3, len(rows)) + 0.8))
    names = [inert.chart(r["name"][:38]) for r in rows][::-1]
    plan = [float(Decimal(_plan_of(r, "investment", "investment_kzt")[0] or 0) / 10 ** 9) for r in rows][::-1]
    fact = [float(Decimal(r["fact"]["investment_kzt"]) / 10 ** 9) for r in rows][::-1]
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], plan, height=0.38, color="#8fa9c8", label=b.t("plan"))
    ax.barh([i - 0.2 for i in y], fact, height=0.38, color="#1f3864", label=b.t("fact"))
    ax.set_yticks(list(y), names, fontsize=7)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel(b.t("chart_inv"), fontsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, frameon=False)
    return _png(fig)


def _pct(plan, fact) -> str:
    return f"{Decimal(fact) * 100 / Decimal(plan):.0f}" if Decimal(plan or 0) > 0 else "—"


def group_percent(line: dict, measure: str = "investment") -> str:
    """A plan-vs-fact line's percentage as computed by ``orken.monitoring.planfact`` ("—": no plan)."""
    progress = line["progress"][measure]
    return f"{Decimal(progress):.0f}" if progress is not None else "—"


def _plan_of(line: dict, measure: str, field: str):
    """The plan of a plan-vs-fact line: its target where one is set, else the projects' own plans."""
    target = (line.get("target") or {}).get(field)
    return (target, True) if target is not None else (line["planned"][field], False)


def _plan_fact(b: Briefing, st: dict, width: float) -> list:
    """Plan vs fact of the year from the approved monitoring reports, by district/region, then the registry's totals."""
    pf = b.planfact
    out = [_para(b.t("pf_title", year=pf["year"], quarters=quarters_text(b)), st["sub"])]
    total = pf["total"]
    rows = [[b.t("indicator"), b.t("plan"), b.t("fact"), b.t("pct"), b.t("pf_expected")]]
    marks = []
    for key, field, measure, fmt in (("pf_launches", "projects", "projects", integer),
                                     ("pf_investment", "investment_kzt", "investment", billions),
                                     ("pf_jobs", "jobs_permanent", "jobs", integer),
                                     ("pf_output", "output_kzt", "output", billions)):
        plan, is_target = _plan_of(total, measure, field)
        fact = total["fact"][field]
        marks.append(is_target)
        progress = total["progress"][measure]
        rows.append([b.t(key) + (" *" if is_target else ""), fmt(plan) if plan is not None else "—", fmt(fact),
                     f"{Decimal(progress):.0f}" if progress is not None else "—",
                     f"{Decimal(pf['expected']):.0f}" if pf.get("expected") else "—"])
    table = _table(rows, [width * 0.40, width * 0.15, width * 0.15, width * 0.15, width * 0.15], st)
    behind = set(total.get("behind") or [])
    style = []
    for i, measure in enumerate(("projects", "investment", "jobs", "output"), start=1):
        if measure in behind:
            style.append(("TEXTCOLOR", (3, i), (3, i), colors.HexColor("#b71c1c")))
    if style:
        table.setStyle(TableStyle(style))
    out.append(table)
    note = b.t("pf_note", reports=pf["reports"], quarters=quarters_text(b), year=pf["year"])
    if any(marks):
        note += f" * — {b.t('pf_target')}."
    out.append(_para(note, st["note"]))
    items = [r for r in pf["items"] if r["key"] is not None or Decimal(r["fact"]["investment_kzt"]) > 0]
    if items:
        out.append(_para(b.t("pf_by_group"), st["sub"]))
        rows = [["", b.t("g_inv_plan"), b.t("g_inv_fact"), b.t("pct"), b.t("g_jobs_plan"), b.t("g_jobs_fact")]]
        for r in items:
            inv_plan, _ = _plan_of(r, "investment", "investment_kzt")
            jobs_plan, _ = _plan_of(r, "jobs", "jobs_permanent")
            rows.append([r["name"], billions(inv_plan), billions(r["fact"]["investment_kzt"]),
                         group_percent(r), integer(jobs_plan),
                         integer(r["fact"]["jobs_permanent"])])
        out.append(_table(rows, [width * 0.23, width * 0.15, width * 0.15, width * 0.17, width * 0.15,
                                 width * 0.15], st))
        out.append(_para(b.t("g_unit"), st["note"]))
        if any(Decimal(_plan_of(r, "investment", "investment_kzt")[0] or 0) > 0
               or Decimal(r["fact"]["investment_kzt"]) > 0 for r in items):
            out.append(Spacer(1, 4))
            out.append(_image(_chart(b, items), width * 0.92))
    T = b.totals
    out.append(_para(b.t("registry_total"), st["sub"]))
    rows = [[b.t("indicator"), b.t("plan"), b.t("fact"), b.t("pct")],
            [b.t("inv_plan").split(",")[0] + ", " + b.t("chart_inv").split(", ")[1],
             billions(T["investment_planned_kzt"]), billions(T["investment_actual_kzt"]),
             _pct(T["investment_planned_kzt"], T["investment_actual_kzt"])],
            [b.t("jobs_plan").split(",")[0], integer(T["jobs_permanent_planned"]), integer(T["jobs_permanent_actual"]),
             _pct(T["jobs_permanent_planned"], T["jobs_permanent_actual"])]]
    out.append(_table(rows, [width * 0.46, width * 0.18, width * 0.18, width * 0.18], st))
    return out


def _image(buf: io.BytesIO, width: float) -> Image:
    from PIL import Image as PILImage

    w, h = PILImage.open(buf).size
    buf.seek(0)
    return Image(buf, width=width, height=width * h / w)


def render(session: Session, b: Briefing, out: Path) -> Path:
    _fonts()
    st = _styles()
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"{b.t('kind')} {b.title}", author="Orken",
                            lang=b.lang)
    width = A4[0] - 40 * mm
    story = [_para(b.t("kind"), st["kind"]), _para(b.title, st["title"]),
             _para(b.t("as_of", date=long_date(b.today, b.lang)), st["date"])]
    n = iter(range(1, 20))
    T = b.totals

    story.append(_para(f"{next(n)}. {b.t('key')}", st["h"]))
    key = [[b.t("indicator"), ""],
           [b.t("projects"), integer(T["projects"])], [b.t("launched_total"), integer(T["launched"])],
           [b.t("inv_plan"), billions(T["investment_planned_kzt"])],
           [b.t("inv_fact"), billions(T["investment_actual_kzt"])],
           [b.t("jobs_plan"), integer(T["jobs_permanent_planned"])],
           [b.t("jobs_fact"), integer(T["jobs_permanent_actual"])]]
    story.append(_table(key, [width * 0.7, width * 0.3], st))

    story.append(_para(f"{next(n)}. {b.t('planfact')}", st["h"]))
    story += _plan_fact(b, st, width)

    story.append(_para(f"{next(n)}. {b.t('by_status')}", st["h"]))
    rows = [[b.t("status"), b.t("count"), b.t("inv_plan"), b.t("jobs_plan")]]
    rows += [[r["label"], integer(r["projects"]), billions(r["investment_planned_kzt"]),
              integer(r["jobs_permanent_planned"])] for r in b.by_status]
    story.append(_table(rows, [width * 0.34, width * 0.16, width * 0.25, width * 0.25], st))

    group_title = b.t("by_group_region" if b.kato else "by_group_country")
    story.append(_para(f"{next(n)}. {group_title}", st["h"]))
    rows = [["", b.t("count"), b.t("inv_plan"), b.t("inv_fact"), b.t("jobs_plan")]]
    rows += [[r["name"], integer(r["projects"]), billions(r["investment_planned_kzt"]),
              billions(r["investment_actual_kzt"]), integer(r["jobs_permanent_planned"])] for r in b.by_group]
    story.append(_table(rows, [width * 0.32, width * 0.11, width * 0.19, width * 0.19, width * 0.19], st))

    map_block = [_para(f"{next(n)}. {b.t('map')}", st["h"]), _image(_map(session, b), width)]
    story.append(KeepTogether(map_block))

    for key_name, items in (("launched_year", b.launched), ("due_year", b.due)):
        story.append(_para(f"{next(n)}. {b.t(key_name, year=b.today.year)}", st["h"]))
        if items:
            rows = [["№", b.t("name"), b.t("status"), b.t("investment"), b.t("jobs"), b.t("launch")]]
            rows += [[i, r["name"], r["status"], r["investment"], r["jobs"], r["launch"]]
                     for i, r in enumerate(items, start=1)]
            story.append(_table(rows, [width * 0.06, width * 0.42, width * 0.16, width * 0.14, width * 0.1,
                                       width * 0.12], st, numeric_from=3))
        else:
            story.append(_para(b.t("none"), st["body"]))

    story.append(_para(f"{next(n)}. {b.t('zones')}", st["h"]))
    if b.zones:
        rows = [["№", b.t("name"), b.t("kind_col"), b.t("area"), b.t("count")]]
        rows += [[i, z["name"], z["kind"], z["area"], z["projects"]] for i, z in enumerate(b.zones, start=1)]
        story.append(_table(rows, [width * 0.06, width * 0.5, width * 0.2, width * 0.12, width * 0.12], st,
                            numeric_from=3))
    else:
        story.append(_para(b.t("none"), st["body"]))

    story.append(_para(f"{next(n)}. {b.t('problems')}", st["h"]))
    if b.problems:
        for i, p in enumerate(b.problems, start=1):
            story.append(_para(f"{i}) {p}", st["body"]))
    else:
        story.append(_para(b.t("none"), st["body"]))

    story.append(_para(f"{next(n)}. {b.t('sources')}", st["h"]))
    for i, s in enumerate(b.sources, start=1):
        story.append(_para(f"{i}. {s}", st["small"]))
    if b.has_sample:
        story.append(Spacer(1, 6))
        story.append(_para(b.t("sample_note"), st["small"]))

    def page(canvas, document):
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(25 * mm, 13 * mm, A4[0] - 15 * mm, 13 * mm)
        canvas.setFont("Serif", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(25 * mm, 9 * mm, f"{b.t('footer')} · {b.t('generated')}: {b.today.strftime('%d.%m.%Y')}")
        canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"{b.t('page')} {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out


__all__ = ["render", "millions", "os"]
