"""Importing official statistics tables: regions as rows, periods (years or months) as columns.

The layouts of the Bureau of National Statistics' regional tables: a title (which names the
indicator), a header row whose cells are periods ("2023", "2024 г.", "9 месяцев 2025",
"январь-сентябрь 2025", "2025 жылдың 9 айы"), then one row per region (kk or ru names, "г." /
"облысы" / "область" and footnote marks ignored) with the country's row ("Республика Казахстан",
"Қазақстан Республикасы") stored as the national value. Empty cells, dashes and "x" (confidential)
are skipped — never read as zero. Values may use spaces, no-break spaces and decimal commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from orken.reference import places
from orken.stats import periods, service
from orken.stats.indicators import VOCABULARY

NATIONAL = re.compile(r"(республика\s+казахстан|қазақстан\s+республикасы|republic\s+of\s+kazakhstan|^казахстан$|"
                      r"^қазақстан$|^kazakhstan$|^всего|^барлығы|^total)", re.I)
EMPTY = {"", "-", "–", "—", "x", "х", "...", "…", "n/a", "н/д"}


class SheetError(ValueError):
    pass


@dataclass
class Result:
    added: int = 0
    skipped_existing: int = 0
    unknown_rows: list[str] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)


def number(cell: Any) -> Decimal | None:
    if cell is None:
        return None
    if isinstance(cell, (int, Decimal)):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(str(cell))
    s = str(cell).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    s = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹*]+$", "", s)
    if s.casefold() in EMPTY:
        return None
    s = s.replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _header(rows: list[list[Any]]) -> tuple[int, list[tuple[int, tuple]]]:
    """The first row with at least one period cell: (its index, [(column, parsed period)])."""
    for i, row in enumerate(rows):
        cols = []
        for j, cell in enumerate(row[1:], start=1):
            if cell is None:
                continue
            text = str(int(cell)) if isinstance(cell, (int, float)) and float(cell).is_integer() else str(cell)
            parsed = periods.parse(text)
            if parsed and re.search(r"(19|20)\d\d", text):
                cols.append((j, parsed))
        if cols:
            return i, cols
    raise SheetError("no header row with periods (years or months) was found")


def import_rows(session: Session, rows: list[list[Any]], indicator: str, source_url: str | None = None,
                source_title: str | None = None, as_of: date | None = None, unit: str | None = None,
                scale: Decimal = Decimal(1), lang: str | None = None) -> Result:
    """Store the values of a regions-by-periods table (``scale``: e.g. 10**6 for "млн тенге")."""
    if indicator not in VOCABULARY:
        raise SheetError(f"unknown indicator {indicator!r}; use one of {', '.join(VOCABULARY)}")
    head, cols = _header(rows)
    result = Result(columns=[{"column": j, "year": p[0], "months": p[1], "period_text": p[2]} for j, p in cols])
    for row in rows[head + 1:]:
        if not row or row[0] is None or not str(row[0]).strip():
            continue
        label = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹*)]+$", "", str(row[0]).strip()).strip()
        if NATIONAL.search(label):
            region = None
        else:
            region = places.region_code(label)
            if region is None:
                result.unknown_rows.append(label)
                continue
        for j, (year, months, text) in cols:
            value = number(row[j] if j < len(row) else None)
            if value is None:
                continue
            added = service.upsert(session, indicator=indicator, region_kato=region, year=year, months=months,
                                   period_text=text, value=value * scale, unit=unit or VOCABULARY[indicator].unit,
                                   source_url=source_url, source_title=source_title, source_lang=lang, as_of=as_of,
                                   note=None, is_sample=False)
            result.added += added
            result.skipped_existing += not added
    session.flush()
    return result


def read_sheet(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """The cells of an .xlsx sheet or a .csv file, as rows of values."""
    if path.suffix.lower() == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample else csv.excel
            return [list(r) for r in csv.reader(handle, dialect)]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]
