"""Reading spreadsheet rows one at a time, so that large files never sit in memory whole.

.xlsx/.xlsm go through openpyxl in read-only mode (streaming XML); .xls/.xlsb/.ods through
python-calamine; .csv through the csv module with the delimiter and encoding detected.
Rows come as (1-based row number, list of cell values).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path


class FileError(ValueError):
    pass


def sheet_names(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()
    if suffix in (".xls", ".xlsb", ".ods"):
        from python_calamine import CalamineWorkbook

        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    return [path.stem]


def rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _xlsx(path, sheet)
    elif suffix in (".xls", ".xlsb", ".ods"):
        yield from _calamine(path, sheet)
    elif suffix in (".csv", ".txt", ".tsv"):
        yield from _csv(path)
    else:
        raise FileError(f"unsupported file type {suffix!r}: use .xlsx, .xls, .ods or .csv")


def _xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile / XML errors of a damaged or mislabelled file
        raise FileError(f"cannot read {path.name} as an Excel workbook: {exc}") from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise FileError(f"there is no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        number = 0
        for row in ws.iter_rows():
            values = [c.value for c in row]
            first = next((c for c in row if getattr(c, "row", None)), None)
            number = first.row if first is not None else number + 1
            yield number, values
    finally:
        wb.close()


def _calamine(path: Path, sheet: str | None) -> Iterator[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    if sheet is not None and sheet not in wb.sheet_names:
        raise FileError(f"there is no sheet {sheet!r}; sheets: {', '.join(wb.sheet_names)}")
    data = wb.get_sheet_by_name(sheet) if sheet else wb.get_sheet_by_index(0)
    start = (data.start or (0, 0))[0] if hasattr(data, "start") else 0
    for i, values in enumerate(data.iter_rows(), start=start + 1):
        yield i, [None if v == "" else v for v in values]


def _csv(path: Path) -> Iterator[tuple[int, list]]:
    raw = path.open("rb")
    head = raw.read(65536)
    raw.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            encoding = "cp1251"
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 20)[-1] if False else sample[:20000], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        for i, values in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            yield i, [v if v.strip() else None for v in values]
    finally:
        text.close()
