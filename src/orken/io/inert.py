"""One escaping function per renderer: user text shown as text, never as markup or a formula.

Every string from the database (names, sources, report problems, organisation names, URLs) that
reaches a renderer goes through that renderer's function here, and only that one:

- ``pdf``: reportlab ``Paragraph`` parses its text as mini-HTML (``<b>``, ``<img src=…>``,
  ``<a href=…>``); the text is XML-escaped, so ``Завод <b>`` is shown, not parsed (unbalanced markup
  had made every briefing a 500; ``<img>`` embedded a server file; ``<a>`` made a live link).
- ``chart``: matplotlib reads ``$…$`` as mathematics (a stray ``$`` can fail the render).
- ``cell`` / ``xlsx_cell``: a spreadsheet reads a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  CR as a formula (CSV injection); in CSV such a value gets a leading apostrophe, in XLSX the cell
  is typed as a string (never a formula), and characters XML cannot hold are dropped (openpyxl
  would raise on them).
- HTML pages use Jinja's autoescape, JSON in pages ``tojson`` (``<``, ``>``, ``&``, ``'`` as ``\\u``
  escapes); map tooltips are built as DOM text in ``map.js`` (``textContent``), never as HTML.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

#: a cell starting with one of these is a formula to a spreadsheet program (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: characters an XML 1.0 document cannot hold (C0 controls but tab, LF, CR; DEL-less)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f]")


def pdf(value: Any) -> str:
    """Text for a reportlab ``Paragraph``: markup escaped, control characters as spaces."""
    return _xml_escape(_CONTROL_ALL.sub(" ", "" if value is None else str(value)))


def chart(value: Any) -> str:
    """Text for a matplotlib label: ``$`` escaped (no mathtext), control characters as spaces."""
    return _CONTROL_ALL.sub(" ", "" if value is None else str(value)).replace("$", r"\$")


def cell(value: Any) -> Any:
    """A CSV value that a spreadsheet program shows as text: a leading apostrophe before formula starts."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def xml_text(value: Any) -> Any:
    """A string without the characters an XML document (XLSX) cannot hold; other values unchanged."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def xlsx_cell(c) -> Any:
    """Make an openpyxl cell (normal or write-only) inert: a string stays a string, never a formula.
    Its value went through ``xml_text`` first (openpyxl refuses control characters when it is set)."""
    if isinstance(c.value, str):
        c.data_type = "s"
    return c
