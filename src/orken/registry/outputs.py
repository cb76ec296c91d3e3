"""Output models of the registry (Pydantic): the shape ``serialize`` builds, as the API documents it.

They are the response schemas of ``/api/v1/openapi.json`` (a client can be generated from them) and
schemathesis checks every answer against them (``tests/fuzz/test_api_schemathesis.py``). Amounts are
exact decimal strings; names are ``{kk, ru, en}``. Outputs forbid unknown keys, so a field added to a
serializer and not here is caught by the fuzz sweep.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    # built when first used (the API's schema, a check), not when a command that never answers HTTP starts
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Open(BaseModel):
    """An answer whose keys vary (filters echoed back, facets): documented as an object."""

    model_config = ConfigDict(extra="allow", defer_build=True)


Names = dict[str, str | None]
#: an exact decimal as text ("1250000.50")
Dec = str


class Money(Out):
    amount: Dec
    currency: str
    date: str | None = None
    kzt: Dec | None = None
    kzt_missing_rate: bool


class SourceOut(Out):
    kind: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    quote: str | None = None
    document_id: int | None = None
    lang: str | None = None


class ProjectSummary(Out):
    id: int
    external_id: str | None = None
    name: Names
    status: str
    region_kato: str | None = None
    district_kato: str | None = None
    oked: str | None = None
    sector: str | None = None
    map_level: str | None = None
    year: int | None = None
    investment_planned_kzt: Dec | None = None
    investment_actual_kzt: Dec | None = None
    jobs_permanent_planned: int | None = None
    jobs_permanent_actual: int | None = None
    lat: float | None = None
    lon: float | None = None
    zone_id: int | None = None
    is_sample: bool
    version: int
    location_precision: str | None = None


class StatusOut(Out):
    status: str
    date: str | None = None
    note: str | None = None


class PhaseOut(Out):
    seq: int
    name: Names
    status: str | None = None
    investment: Money | None = None
    jobs_permanent: int | None = None
    start: str | None = None
    end: str | None = None


class CapacityOut(Out):
    product: Names
    quantity: Dec | None = None
    unit: str | None = None
    period: str | None = None
    phase: int | None = None


class ParticipantOut(Out):
    organisation_id: int
    role: str
    name: Names


class SupportOut(Out):
    """A support measure; the public view has only ``kind`` and ``status``."""

    kind: str
    status: str | None = None
    by_organisation_id: int | None = None
    description: str | None = None
    amount: Dec | None = None
    due: str | None = None


class ProjectOut(ProjectSummary):
    """A project; the public view leaves out the internal fields (curator, note)."""

    description: Names
    settlement: str | None = None
    significance: str | None = None
    project_type: str | None = None
    programmes: list[str]
    investment_planned: Money | None = None
    investment_actual: Money | None = None
    jobs_construction_planned: int | None = None
    jobs_construction_actual: int | None = None
    launch_planned: str | None = None
    launch_actual: str | None = None
    launch_planned_precision: str | None = None
    launch_actual_precision: str | None = None
    curator: str | None = None
    note: str | None = None
    status_as_of: str | None = None
    investment_as_of: str | None = None
    jobs_as_of: str | None = None
    launch_planned_text: str | None = None
    launch_actual_text: str | None = None
    status_history: list[StatusOut]
    phases: list[PhaseOut]
    capacities: list[CapacityOut]
    organisations: list[ParticipantOut]
    support: list[SupportOut]
    sources: list[SourceOut]
    created_at: str | None = None
    updated_at: str | None = None


class ProjectPage(Out):
    items: list[ProjectSummary]
    total: int
    next: str | None = None
    facets: dict[str, Any] | None = None


class InfrastructureOut(Out):
    kind: str
    state: str
    note: str | None = None
    capacity_mw: Dec | None = None
    year: int | None = None


class ZoneTargetOut(Out):
    year: int
    investment_kzt: Dec | None = None
    participants: int | None = None
    jobs: int | None = None
    output_kzt: Dec | None = None
    local_content_percent: Dec | None = None


class ZoneOut(Out):
    id: int
    external_id: str | None = None
    kind: str
    name: Names
    region_kato: str | None = None
    district_kato: str | None = None
    area_ha: Dec | None = None
    free_area_ha: Dec | None = None
    lat: float | None = None
    lon: float | None = None
    boundary: dict[str, Any] | None = None
    established: str | None = None
    management_company_id: int | None = None
    description: str | None = None
    infrastructure: list[InfrastructureOut]
    established_year: int | None = None
    valid_until_year: int | None = None
    specialisation: list[str]
    specialisation_oked: list[str]
    incentives: list[str]
    management_contact: str | None = None
    participants_count: int | None = None
    projects_count: int | None = None
    reported_investment_kzt: Dec | None = None
    reported_jobs: int | None = None
    as_of: str | None = None
    targets: list[ZoneTargetOut]
    sources: list[SourceOut]
    is_sample: bool
    version: int


class KpiFigure(Out):
    target: int | Dec | None = None
    fact: int | Dec | None = None
    percent: Dec | None = None


class KpiLine(Open):
    """A year of a zone's KPIs: ``year`` and one ``KpiFigure`` per measure."""

    year: int


class ZoneDetail(ZoneOut):
    participants: list[ProjectSummary]
    kpis: list[KpiLine]


class PartnerOut(Out):
    organisation_id: int
    share_percent: Dec | None = None


class OrganisationOut(Out):
    id: int
    external_id: str | None = None
    kind: str
    name: Names
    country: str | None = None
    bin: str | None = None
    partners: list[PartnerOut]
    sources: list[SourceOut]
    is_sample: bool
    version: int


class OrganisationPage(Out):
    items: list[OrganisationOut]
    total: int
    next: str | None = None


class FieldChange(Out):
    before: Any = None
    after: Any = None


class ChangeOut(Out):
    id: int
    time: str | None = None
    actor: str
    action: str
    object_type: str
    object_id: int
    object: str
    changes: dict[str, FieldChange]
    message: str | None = None


class ChangeList(Out):
    items: list[ChangeOut]
