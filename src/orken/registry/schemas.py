"""Input models of the registry API and CLI (Pydantic). Output is built in ``serialize``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from orken.domain import codes
from orken.domain.bin import validate_bin
from orken.domain.lifecycle import Status
from orken.domain.money import Currency
from orken.domain.units import UNITS, Period
from orken.errors import Refusal
from orken.i18n import N_

OrgKind = Literal[codes.ORG_KINDS.codes]
OrgRole = Literal[codes.ORG_ROLES.codes]
ZoneKind = Literal[codes.ZONE_KINDS.codes]
InfraKind = Literal[codes.INFRA_KINDS.codes]
MapLevel = Literal[codes.MAP_LEVELS.codes]
Precision = Literal[codes.LOCATION_PRECISIONS.codes]
#: a date as reported: a year, a month or a day ("2024", "2024-05", "2024-05-03")
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
ProjectType = Literal[codes.PROJECT_TYPES.codes]
SupportKind = Literal[codes.SUPPORT_KINDS.codes]
SupportStatus = Literal[codes.SUPPORT_STATUSES.codes]
#: the largest integer a database column holds (PostgreSQL ``integer``); larger ids and counts are refused (422)
MAX_INT = 2**31 - 1
#: an integer a database column can store: ids, versions, sequence numbers
DbInt = Annotated[int, Field(ge=-MAX_INT - 1, le=MAX_INT)]
#: the largest amount a ``Tenge`` column stores (integer minor units in a signed 64-bit column)
MAX_AMOUNT = Decimal(2**63 - 1) / 100
#: an ``ExactDecimal`` column (PostgreSQL ``NUMERIC(28, 8)``) holds values below 10^20
MAX_EXACT = Decimal("1e20")
SourceKind = Literal[codes.SOURCE_KINDS.codes]


#: the longest text of any input field (a description, a note, a quote): longer is a 422
MAX_TEXT = 20_000
#: the most entries of a list in an input (sources, support measures, phases, participants)
MAX_ITEMS = 500


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=MAX_TEXT)


class I18n(Model):
    kk: str | None = Field(None, max_length=500)
    ru: str | None = Field(None, max_length=500)
    en: str | None = Field(None, max_length=500)


class Name(I18n):
    @model_validator(mode="after")
    def _one_language(self) -> Name:
        if not (self.kk or self.ru or self.en):
            raise Refusal("give the name in at least one of kk, ru, en", N_("Give the name in at least one language."))
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
            raise Refusal(f"unknown unit; use one of {', '.join(UNITS)}", N_("Choose a unit from the list."))
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


DatePrecision = Literal[codes.DATE_PRECISIONS.codes]


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
    programmes: list[str] | None = Field(None, max_length=50)
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
    #: the precision a launch date is given to (the date is then the first day of its year, quarter, month)
    launch_planned_precision: DatePrecision | None = None
    launch_actual_precision: DatePrecision | None = None
    curator: str | None = None
    location_precision: Precision | None = None
    status_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    investment_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    jobs_as_of: str | None = Field(None, pattern=PARTIAL_DATE)
    launch_planned_text: str | None = Field(None, pattern=PARTIAL_DATE)
    launch_actual_text: str | None = Field(None, pattern=PARTIAL_DATE)
    capacities: list[CapacityIn] | None = Field(None, max_length=MAX_ITEMS)
    phases: list[PhaseIn] | None = Field(None, max_length=MAX_ITEMS)
    organisations: list[ProjectOrganisationIn] | None = Field(None, max_length=MAX_ITEMS)
    support: list[SupportIn] | None = Field(None, max_length=MAX_ITEMS)
    sources: list[SourceIn] | None = Field(None, max_length=MAX_ITEMS)
    note: str | None = None


class ProjectCreate(ProjectFields):
    name: Name
    status: Status = Status.PLANNED
    status_date: dt.date | None = None
    status_history: list[StatusIn] | None = Field(None, max_length=MAX_ITEMS)
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
    partners: list[PartnerIn] | None = Field(None, max_length=MAX_ITEMS)
    sources: list[SourceIn] | None = Field(None, max_length=MAX_ITEMS)

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


#: points of a zone boundary at most (a detailed industrial-zone outline has a few thousand)
MAX_BOUNDARY_POINTS = 50_000


def check_boundary(value: dict) -> dict:
    """A GeoJSON Polygon or MultiPolygon of the right depth, rings of [lon, lat] numbers, bounded in size.
    Anything else (another type, arrays nested 900 deep, strings for numbers) is a ValueError (422)
    before any code walks it (a deep one had exhausted the recursion of the change log: a 500)."""
    kind = value.get("type")
    depth = {"Polygon": 3, "MultiPolygon": 4}.get(kind)
    if depth is None or set(value) - {"type", "coordinates", "bbox"}:
        raise ValueError("the boundary must be a GeoJSON Polygon or MultiPolygon")
    count = 0

    def walk(node, level: int) -> None:
        nonlocal count
        if level == depth:
            if not (isinstance(node, list) and len(node) in (2, 3) and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and -360 <= v <= 360 for v in node)):
                raise ValueError("each position of the boundary is [lon, lat] in degrees")
            count += 1
            if count > MAX_BOUNDARY_POINTS:
                raise ValueError(f"the boundary has more than {MAX_BOUNDARY_POINTS} points")
            return
        if not isinstance(node, list) or not node:
            raise ValueError(f"the coordinates of a {kind} are nested {depth} arrays deep")
        for child in node:
            walk(child, level + 1)

    walk(value.get("coordinates"), 1)
    return value


class InfrastructureIn(Model):
    kind: InfraKind
    state: Literal[codes.INFRA_STATES.codes]
    note: str | None = None
    capacity_mw: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    year: int | None = Field(None, ge=1900, le=2200)


ZoneIncentive = Literal[codes.ZONE_INCENTIVES.codes]


class ZoneTargetIn(Model):
    """A zone's KPI targets for a year; a measure left out is not targeted."""

    year: int = Field(ge=1990, le=2100)
    investment_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT)
    participants: int | None = Field(None, ge=0, le=MAX_INT)
    jobs: int | None = Field(None, ge=0, le=MAX_INT)
    output_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT)
    local_content_percent: Decimal | None = Field(None, ge=0, le=100)


class ZoneFields(Model):
    external_id: str | None = Field(None, min_length=1, max_length=100)
    region_kato: str | None = Field(None, pattern=r"^\d{9}$")
    district_kato: str | None = Field(None, pattern=r"^\d{9}$")
    area_ha: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    free_area_ha: Decimal | None = Field(None, ge=0, lt=MAX_EXACT)
    lat: float | None = Field(None, ge=40, le=56)
    lon: float | None = Field(None, ge=46, le=88)
    boundary: dict | None = Field(None, description="a GeoJSON Polygon or MultiPolygon (lon, lat)")
    established: dt.date | None = None
    management_company_id: DbInt | None = None
    description: str | None = None
    infrastructure: list[InfrastructureIn] | None = Field(None, max_length=MAX_ITEMS)
    sources: list[SourceIn] | None = Field(None, max_length=MAX_ITEMS)
    established_year: int | None = Field(None, ge=1900, le=2200)
    valid_until_year: int | None = Field(None, ge=1900, le=2200)
    specialisation: list[Annotated[str, Field(min_length=1, max_length=500)]] | None = Field(None, max_length=100)
    specialisation_oked: list[Annotated[str, Field(pattern=r"^([A-U]|\d{2})$")]] | None = Field(None, max_length=100)
    incentives: list[ZoneIncentive] | None = Field(None, max_length=50)
    management_contact: str | None = Field(None, max_length=1000)
    participants_count: int | None = Field(None, ge=0, le=MAX_INT)
    projects_count: int | None = Field(None, ge=0, le=MAX_INT)
    reported_investment_kzt: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT)
    reported_jobs: int | None = Field(None, ge=0, le=MAX_INT)
    as_of: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    targets: list[ZoneTargetIn] | None = Field(None, max_length=200)


    @field_validator("boundary")
    @classmethod
    def _geojson(cls, value):
        return None if value is None else check_boundary(value)


class ZoneCreate(ZoneFields):
    name: Name
    kind: ZoneKind
    is_sample: bool = False


class ZoneUpdate(ZoneFields):
    name: Name | None = None
    kind: ZoneKind | None = None
    version: DbInt | None = None
