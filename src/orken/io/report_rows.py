"""Turning one spreadsheet row into a monitoring report's input, with problems per column.

A row names its project (by external id, else by name in any language) and its quarter (one
"period" cell such as "2024 Q3", "3-тоқсан 2024" or "III кв. 2024", or a year column beside a
quarter column), then the figures of ``orken.monitoring.schemas.ReportFigures``. Amounts are tenge
(a scale word in the header, "млн тенге", applies); a column in another currency is refused rather
than read as tenge. Writing is the importer's job, through ``orken.monitoring.service``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from orken.db.models import Project
from orken.io import parse
from orken.io.headers import Column
from orken.io.messages import t
from orken.io.parse import ParseError, Reference, norm
from orken.io.rows import Parsed, Problem, RowReader
from orken.monitoring.schemas import ReportFigures

MONEY = ("investment_period_kzt", "investment_to_date_kzt", "output_value_kzt", "exports_kzt", "support_received_kzt")
COUNTS = ("jobs_permanent", "jobs_temporary")
TEXTS = ("output_unit", "problems", "needs")


class ProjectIndex:
    """Projects by external id and by (normalised) name, loaded once per import."""

    def __init__(self, session: Session):
        self.by_external: dict[str, int] = {}
        self.by_name: dict[str, set[int]] = {}
        rows = session.execute(select(Project.id, Project.external_id, Project.name_kk, Project.name_ru,
                                      Project.name_en))
        for pid, external_id, *names in rows:
            if external_id:
                self.by_external[external_id] = pid
            for name in names:
                if name:
                    self.by_name.setdefault(norm(name), set()).add(pid)


class ReportReader(RowReader):
    def __init__(self, columns: list[Column], ref: Reference, lang: str, projects: ProjectIndex):
        super().__init__("reports", columns, ref, lang)
        self.projects = projects

    def report(self, row: int, values: list) -> Parsed:
        p = Parsed(row)
        p.extra["project_id"] = self._project(p, values)
        p.extra["period"] = self._period(p, values)
        data: dict[str, Any] = {}
        for name in MONEY:
            col = self.by_field.get(name)
            if col is None or self._cell(values, name) is None:
                continue
            if col.currency and col.currency != "KZT":
                self._problem(p, name, "kzt_only", value=col.currency)
                continue
            value = self._amount(p, values, name)
            if value is not None:
                data[name] = value.quantize(Decimal("0.01"))
        for name in COUNTS:
            value = self._count(p, values, name) if name in self.by_field else None
            if value is not None:
                data[name] = value
        volume = self._amount(p, values, "output_volume") if "output_volume" in self.by_field else None
        if volume is not None:
            data["output_volume"] = volume
        utilisation = self._percent(p, values)
        if utilisation is not None:
            data["capacity_utilisation"] = utilisation
        for name in TEXTS:
            text = self._text(values, name)
            if text:
                data[name] = text
        self._validate(p, data)
        return p

    def _project(self, p: Parsed, values: list) -> int | None:
        external_id = self._text(values, "external_id")
        if external_id:
            found = self.projects.by_external.get(external_id)
            if found is None:
                self._problem(p, "external_id", "project_unknown", value=external_id)
            return found
        name = self._text(values, "project")
        if not name:
            p.problems.append(Problem(p.row, "", "project", t("no_project", self.lang)))
            return None
        found = self.projects.by_name.get(norm(name), set())
        if not found:
            self._problem(p, "project", "project_unknown", value=name)
            return None
        if len(found) > 1:
            self._problem(p, "project", "project_ambiguous", value=name, count=len(found))
            return None
        return next(iter(found))

    def _period(self, p: Parsed, values: list) -> tuple[int, int] | None:
        year = None
        if self._cell(values, "year") is not None:
            year = self._get(p, values, "year", parse.parse_int)
            if year is not None and not 2000 <= year <= 2100:
                self._problem(p, "year", "period", value=str(self._cell(values, "year")))
                return None
        if self._cell(values, "period") is None:
            if not any(x.field == "year" for x in p.problems):
                p.problems.append(Problem(p.row, "", "period", t("no_period", self.lang)))
            return None
        found = self._get(p, values, "period", parse.parse_quarter, year)
        if found is not None and not 2000 <= found[0] <= 2100:
            self._problem(p, "period", "period", value=str(self._cell(values, "period")))
            return None
        return found

    def _percent(self, p: Parsed, values: list) -> Decimal | None:
        raw = self._cell(values, "capacity_utilisation")
        if raw is None:
            return None
        text = str(raw).strip()
        try:
            value = parse.parse_decimal(text.rstrip("%").strip() if isinstance(raw, str) else raw)
        except ParseError:
            self._problem(p, "capacity_utilisation", "percent", value=text)
            return None
        if not isinstance(raw, str) and 0 < value < 1:
            value *= 100  # an Excel percentage cell (85 % is stored as 0.85)
        if not 0 <= value <= 200:
            self._problem(p, "capacity_utilisation", "percent", value=text)
            return None
        return value.quantize(Decimal("0.01"))

    def _validate(self, p: Parsed, data: dict) -> None:
        if p.problems:
            return
        try:
            p.payload = ReportFigures.model_validate(data)
        except ValidationError as exc:
            for e in exc.errors():
                loc = [str(x) for x in e.get("loc", ())]
                self._refused(p, loc[0] if loc else "",
                              (e.get("ctx") or {}).get("error") or {"message": e.get("msg", "invalid")})


def period_label(period: tuple[int, int]) -> str:
    return f"{period[0]} Q{period[1]}"
