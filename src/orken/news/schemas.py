"""Input models of the review queue (API, CLI and pages share them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from orken.domain.lifecycle import Status
from orken.registry.schemas import DbInt, I18n, Model, Name

Target = str


class FactEdit(Model):
    """What an analyst may correct in a fact before accepting it; fields left out stay as they are."""

    value: Decimal | None = Field(None, ge=0, max_digits=28, decimal_places=8)
    unit: str | None = Field(None, max_length=10)
    year: int | None = Field(None, ge=1990, le=2100)
    #: a capacity's period, or a launch fact's date ("2027", "2027-Q3", "2027-03", "2027-03-15")
    period: str | None = Field(None, pattern=r"^(year|day|shift|\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?)$")
    target: str | None = Field(None, max_length=40, description="the registry field accepting writes")
    status: Status | None = Field(None, description="for status facts: the status to set")
    fact_version: DbInt | None = Field(None, description="the fact's version you edited; a stale one gets 409")

    @field_validator("value", mode="before")
    @classmethod
    def _no_float(cls, value):
        return str(value) if isinstance(value, float) else value


class AcceptIn(FactEdit):
    """Accept (optionally after edits): the registry object's version guards against overwriting."""

    version: DbInt | None = Field(None, description="the version of the linked project/zone/organisation you saw")
    date: dt.date | None = Field(None, description="date of the figure or status (default: the document's)")
    product: I18n | None = Field(None, description="for capacity: the product")
    name: Name | None = Field(None, description="for a new project: its name (default: the proposal's)")
    region_kato: str | None = Field(None, pattern=r"^\d{9}$", description="for a new project: its region")
    district_kato: str | None = Field(None, pattern=r"^\d{9}$")
    indicator: str | None = Field(None, max_length=60, description="for a fact about a region: the indicator "
                                  "it is accepted as (target 'indicator'; see stats indicators)")
    months: int | None = Field(None, ge=1, le=12, description="for an indicator: months from January the "
                               "figure covers (12: the whole year)")


class RejectIn(Model):
    reason: str = Field(min_length=1, max_length=2000)
    fact_version: DbInt | None = None


class LinkIn(Model):
    """Re-link to exactly one object, or to nothing (all fields null) to propose a new project."""

    project_id: DbInt | None = None
    zone_id: DbInt | None = None
    organisation_id: DbInt | None = None
    region_kato: str | None = Field(None, pattern=r"^\d{9}$")
    fact_version: DbInt | None = None

    @model_validator(mode="after")
    def _at_most_one(self) -> LinkIn:
        given = [f for f in ("project_id", "zone_id", "organisation_id", "region_kato") if getattr(self, f) is not None]
        if len(given) > 1:
            raise ValueError(f"link to one object only, not {' and '.join(given)}")
        return self
