"""Bounded integer parameters of the API: ids and versions that a database column can hold.

An id beyond the column's range cannot name anything; unbounded, it reached the database driver and
failed there (SQLite: ``OverflowError``; PostgreSQL: "integer out of range") as a server error. With these
bounds such a request is a clean 422 problem.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

from orken.registry.schemas import MAX_INT

Id = Annotated[int, Path(ge=-MAX_INT - 1, le=MAX_INT)]
IdQuery = Annotated[int | None, Query(ge=-MAX_INT - 1, le=MAX_INT)]
#: a repeatable id query parameter: ``name: IdList = Query(None)``
IdList = list[Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]] | None

#: an ``?on=`` day: one the registry can reason about (quarters, years, launch dates). 0001-01-01 had
#: failed a ``date - timedelta`` (a 500); any day outside these years is a 422
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
Day = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY, description="a day between 1900 and 2199")]
#: a reporting year of a page (``?year=``); beyond 64 bits it failed in the database driver
YearQuery = Annotated[int | None, Query(ge=1990, le=2100)]
#: a required id query parameter
IdRequired = Annotated[int, Query(ge=-MAX_INT - 1, le=MAX_INT)]
