"""The briefing as an XLSX workbook: one sheet per section, formatted like the export."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from orken.io import inert
from orken.io.briefing import Briefing, billions, integer, quarters_text


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: none of []:*?/\\ , at most 31 characters."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in inert.xml_text(title)).strip()[:31] or "-"


def render(b: Briefing, out: Path) -> Path:
    wb = Workbook()
    white = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F3864")

    def sheet(title: str, header: list[str], rows: list[list], first: bool = False):
        ws = wb.active if first else wb.create_sheet()
        ws.title = _sheet_title(title)
        ws.append([inert.xml_text(v) for v in header])
        for cell in ws[1]:
            inert.xlsx_cell(cell)
            cell.font, cell.fill = white, fill
        for r in rows:
            ws.append([inert.xml_text(v) for v in r])
            for c in ws[ws.max_row]:
                inert.xlsx_cell(c)  # user text (names, problems, URLs) is text, never a formula
        ws.freeze_panes = "A2"
        for i, _ in enumerate(header, start=1):
            width = max([len(str(header[i - 1]))] + [len(str(r[i - 1])) for r in rows if len(r) >= i])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(70, width + 2)
        return ws

    T = b.totals
    ws = sheet(b.t("key"), [b.t("indicator"), ""], [
        [b.t("projects"), T["projects"]], [b.t("launched_total"), T["launched"]],
        [b.t("inv_plan"), billions(T["investment_planned_kzt"])], [b.t("inv_fact"), billions(T["investment_actual_kzt"])],
        [b.t("jobs_plan"), T["jobs_permanent_planned"]], [b.t("jobs_fact"), T["jobs_permanent_actual"]]], first=True)
    ws.insert_rows(1, 2)
    ws["A1"] = inert.xml_text(f"{b.t('kind')} {b.title}")
    inert.xlsx_cell(ws["A1"])
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = b.t("as_of", date=b.today.strftime("%d.%m.%Y"))
    inert.xlsx_cell(ws["A2"])
    ws.freeze_panes = "A4"
    pf = b.planfact
    if pf:
        total = pf["total"]

        def plan(line, field):
            target = (line.get("target") or {}).get(field)
            return target if target is not None else line["planned"][field]

        rows = [[b.t(key), plan(total, field), total["fact"][field], total["progress"][measure]]
                for key, field, measure in (("pf_launches", "projects", "projects"),
                                            ("pf_investment", "investment_kzt", "investment"),
                                            ("pf_jobs", "jobs_permanent", "jobs"),
                                            ("pf_output", "output_kzt", "output"))]
        for r in rows[1:4:2]:  # money in billions of tenge, as in the PDF
            r[1], r[2] = billions(r[1]), billions(r[2])
        rows.append([])
        rows.append([b.t("pf_note", reports=pf["reports"], quarters=quarters_text(b), year=pf["year"])])
        rows.append([])
        rows.append(["", b.t("inv_plan"), b.t("inv_fact"), b.t("jobs_plan"), b.t("jobs_fact")])
        rows += [[r["name"], billions(plan(r, "investment_kzt")), billions(r["fact"]["investment_kzt"]),
                  plan(r, "jobs_permanent"), r["fact"]["jobs_permanent"]] for r in pf["items"]]
        sheet(b.t("planfact"), [b.t("pf_title", year=pf["year"], quarters=quarters_text(b)), b.t("plan"), b.t("fact"),
                                b.t("pct")], rows)
    sheet(b.t("by_status"), [b.t("status"), b.t("count"), b.t("inv_plan"), b.t("inv_fact"), b.t("jobs_plan"),
                             b.t("jobs_fact")],
          [[r["label"], r["projects"], billions(r["investment_planned_kzt"]), billions(r["investment_actual_kzt"]),
            r["jobs_permanent_planned"], r["jobs_permanent_actual"]] for r in b.by_status])
    sheet(b.t("by_group_region" if b.kato else "by_group_country"),
          ["", b.t("count"), b.t("inv_plan"), b.t("inv_fact"), b.t("jobs_plan"), b.t("jobs_fact")],
          [[r["name"], r["projects"], billions(r["investment_planned_kzt"]), billions(r["investment_actual_kzt"]),
            r["jobs_permanent_planned"], r["jobs_permanent_actual"]] for r in b.by_group])
    for key, items in (("launched_year", b.launched), ("due_year", b.due)):
        sheet(b.t(key, year=b.today.year), [b.t("name"), b.t("status"), b.t("investment"), b.t("jobs"), b.t("launch")],
              [[r["name"], r["status"], r["investment"], r["jobs"], r["launch"]] for r in items])
    sheet(b.t("zones"), [b.t("name"), b.t("kind_col"), b.t("area"), b.t("count")],
          [[z["name"], z["kind"], z["area"], z["projects"]] for z in b.zones])
    sheet(b.t("problems"), [b.t("problems")], [[p] for p in b.problems] or [[b.t("none")]])
    sheet(b.t("sources"), [b.t("sources")], [[s] for s in b.sources])
    wb.save(out)
    return out


__all__ = ["render", "integer"]
