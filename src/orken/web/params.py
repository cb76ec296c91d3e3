"""Bounded integer parameters of the API: ids and versions that a database column can hold.

An id beyond the column's range cannot name anything; unbounded, it reached the database driver and
failed there (SQLite: ``OverflowError``; PostgreSQL: "integer out of range") as a server error. With these
bounds such a request is a clean 422 problem.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

from orken.registry.schemas import MAX_INT

Id = Annotated[int, Path(ge=-MAX_INT - 1, le=MAX_INT)]
IdQuery = Annotated[int | None, Query(ge=-MAX_INT - 1, le=MAX_INT)]
#: a repeatable id query parameter: ``name: IdList = Query(None)``
IdList = list[Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]] | None
