"""CSV and XLSX exports: one flat row per record, headers in the user's language.

The XLSX has one sheet per entity (projects, zones, organisations), a bold frozen header with
filters, widths fitted to the content, and numbers stored as numbers with a thousands format.
It is written in openpyxl's write-only mode, so large selections stream to disk.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Project, ProjectOrganisation
from orken.i18n import Msgid, N_, translator

from orken.io import inert, project_rows, selection
from orken.registry.query import ProjectFilter

Col = tuple[str, Msgid, Callable[[dict], Any], str]  # key, label (a msgid of the catalogs), getter, kind


def _name(d: dict, lang: str, field: str = "name") -> str | None:
    return (d.get(field) or {}).get(lang)


def _money(d: dict, field: str, part: str):
    m = d.get(field)
    if not m:
        return None
    return Decimal(m[part]) if part in ("amount", "kzt") and m.get(part) is not None else m.get(part)


PROJECT_COLUMNS: list[Col] = [
    ("id", N_("ID", context="export"), lambda d: d["id"], "int"),
    ("external_id", N_("External ID", context="export"), lambda d: d.get("external_id"), "text"),
    ("name_kk", N_("Name (kk)", context="export"), lambda d: _name(d, "kk"), "text"),
    ("name_ru", N_("Name (ru)", context="export"), lambda d: _name(d, "ru"), "text"),
    ("name_en", N_("Name (en)", context="export"), lambda d: _name(d, "en"), "text"),
    ("status", N_("Status", context="export"), lambda d: d.get("status"), "text"),
    ("region_kato", N_("Region (KATO)", context="export"), lambda d: d.get("region_kato"), "text"),
    ("district_kato", N_("District (KATO)", context="export"), lambda d: d.get("district_kato"), "text"),
    ("settlement", N_("Settlement", context="export"), lambda d: d.get("settlement"), "text"),
    ("oked", N_("OKED", context="export"), lambda d: d.get("oked"), "text"),
    ("sector", N_("Sector (section)", context="export"), lambda d: d.get("sector"), "text"),
    ("map_level", N_("Map level", context="export"), lambda d: d.get("map_level"), "text"),
    ("project_type", N_("Project type", context="export"), lambda d: d.get("project_type"), "text"),
    ("programmes", N_("Programmes", context="export"), lambda d: ", ".join(d.get("programmes") or []) or None,
     "text"),
    ("investment_planned", N_("Investment planned", context="export"),
     lambda d: _money(d, "investment_planned", "amount"), "money"),
    ("investment_planned_currency", N_("Currency (planned)", context="export"),
     lambda d: _money(d, "investment_planned", "currency"), "text"),
    ("investment_planned_kzt", N_("Investment planned, KZT", context="export"),
     lambda d: _money(d, "investment_planned", "kzt"), "money"),
    ("investment_actual", N_("Investment actual", context="export"),
     lambda d: _money(d, "investment_actual", "amount"), "money"),
    ("investment_actual_currency", N_("Currency (actual)", context="export"),
     lambda d: _money(d, "investment_actual", "currency"), "text"),
    ("investment_actual_kzt", N_("Investment actual, KZT", context="export"),
     lambda d: _money(d, "investment_actual", "kzt"), "money"),
    ("jobs_permanent_planned", N_("Permanent jobs planned", context="export"), lambda d: d.get("jobs_permanent_planned"), "int"),
    ("jobs_permanent_actual", N_("Permanent jobs actual", context="export"), lambda d: d.get("jobs_permanent_actual"), "int"),
    ("jobs_construction_planned", N_("Construction jobs planned", context="export"), lambda d: d.get("jobs_construction_planned"), "int"),
    ("launch_planned", N_("Launch planned", context="export"), lambda d: d.get("launch_planned"),
     "date"),
    ("launch_actual", N_("Launch actual", context="export"), lambda d: d.get("launch_actual"), "date"),
    ("year", N_("Year", context="export"), lambda d: d.get("year"), "int"),
    ("zone_id", N_("Zone ID", context="export"), lambda d: d.get("zone_id"), "int"),
    ("investors", N_("Investors", context="export"),
     lambda d: "; ".join(next((v for v in (o["name"] or {}).values() if v), "") for o in d.get("organisations") or []
                         if o.get("role") == "investor") or None, "text"),
    ("lat", N_("Latitude", context="export"), lambda d: d.get("lat"), "float"),
    ("lon", N_("Longitude", context="export"), lambda d: d.get("lon"), "float"),
    ("curator", N_("Curator", context="export"), lambda d: d.get("curator"), "text"),
    ("note", N_("Note", context="export"), lambda d: d.get("note"), "text"),
    ("sources", N_("Sources", context="export"),
     lambda d: "; ".join(s.get("url") or s.get("title") or "" for s in d.get("sources") or []) or None, "text"),
    ("is_sample", N_("Sample data", context="export"), lambda d: d.get("is_sample"), "bool"),
    ("updated_at", N_("Updated", context="export"), lambda d: d.get("updated_at"), "text"),
]

ZONE_COLUMNS: list[Col] = [
    ("id", N_("ID", context="export"), lambda d: d["id"], "int"),
    ("external_id", N_("External ID", context="export"), lambda d: d.get("external_id"), "text"),
    ("kind", N_("Kind", context="export"), lambda d: d.get("kind"), "text"),
    ("name_kk", N_("Name (kk)", context="export"), lambda d: _name(d, "kk"), "text"),
    ("name_ru", N_("Name (ru)", context="export"), lambda d: _name(d, "ru"), "text"),
    ("name_en", N_("Name (en)", context="export"), lambda d: _name(d, "en"), "text"),
    ("region_kato", N_("Region (KATO)", context="export"), lambda d: d.get("region_kato"), "text"),
    ("district_kato", N_("District (KATO)", context="export"), lambda d: d.get("district_kato"), "text"),
    ("area_ha", N_("Area, ha", context="export"),
     lambda d: Decimal(d["area_ha"]) if d.get("area_ha") else None, "decimal"),
    ("free_area_ha", N_("Free area, ha", context="export"),
     lambda d: Decimal(d["free_area_ha"]) if d.get("free_area_ha") else None, "decimal"),
    ("established", N_("Established", context="export"), lambda d: d.get("established"), "date"),
    ("lat", N_("Latitude", context="export"), lambda d: d.get("lat"), "float"),
    ("lon", N_("Longitude", context="export"), lambda d: d.get("lon"), "float"),
    ("is_sample", N_("Sample data", context="export"), lambda d: d.get("is_sample"), "bool"),
    # the catalogue's fields (0011_zones)
    ("established_year", N_("Established (year)", context="export"),
     lambda d: d.get("established_year"), "int"),
    ("valid_until_year", N_("Valid until", context="export"),
     lambda d: d.get("valid_until_year"), "int"),
    ("infrastructure", N_("Infrastructure", context="export"),
     lambda d: "; ".join(f"{i['kind']}: {i['state']}" + (f" {i['capacity_mw']} MW" if i.get("capacity_mw") else "")
                         + (f" ({i['year']})" if i.get("year") else "") for i in d.get("infrastructure") or [])
     or None, "text"),
    ("specialisation_oked", N_("Specialisation (OKED)", context="export"),
     lambda d: ", ".join(d.get("specialisation_oked") or []) or None, "text"),
    ("specialisation", N_("Specialisation", context="export"),
     lambda d: "; ".join(d.get("specialisation") or []) or None, "text"),
    ("incentives", N_("Incentives", context="export"), lambda d: ", ".join(d.get("incentives") or []) or None,
     "text"),
    ("participants_count", N_("Participants (reported)", context="export"),
     lambda d: d.get("participants_count"), "int"),
    ("management_contact", N_("Management company contact", context="export"), lambda d: d.get("management_contact"), "text"),
    ("as_of", N_("As of", context="export"), lambda d: d.get("as_of"), "text"),
    ("sources", N_("Sources", context="export"),
     lambda d: "; ".join(s.get("url") or s.get("title") or "" for s in d.get("sources") or []) or None, "text"),
]

ORGANISATION_COLUMNS: list[Col] = [
    ("id", N_("ID", context="export"), lambda d: d["id"], "int"),
    ("kind", N_("Kind", context="export"), lambda d: d.get("kind"), "text"),
    ("name_kk", N_("Name (kk)", context="export"), lambda d: _name(d, "kk"), "text"),
    ("name_ru", N_("Name (ru)", context="export"), lambda d: _name(d, "ru"), "text"),
    ("name_en", N_("Name (en)", context="export"), lambda d: _name(d, "en"), "text"),
    ("country", N_("Country", context="export"), lambda d: d.get("country"), "text"),
    ("bin", N_("BIN", context="export"), lambda d: d.get("bin"), "text"),
]

SHEETS = {"projects": (N_("Projects", context="export"), PROJECT_COLUMNS),
          "zones": (N_("Zones", context="export"), ZONE_COLUMNS),
          "organisations": (N_("Organisations", context="export"), ORGANISATION_COLUMNS)}


FORMULA_STARTS = inert.FORMULA_STARTS
as_text = inert.cell  # the one neutralising function of spreadsheet cells (``orken.io.inert``)


def rows(records: Iterable[dict], columns: list[Col]) -> Iterator[list]:
    for d in records:
        yield [get(d) for _, _, get, _ in columns]


def _selection(session: Session, f: ProjectFilter | None, internal: bool) -> dict[str, Iterator[dict]]:
    """Projects of the filter, and the zones and organisations those projects refer to; each read in
    chunks as it is written (the ids of the zones and organisations come from one query each)."""
    if f is None:
        return {"projects": project_rows.records(session, None, project_rows.TABULAR, internal),
                "zones": selection.zones(session),
                "organisations": selection.organisations(session)}
    chosen = f.apply(select(Project.id)).scalar_subquery()
    zone_ids = set(session.scalars(select(Project.zone_id).where(Project.id.in_(chosen), Project.zone_id.is_not(None))
                                   .distinct()))
    org_ids = set(session.scalars(select(ProjectOrganisation.organisation_id)
                                  .where(ProjectOrganisation.project_id.in_(chosen)).distinct()))
    return {"projects": project_rows.records(session, f, project_rows.TABULAR, internal),
            "zones": selection.zones(session, zone_ids),
            "organisations": selection.organisations(session, org_ids)}


def write_csv(session: Session, out: Path, f: ProjectFilter | None = None, entity: str = "projects",
              lang: str = "ru", internal: bool = False) -> int:
    _, columns = SHEETS[entity]
    records = (project_rows.records(session, f, project_rows.TABULAR, internal) if entity == "projects"
               else selection.zones(session) if entity == "zones" else selection.organisations(session))
    n = 0
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow([translator(lang)(label) for _, label, _, _ in columns])
        for row in rows(records, columns):
            w.writerow(["" if v is None else as_text(v) for v in row])
            n += 1
    return n


#: column widths by kind (characters), where the header is shorter
_WIDTHS = {"text": 24, "money": 16, "decimal": 12, "int": 10, "float": 10, "date": 11}


def write_zones(records: Iterable[dict], out: Path, fmt: str, lang: str = "ru") -> int:
    """The zones catalogue's selection (zone dicts, in its order) as CSV or a one-sheet XLSX,
    neutralised the same way as every export (no cell is read as a formula)."""
    records = list(records)
    if fmt == "csv":
        with out.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow([translator(lang)(label) for _, label, _, _ in ZONE_COLUMNS])
            for row in rows(records, ZONE_COLUMNS):
                w.writerow(["" if v is None else as_text(v) for v in row])
        return len(records)
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _sheet(wb, translator(lang)(SHEETS["zones"][0]), ZONE_COLUMNS, records, lang)
    wb.save(out)
    return len(records)


def write_xlsx(session: Session, out: Path, f: ProjectFilter | None = None, lang: str = "ru",
               internal: bool = False) -> dict[str, int]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    counts = {}
    data = _selection(session, f, internal)
    for entity, (title, columns) in SHEETS.items():
        counts[entity] = _sheet(wb, translator(lang)(title), columns, data[entity], lang)
    wb.save(out)
    return counts


def _sheet(wb, title: str, columns: list[Col], records: Iterable[dict], lang: str) -> int:
    """One sheet: a bold frozen header with filters, fitted widths, numbers as numbers, strings as text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    thin = Side(style="thin", color="BFBFBF")
    formats = {"money": "#,##0.00", "decimal": "#,##0.##", "int": "#,##0", "float": "0.00000"}
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    # widths from the header and the kind of column: the rows are not known before they are
    # written (write-only mode streams them to disk; holding them all cost ~0.4 GB at 100k projects)
    gettext = translator(lang)
    for i, (key, label, _, kind) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, max(len(gettext(label)),
                                                                              40 if key.startswith('name') else _WIDTHS.get(kind, 14))) + 2)
    header = []
    for _, label, _, _ in columns:
        cell = WriteOnlyCell(ws, value=gettext(label))
        cell.font, cell.fill = head_font, head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=thin)
        header.append(cell)
    ws.append(header)
    n = 0
    for row in rows(records, columns):
        cells = []
        for (key, _, _, kind), v in zip(columns, row):
            if isinstance(v, Decimal):
                v = float(v) if kind != "money" or abs(v) < Decimal("1e13") else str(v)
            cell = inert.xlsx_cell(WriteOnlyCell(ws, value=inert.xml_text(v)))  # text, never a formula
            if kind in formats:
                cell.number_format = formats[kind]
            cells.append(cell)
        ws.append(cells)
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, n + 1)}"
    return n
