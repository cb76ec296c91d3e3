"""Reading spreadsheet rows one at a time, so that large files never sit in memory whole.

.xlsx/.xlsm/.xls/.xlsb/.ods go through python-calamine (Rust; about 20 times faster than openpyxl,
the sheet's cells held compactly outside Python and turned into Python values a row at a time);
an .xlsx that calamine cannot read is read again with openpyxl in read-only mode (streaming XML),
which says where a damaged sheet breaks. .csv goes through the csv module with the delimiter and
encoding detected.
Rows come as (1-based row number, list of cell values).

A file that cannot be read raises ``FileError``, whose ``message(lang)`` says why in kk/ru/en:
empty, damaged (also part-way through), not a spreadsheet, an unknown text encoding, or a zip
that would unpack to far more than any real workbook (a "zip bomb": checked from the archive's
directory before anything is unpacked, since the XML of a sheet or of its shared strings is
expanded in memory cell by cell or whole).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from orken.i18n import LANGS, N_, translator
from orken.io.messages import t

#: the most a workbook's archive may unpack to in all, and per part (every member: sheets, styles,
#: shared strings, content.xml), checked from the archive's directory before anything is parsed. A
#: real regional sheet of a few thousand rows unpacks to a few MiB; 167 MiB of shared strings (a 17.5
#: MiB upload) had cost two minutes and ~1 GB. The shared strings are loaded whole by openpyxl, so
#: they have the smallest limit. A big part packed far tighter than real XML (~1000x) is a bomb too.
MAX_UNPACKED = 384 * 1024 * 1024
MAX_PART = 192 * 1024 * 1024
MAX_SHARED_STRINGS = 32 * 1024 * 1024
BIG_MEMBER = 32 * 1024 * 1024
MAX_RATIO = 100

#: what a file was read as (a msgid; the ``kind`` of the ``file_unreadable`` message)
KINDS = {
    "excel": N_("an Excel workbook", context="file kind"),
    "sheet": N_("a spreadsheet (.xls/.xlsb/.ods)", context="file kind"),
}


class FileError(ValueError):
    """The file as a whole cannot be read; ``message(lang)`` says why in kk, ru or en."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        gettext = translator(lang if lang in LANGS else "ru")
        params = {k: gettext(KINDS[v]) if k == "kind" else v for k, v in self.params.items()}
        return t(self.key, lang, **params)


def check_archive(path: Path) -> None:
    """Refuse a zip-based workbook (.xlsx/.xlsm/.xlsb/.ods) that would unpack to too much. The sizes
    come from the archive's directory; zipfile never unpacks a member past its declared size."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileError("file_unreadable", name=path.name, kind="excel") from None
    total = sum(m.file_size for m in members)
    mb = MAX_UNPACKED // (1024 * 1024)
    if total > MAX_UNPACKED:
        raise FileError("file_bomb", name=path.name, mb=mb)
    for m in members:
        if m.file_size > MAX_PART:
            raise FileError("file_bomb", name=path.name, mb=MAX_PART // (1024 * 1024))
        if m.file_size > BIG_MEMBER and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise FileError("file_bomb", name=path.name, mb=m.file_size // (1024 * 1024) - 1)
        if m.filename.lower().endswith("sharedstrings.xml") and m.file_size > MAX_SHARED_STRINGS:
            raise FileError("file_bomb", name=path.name, mb=MAX_SHARED_STRINGS // (1024 * 1024))


def _check_file(path: Path) -> None:
    if path.stat().st_size == 0:
        raise FileError("file_empty", name=path.name)
    # every zip container, whatever its name says (an .xlsx renamed .xls is still a zip)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xlsb", ".ods") or zipfile.is_zipfile(path):
        check_archive(path)


def sheet_names(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    _check_file(path)
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


def rows(path: Path, sheet: str | None = None, cache: dict | None = None) -> Iterator[tuple[int, list]]:
    """The rows of a sheet. ``cache`` (a dict the caller keeps) holds a workbook sheet calamine has
    read, so that passes over the same file read it once."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt", ".tsv"):
        raise FileError("file_type", suffix=suffix)
    _check_file(path)
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        data = cache.get("data") if cache is not None else None
        if data is None:
            try:
                data = _calamine_sheet(path, sheet)
            except FileError as exc:
                if exc.key == "no_sheet" or suffix not in (".xlsx", ".xlsm"):
                    raise
                data = None
            if cache is not None:
                cache["data"] = data
        if data is None:
            yield from _xlsx(path, sheet)
        else:
            yield from _calamine_rows(data)
    elif suffix in (".csv", ".txt", ".tsv"):
        yield from _csv(path)
    else:
        raise FileError("file_type", suffix=suffix)


def _xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile / XML errors of a damaged or mislabelled file
        raise FileError("file_unreadable", name=path.name, kind="excel") from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise FileError("no_sheet", sheet=sheet, sheets=", ".join(wb.sheetnames))
        ws = wb[sheet] if sheet else wb.worksheets[0]
        # read the rows that are there, not the range the file claims (<dimension>): a range too
        # small would cut rows off silently, one too big (A1:XFD1048576) pads each row to 16384 cells
        ws.reset_dimensions()
        number = 0
        cells = ws.iter_rows()
        while True:
            try:
                row = next(cells, None)
            except Exception:  # noqa: BLE001 - the sheet's XML or its compressed data is damaged part-way
                raise FileError("file_damaged", name=path.name, row=number) from None
            if row is None:
                return
            values = [c.value for c in row]
            first = next((c for c in row if getattr(c, "row", None)), None)
            number = first.row if first is not None else number + 1
            yield number, values
    finally:
        wb.close()


def _calamine_sheet(path: Path, sheet: str | None):
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        if sheet is not None and sheet not in wb.sheet_names:
            raise FileError("no_sheet", sheet=sheet, sheets=", ".join(wb.sheet_names))
        return wb.get_sheet_by_name(sheet) if sheet else wb.get_sheet_by_index(0)
    except FileError:
        raise
    except Exception:  # noqa: BLE001 - calamine reads the whole sheet here: damage shows now, not part-way
        raise FileError("file_unreadable", name=path.name, kind="sheet") from None


def _calamine_rows(data) -> Iterator[tuple[int, list]]:
    """The sheet's rows, numbered as the sheet numbers them. A cell merged down over several rows
    (a district written once beside the three projects in it) gives its value to each of them, in
    the merge's first column: the rows below it read as the sheet shows them, not as blank there.
    (A merge across columns only is left as it is: a heading row stays one cell, and a merged upper
    header is carried over its sub-headers by ``headers``.)"""
    first_row, first_col = (getattr(data, "start", None) or (0, 0))
    down: dict[int, list[tuple[int, int, int]]] = {}  # first row -> (column, last row) of its merges down
    for (r1, c1), (r2, _c2) in getattr(data, "merged_cell_ranges", None) or ():
        if r2 > r1 and c1 >= first_col:
            down.setdefault(r1, []).append((c1 - first_col, r1, r2))
    carried: list[tuple[int, int, object]] = []  # (column, last row, value) of the merges under way
    for i, values in enumerate(data.iter_rows(), start=first_row + 1):
        # as openpyxl gives them: a whole number as an int (calamine reads every number as a float)
        row = [None if v == "" else int(v) if type(v) is float and v.is_integer() and abs(v) < 1e15 else v
               for v in values]
        if down or carried:
            here = i - 1  # the row's index as the merges count (from 0)
            carried = [c for c in carried if c[1] >= here]
            for column, last, value in carried:
                if column < len(row) and row[column] is None:
                    row[column] = value
            for column, _r1, last in down.pop(here, ()):
                if column < len(row) and row[column] is not None:
                    carried.append((column, last, row[column]))
        yield i, row


def _calamine(path: Path, sheet: str | None) -> Iterator[tuple[int, list]]:
    yield from _calamine_rows(_calamine_sheet(path, sheet))


def _encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:  # binary, or UTF-16 without its byte-order mark
        raise ValueError("binary")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return "cp1251"
    return "utf-8-sig"


def _csv(path: Path) -> Iterator[tuple[int, list]]:
    raw = path.open("rb")
    head = raw.read(65536)
    raw.seek(0)
    try:
        encoding = _encoding(head)
    except ValueError:
        raw.close()
        raise FileError("file_encoding", name=path.name) from None
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:20000], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        lines = enumerate(csv.reader(text, delimiter=delimiter), start=1)
        while True:
            try:
                i, values = next(lines, (None, None))
            except (UnicodeDecodeError, csv.Error):  # a byte no encoding of ours has; a NUL part-way
                raise FileError("file_encoding", name=path.name) from None
            if i is None:
                return
            yield i, [v if v.strip() else None for v in values]
    finally:
        text.close()
