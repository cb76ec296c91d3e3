"""Input of the monitoring API: targets, portfolios, reports and workflow actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from orken.domain import codes
from orken.errors import Refusal
from orken.i18n import N_
from orken.registry.schemas import MAX_AMOUNT, MAX_EXACT, MAX_INT, MAX_TEXT, DbInt, Name


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=MAX_TEXT)


class TargetFigures(Model):
    projects_launched: int | None = Field(None, ge=0, le=MAX_INT)
    investment_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    jobs_permanent: int | None = Field(None, ge=0, le=MAX_INT)
    output_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    note: str | None = Field(None, max_length=2000)


class TargetIn(TargetFigures):
    year: int = Field(ge=2000, le=2100)
    kato: str | None = Field(None, pattern=r"^\d{9}$", description="region or district KATO; empty: the country")
    sector: str | None = Field(None, pattern=r"^([A-Za-z]|\d{2})$", description="OKED section or division")
    programme: str | None = Field(None, max_length=40)

    @model_validator(mode="after")
    def _something(self):
        if all(getattr(self, f) is None for f in ("projects_launched", "investment_kzt", "jobs_permanent",
                                                  "output_kzt")):
            raise Refusal("a target sets at least one of projects_launched, investment_kzt, jobs_permanent, "
                          "output_kzt", N_("Set at least one of the figures."))
        if self.sector and self.sector.isalpha():
            self.sector = self.sector.upper()
        return self


class TargetUpdate(TargetFigures):
    version: DbInt | None = Field(None, description="the version you edited; a stale one gets 409")


class PortfolioIn(Model):
    name: Name
    kind: Literal[codes.PORTFOLIO_KINDS.codes] = "pool"
    horizon: int | None = Field(None, ge=2000, le=2100)
    projects_target: int | None = Field(None, ge=0, le=MAX_INT)
    investment_target_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    projects: list[DbInt] = Field(default_factory=list, max_length=20_000)


class PortfolioUpdate(Model):
    """A change to a portfolio: the fields given are set (``projects`` replaces the members)."""

    name: Name | None = None
    kind: Literal[codes.PORTFOLIO_KINDS.codes] | None = None
    horizon: int | None = Field(None, ge=2000, le=2100)
    projects_target: int | None = Field(None, ge=0, le=MAX_INT)
    investment_target_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    projects: list[DbInt] | None = Field(None, max_length=20_000)
    version: DbInt | None = Field(None, description="the version you edited; a stale one gets 409")


Money = Decimal


class ReportFigures(Model):
    investment_period_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2,
                                                  description="investment spent during the quarter")
    investment_to_date_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    jobs_permanent: int | None = Field(None, ge=0, le=MAX_INT)
    jobs_temporary: int | None = Field(None, ge=0, le=MAX_INT)
    output_value_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    output_volume: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    output_unit: str | None = Field(None, max_length=20)
    capacity_utilisation: Decimal | None = Field(None, ge=0, le=200, description="percent of design capacity")
    exports_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    support_received_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    problems: str | None = Field(None, max_length=5000)
    needs: str | None = Field(None, max_length=5000)
    is_public: bool | None = Field(None, description="publish the figures once approved")


class ReportIn(ReportFigures):
    project_id: DbInt
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)


class ReportUpdate(ReportFigures):
    version: DbInt | None = Field(None, description="the version you edited; a stale one gets 409")


class ActionIn(Model):
    version: DbInt | None = None
    comment: str | None = Field(None, max_length=5000)


# --- output (the API's response schemas) ---------------------------------------------------------

from orken.registry.outputs import Open, Out  # noqa: E402


class TargetScope(Out):
    region: str | None = None
    sector: str | None = None
    programme: str | None = None


class TargetOut(Out):
    id: int
    year: int
    scope: TargetScope
    projects_launched: int | None = None
    investment_kzt: str | None = None
    jobs_permanent: int | None = None
    output_kzt: str | None = None
    note: str | None = None
    version: int


class TargetList(Out):
    items: list[TargetOut]
    total: int
    next: str | None = None


class PortfolioOut(Out):
    id: int
    name: dict[str, str | None]
    kind: str
    horizon: int | None = None
    projects_target: int | None = None
    investment_target_kzt: str | None = None
    projects: list[int]
    version: int


class PortfolioList(Out):
    items: list[PortfolioOut]
    total: int
    next: str | None = None


class ReportOut(Out):
    """A quarterly report; a reader outside its scope sees a published one without the internal fields."""

    id: int
    project_id: int
    year: int
    quarter: int
    revision: int
    state: str
    current: bool
    due: str
    overdue: bool
    investment_period_kzt: str | None = None
    investment_to_date_kzt: str | None = None
    jobs_permanent: int | None = None
    jobs_temporary: int | None = None
    output_value_kzt: str | None = None
    output_volume: str | None = None
    output_unit: str | None = None
    capacity_utilisation: str | None = None
    exports_kzt: str | None = None
    support_received_kzt: str | None = None
    problems: str | None = None
    needs: str | None = None
    is_public: bool | None = None
    review_comment: str | None = None
    created_by: str | None = None
    submitted_by: str | None = None
    reviewed_by: str | None = None
    submitted_at: str | None = None
    reviewed_at: str | None = None
    version: int


class ReportList(Out):
    items: list[ReportOut]
    total: int
    next: str | None = None


class AlertOut(Open):
    kind: str


class AlertList(Out):
    items: list[AlertOut]
    total: int
    next: str | None = None


class PlanFact(Open):
    """Plan against fact of a scope and year, grouped (the groups' keys vary with ``group_by``)."""
