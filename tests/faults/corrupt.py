"""Damaged and hostile spreadsheets, built from a real one (tests/io/sheets.py)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from tests.io.sheets import messy_projects

#: a row the uploader of the tests (a Karaganda analyst) may write: a preview counts what the real run
#: would do, and a row outside the uploader's scope is refused there
CSV_ROWS = "ID;Наименование;Регион;Статус\nK-1;Завод стекла;Карагандинская область;строительство\n"


def _rezip(good: Path, out: Path, change) -> Path:
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(item.filename, data)
    return out


def damaged_files(folder: Path) -> dict[str, tuple[str, bytes]]:
    """name -> (the message key the reader must answer with, the file's bytes)."""
    good = messy_projects(folder / "good.xlsx")
    data = good.read_bytes()
    other = folder / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "not a workbook")
        z.writestr("photo.jpg", os.urandom(2000))
    # one cell of 100 MB of the same letter: a 100 KB file that a reader would expand in memory
    bomb = _rezip(good, folder / "bomb.xlsx", lambda d: d.replace(
        b"</sheetData>", b'<row r="99"><c r="C99" t="inlineStr"><is><t>' + b"A" * 100_000_000 + b"</t></is></c></row>"
        b"</sheetData>"))
    # the archive is intact but the sheet's compressed data is damaged part-way: found while reading rows
    big = _rezip(good, folder / "big.xlsx", lambda d: d.replace(b"</sheetData>", b"".join(
        b'<row r="%d"><c r="C%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (i, i, os.urandom(20).hex().encode())
        for i in range(20, 400)) + b"</sheetData>"))
    damaged = bytearray(big.read_bytes())
    with zipfile.ZipFile(big) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    damaged[middle:middle + 64] = bytes(64)
    return {
        "truncated.xlsx": ("file_unreadable", data[: len(data) // 2]),
        "random.xlsx": ("file_unreadable", os.urandom(4096)),
        "a-zip-of-photos.xlsx": ("file_unreadable", other.read_bytes()),
        "bomb.xlsx": ("file_bomb", bomb.read_bytes()),
        "damaged-inside.xlsx": ("file_damaged", bytes(damaged)),
        "binary.csv": ("file_encoding", os.urandom(2048) + b"\x00"),
        "empty.xlsx": ("file_empty", b""),
        "empty.csv": ("file_empty", b""),
    }


def huge_dimension(folder: Path) -> bytes:
    """A good sheet that claims to span A1:XFD1048576: it must read as its few real rows."""
    good = messy_projects(folder / "good-dim.xlsx")
    return _rezip(good, folder / "dimension.xlsx", lambda d: re.sub(
        rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', d)).read_bytes()


def short_dimension(folder: Path, extra: int) -> Path:
    """A good sheet with ``extra`` more rows that its <dimension> (still A1:N14) does not cover."""
    good = messy_projects(folder / "good-short.xlsx")
    rows = b"".join(b'<row r="%d"><c r="C%d" t="inlineStr"><is><t>Row %d</t></is></c></row>' % (i, i, i)
                    for i in range(100, 100 + extra))
    return _rezip(good, folder / "short-dimension.xlsx", lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>"))
