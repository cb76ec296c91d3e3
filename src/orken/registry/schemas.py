"""Input models of the registry API and CLI (Pydantic). Output is built in ``serialize``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from orken.domain.bin import validate_bin
from orken.domain.lifecycle import Status
from orken.domain.money import Currency
from orken.domain.units import UNITS, Period

OrgKind = Literal["investor", "operator", "joint_venture", "management_company", "development_institution", "akimat",
                  "contractor"]
OrgRole = Literal["investor", "operator", "contractor", "joint_venture", "management_company", "partner"]
ZoneKind = Literal["sez", "industrial_zone", "small_industrial_zone", "industrial_park", "technopark"]
InfraKind = Literal["power", "gas", "water", "rail", "road", "heat", "sewerage"]
MapLevel = Literal["republican", "regional"]
Precision = Literal["point", "settlement", "district", "region"]
#: a date as reported: a year, a month or a day ("2024", "2024-05", "2024-05-03")
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
ProjectType = Literal["new", "expansion", "modernisation", "restart"]
SupportKind = Literal["infrastructure", "subsidy", "tax_preference", "customs_preference", "investment_contract",
                      "land_plot"]
SupportStatus = Literal["committed", "delivered", "overdue", "cancelled"]
#: the largest integer a database column holds (PostgreSQL ``integer``); larger ids and counts are refused (422)
MAX_INT = 2**31 - 1
#: an integer a database column can store: ids, versions, sequence numbers
DbInt = Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]
#: the largest amount a ``Tenge`` column stores (integer minor units in a signed 64-bit column)
MAX_AMOUNT = Decimal(2**63 - 1) / 100
#: an ``ExactDecimal`` column (PostgreSQL ``NUMERIC(28, 8)``) holds values below 10^20
MAX_EXACT = Decimal("1e20")
SourceKind = Literal["corpus", "public", "document", "news", "official"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class I18n(Model):
    kk: str | None = Field(None, max_length=500)
    ru: str | None = Field(None, max_length=500)
    en: str | None = Field(None, max_length=500)


class Name(I18n):
    @model_validator(mode="after")
    def _one_language(self) -> Name:
        if not (self.kk or self.ru or self.en):
            raise ValueError("give the name in at least one of kk, ru, en")
        return self


class Text(Model):
    kk: str | None = None
    ru: str | None = None
    en: str | None = None


class MoneyIn(Model):
    amount: Decimal = Field(ge=0, le=MAX_AMOUNT, max_digits=20, decimal_places=2)
    currency: Currency = Currency.KZT
    date: dt.date | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float(cls, value):
        if isinstance(value, float):
            return str(value)  # JSON numbers arrive as float: read them by their decimal text
        return value


class CapacityIn(Model):
    product: I18n | None = None
    quantity: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    unit: str | None = None
    period: Period | None = None
    phase: DbInt | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value):
        if value is not None and value not in UNITS:
            raise ValueError(f"unknown unit; use one of {', '.join(UNITS)}")
        return value


class PhaseIn(Model):
    seq: int = Field(ge=1, le=MAX_INT)
    name: I18n | None = None
    status: Status | None = None
    investment: MoneyIn | None = None
    jobs_permanent: int | None = Field(None, ge=0, le=MAX_INT)
    start: dt.date | None = None
    end: dt.date | None = None


class ProjectOrganisationIn(Model):
    organisation_id: DbInt
    role: OrgRole


class SupportIn(Model):
    kind: SupportKind
    by_organisation_id: DbInt | None = None
    description: str | None = None
    amount: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT)
    due: dt.date | None = None
    status: SupportStatus = "committed"


class SourceIn(Model):
    kind: SourceKind = "public"
    title: str | None = None
    url: str | None = None
    date: dt.date | None = None
    quote: str | None = None
    document_id: DbInt | None = None
    lang: str | None = Field(None, pattern=r"^[a-z]{2}$")


class StatusIn(Model):
    status: Status
    date: dt.date | None = None
    note: str | None = None


class ProjectFields(Model):
    """Fields shared by create and update; on update every field is optional."""

    external_id: str | None = Field(None, min_length=1, max_length=100)
    description: Text | None = None
    region_kato: str | None = Field(None, pattern=r"^\d{9}$")
    district_kato: str | None = Field(None, pattern=r"^\d{9}$")
    settlement: str | None = None
    lat: float | None = Field(None, ge=40, le=56)
    lon: float | None = Field(None, ge=46, le=88)
    zone_id: DbInt | None = None
    #: an OKED code (division "24", class "24.10"), or only the section letter when that is all that is known
    oked: str | None = Field(None, pattern=r"^([A-U]|\d{2}(\.\d{1,2}(\.\d{1,2})?)?)$")
    programmes: list[str] | None = None
    map_level: MapLevel | None = None
    significance: str | None = None
    project_type: ProjectType | None = None
    investment_planned: MoneyIn | None = None
    investment_actual: MoneyIn | None = None
    jobs_construction_planned: int | None = Field(None, ge=0, le=MAX_INT)
    jobs_construction_actual: int | None = Field(None, ge=0, le=MAX_INT)
    jobs_permanent_planned: int | None = Field(None, ge=0, le=MAX_INT)
    jobs_permanent_actual: int | None = Field(None, ge=0, le=MAX_INT)
    launch_planned: dt.date | None = None
    launch_actual: dt.date | None = None
    curator: str | None = None
    location_precision: Precision | None = None
    status_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    investment_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    jobs_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    launch_planned_text: str | None = Field(None, pattern=PARTIAL_DATE)
    launch_actual_text: str | None = Field(None, pattern=PARTIAL_DATE)
    capacities: list[CapacityIn] | None = None
    phases: list[PhaseIn] | None = None
    organisations: list[ProjectOrganisationIn] | None = None
    support: list[SupportIn] | None = None
    sources: list[SourceIn] | None = None
    note: str | None = None


class ProjectCreate(ProjectFields):
    name: Name
    status: Status = Status.PLANNED
    status_date: dt.date | None = None
    status_history: list[StatusIn] | None = None
    is_sample: bool = False


class ProjectUpdate(ProjectFields):
    name: Name | None = None
    status: Status | None = None
    status_date: dt.date | None = None
    status_note: str | None = None
    version: DbInt | None = Field(None, description="the version you edited; a stale one gets 409")


class PartnerIn(Model):
    organisation_id: DbInt
    share_percent: Decimal | None = Field(None, ge=0, le=100)


class OrganisationFields(Model):
    external_id: str | None = Field(None, min_length=1, max_length=100)
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    bin: str | None = None
    partners: list[PartnerIn] | None = None
    sources: list[SourceIn] | None = None

    @field_validator("bin")
    @classmethod
    def _bin(cls, value):
        return validate_bin(value) if value else None


class OrganisationCreate(OrganisationFields):
    name: Name
    kind: OrgKind
    is_sample: bool = False


class OrganisationUpdate(OrganisationFields):
    name: Name | None = None
    kind: OrgKind | None = None
    version: DbInt | None = None


class InfrastructureIn(Model):
    kind: InfraKind
    state: Literal["available", "planned"]
    note: str | None = None


class ZoneFields(Model):
    external_id: str | None = Field(None, min_length=1, max_length=100)
    region_kato: str | None = Field(None, pattern=r"^\d{9}$")
    district_kato: str | None = Field(None, pattern=r"^\d{9}$")
    area_ha: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    free_area_ha: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    lat: float | None = Field(None, ge=40, le=56)
    lon: float | None = Field(None, ge=46, le=88)
    boundary: dict | None = None
    established: dt.date | None = None
    management_company_id: DbInt | None = None
    description: str | None = None
    infrastructure: list[InfrastructureIn] | None = None
    sources: list[SourceIn] | None = None


class ZoneCreate(ZoneFields):
    name: Name
    kind: ZoneKind
    is_sample: bool = False


class ZoneUpdate(ZoneFields):
    name: Name | None = None
    kind: ZoneKind | None = None
    version: DbInt | None = None
