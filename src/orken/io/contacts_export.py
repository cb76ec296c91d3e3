"""Contacts of zones as CSV or a one-sheet XLSX, neutralised like every export (no cell is read as
a formula: ``orken.io.inert``). Column headers are gettext msgids, put into the reader's language by
the ``gettext`` the caller passes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Iterable

from orken.io import inert

#: (field, header msgid): the zone's name first, then the contact's fields
COLUMNS = (("zone", "Zone"), ("name", "Name"), ("position", "Position"), ("phone", "Phone"),
           ("email", "Email"), ("note", "Note"))


def write_contacts(records: Iterable[dict], out: Path, fmt: str, gettext: Callable[[str], str] = str) -> int:
    """``records``: contact dicts with the zone's name in the reader's language under ``zone``."""
    records = list(records)
    header = [gettext(label) for _, label in COLUMNS]
    rows = [["" if r.get(k) is None else inert.cell(r[k]) for k, _ in COLUMNS] for r in records]
    if fmt == "csv":
        with out.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(rows)
        return len(records)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Contacts")[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append(row)
    for column, width in zip("ABCDEF", (40, 30, 30, 20, 30, 40)):
        ws.column_dimensions[column].width = width
    wb.save(out)
    return len(records)
