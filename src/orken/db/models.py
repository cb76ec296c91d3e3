"""The one schema of Orken (migrated with Alembic; see migrations/).

Names in three languages are three columns (``name_kk``, ``name_ru``, ``name_en``). Money is
stored as integer tiyn (``Tenge``) with its currency and date; the KZT equivalent is kept next to
it for sums and is NULL when no official rate is known. ``search_text`` holds the casefolded
names of a record in all languages so that text search behaves the same on both engines
(SQLite's lower() does not fold Cyrillic).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from orken.db.types import ExactDecimal, Tenge

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


#: table option: on SQLite an id is never given twice (``AUTOINCREMENT``), even after the row with the
#: greatest id was deleted: grants, the change log and outside systems refer to records by id, and a
#: reused id would make them point at another record. PostgreSQL sequences never reuse ids anyway.
NO_ID_REUSE = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Names:
    """Mixin: a name in Kazakh, Russian and English."""

    name_kk: Mapped[str | None] = mapped_column(String(500))
    name_ru: Mapped[str | None] = mapped_column(String(500))
    name_en: Mapped[str | None] = mapped_column(String(500))

    def name(self, lang: str = "kk") -> str:
        from orken.i18n import ORDER, in_script

        for code in ORDER[lang]:
            value = getattr(self, f"name_{code}")
            if value:
                return in_script(lang, value)
        return ""


# --- reference data -------------------------------------------------------------------------


class AdminUnit(Names, Base):
    """A region (level 1) or district / city of regional significance (level 2)."""

    __tablename__ = "admin_units"
    kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, index=True)
    parent_kato: Mapped[str | None] = mapped_column(ForeignKey("admin_units.kato"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # region, city, district
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[dict | None] = mapped_column(JSON)


class UnitChange(Base):
    """A dated change of the administrative division (e.g. the 2022 split of three regions)."""

    __tablename__ = "unit_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))  # split, rename
    from_kato: Mapped[str] = mapped_column(ForeignKey("admin_units.kato"))
    to_kato: Mapped[str] = mapped_column(ForeignKey("admin_units.kato"))
    note: Mapped[str | None] = mapped_column(Text)


class Sector(Names, Base):
    """An OKED (НК РК 03-2019) section (letter) or division (two digits)."""

    __tablename__ = "sectors"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))  # section, division
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"))


class PrioritySector(Names, Base):
    __tablename__ = "priority_sectors"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    oked: Mapped[list] = mapped_column(JSON, default=list)
    programmes: Mapped[list] = mapped_column(JSON, default=list)


class Programme(Names, Base):
    __tablename__ = "programmes"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class ExchangeRate(Base):
    """An official National Bank of Kazakhstan rate: KZT per one unit of currency on a date."""

    __tablename__ = "exchange_rates"
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_kzt: Mapped[Decimal] = mapped_column(ExactDecimal)
    source: Mapped[str] = mapped_column(Text)


class AnnualRate(Base):
    """An annual-average tenge rate (KZT per unit), used where no on-date rate is known."""

    __tablename__ = "annual_rates"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_kzt: Mapped[Decimal] = mapped_column(ExactDecimal)
    source: Mapped[str] = mapped_column(Text)


# --- the registry -----------------------------------------------------------------------------


def compare_version(version_column) -> dict:
    """Mapper arguments: every UPDATE and DELETE of the row says ``WHERE version = <the version read>``
    (compare-and-set), so a write based on a stale read changes nothing and raises ``StaleDataError``
    (answered 409) instead of overwriting; the services still set the next version themselves."""
    return {"version_id_col": version_column, "version_id_generator": False}


class Versioned:
    """Mixin: timestamps and a version number for optimistic concurrency (compared in every UPDATE)."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return compare_version(cls.version)

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)


class Organisation(Names, Versioned, Base):
    __tablename__ = "organisations"
    __table_args__ = NO_ID_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    bin: Mapped[str | None] = mapped_column(String(12), unique=True)
    partners: Mapped[list[OrganisationPartner]] = relationship(
        foreign_keys="OrganisationPartner.organisation_id", cascade="all, delete-orphan", lazy="selectin"
    )


class OrganisationPartner(Base):
    """A partner of a joint venture and its share."""

    __tablename__ = "organisation_partners"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    share_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal)


class Zone(Names, Versioned, Base):
    __tablename__ = "zones"
    __table_args__ = NO_ID_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    region_kato: Mapped[str] = mapped_column(ForeignKey("admin_units.kato"), index=True)
    district_kato: Mapped[str | None] = mapped_column(ForeignKey("admin_units.kato"))
    area_ha: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    free_area_ha: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    boundary: Mapped[dict | None] = mapped_column(JSON)
    established: Mapped[date | None] = mapped_column(Date)
    management_company_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    description: Mapped[str | None] = mapped_column(Text)
    # the catalogue (0011_zones): what an investor asks of a zone; every field may be unknown (NULL)
    established_year: Mapped[int | None] = mapped_column(Integer)
    valid_until_year: Mapped[int | None] = mapped_column(Integer)
    #: OKED sections (letters) / divisions (two digits) read from the specialisation, and its words
    specialisation_oked: Mapped[list | None] = mapped_column(JSON, default=list)
    specialisation: Mapped[list | None] = mapped_column(JSON, default=list)
    #: codes of the incentives reported for the zone (orken.domain.sites.INCENTIVES)
    incentives: Mapped[list | None] = mapped_column(JSON, default=list)
    management_contact: Mapped[str | None] = mapped_column(Text)
    #: as reported (not counted from the registry): participants, projects, investment, jobs
    participants_count: Mapped[int | None] = mapped_column(Integer)
    projects_count: Mapped[int | None] = mapped_column(Integer)
    reported_investment_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    reported_jobs: Mapped[int | None] = mapped_column(Integer)
    #: the date of the figures (YYYY, YYYY-MM or YYYY-MM-DD as reported)
    as_of: Mapped[str | None] = mapped_column(String(10))
    infrastructure: Mapped[list[ZoneInfrastructure]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    management_company: Mapped[Organisation | None] = relationship(lazy="joined")
    targets: Mapped[list[ZoneTarget]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                     order_by="ZoneTarget.year")


class ZoneInfrastructure(Base):
    __tablename__ = "zone_infrastructure"
    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # power, gas, water, rail, road, heat, sewerage
    state: Mapped[str] = mapped_column(String(20))  # available, under_construction, planned, absent
    note: Mapped[str | None] = mapped_column(Text)
    capacity_mw: Mapped[Decimal | None] = mapped_column(ExactDecimal)  # power (0011_zones)
    year: Mapped[int | None] = mapped_column(Integer)  # when planned / under construction: the year it is due


class ZoneTarget(Base):
    """A zone's KPI targets for a year (SEZs carry them): investment, participants, jobs, local content."""

    __tablename__ = "zone_targets"
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    investment_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    participants: Mapped[int | None] = mapped_column(Integer)
    jobs: Mapped[int | None] = mapped_column(Integer)
    output_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    local_content_percent: Mapped[Decimal | None] = mapped_column(ExactDecimal)


class Contact(Versioned, Base):
    """A contact desk or person of a zone's management company (0016_contact); deleted with its zone."""

    __tablename__ = "zone_contacts"
    __table_args__ = NO_ID_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class Project(Names, Versioned, Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    description_kk: Mapped[str | None] = mapped_column(Text)
    description_ru: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    region_kato: Mapped[str] = mapped_column(ForeignKey("admin_units.kato"), index=True)
    district_kato: Mapped[str | None] = mapped_column(ForeignKey("admin_units.kato"), index=True)
    settlement: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"), index=True)
    oked_code: Mapped[str | None] = mapped_column(String(10))
    oked_division: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"), index=True)
    oked_section: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"), index=True)
    map_level: Mapped[str | None] = mapped_column(String(20), index=True)  # republican, regional
    significance: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(30), index=True)
    project_type: Mapped[str] = mapped_column(String(20), default="new")
    investment_planned: Mapped[Decimal | None] = mapped_column(Tenge)
    investment_planned_currency: Mapped[str] = mapped_column(String(3), default="KZT")
    investment_planned_date: Mapped[date | None] = mapped_column(Date)
    investment_planned_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    investment_actual: Mapped[Decimal | None] = mapped_column(Tenge)
    investment_actual_currency: Mapped[str] = mapped_column(String(3), default="KZT")
    investment_actual_date: Mapped[date | None] = mapped_column(Date)
    investment_actual_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    jobs_construction_planned: Mapped[int | None] = mapped_column(Integer)
    jobs_construction_actual: Mapped[int | None] = mapped_column(Integer)
    jobs_permanent_planned: Mapped[int | None] = mapped_column(Integer)
    jobs_permanent_actual: Mapped[int | None] = mapped_column(Integer)
    launch_planned: Mapped[date | None] = mapped_column(Date, index=True)  # plan-vs-fact by period (0006)
    launch_actual: Mapped[date | None] = mapped_column(Date, index=True)
    #: what the launch dates are known to: "year", "quarter", "month" (the date is the period's first
    #: day) or "day"/None (the date itself); "2025" in a sheet is the year 2025, not 1 January (0009)
    launch_planned_precision: Mapped[str | None] = mapped_column(String(10))
    launch_actual_precision: Mapped[str | None] = mapped_column(String(10))
    #: year of the launch (actual, else planned): the "year" of filters and roll-ups
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    curator: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    sort_name: Mapped[str] = mapped_column(String(500), default="", index=True)
    # as reported (0010_realdata): how precisely the place is known, and the date each figure was
    # reported (ISO, possibly partial: "2024", "2024-05", "2024-05-03")
    location_precision: Mapped[str | None] = mapped_column(String(12), index=True)  # point/settlement/district/region
    status_as_of: Mapped[str | None] = mapped_column(String(10))
    investment_as_of: Mapped[str | None] = mapped_column(String(10))
    jobs_as_of: Mapped[str | None] = mapped_column(String(10))
    launch_planned_text: Mapped[str | None] = mapped_column(String(10))  # a launch reported as "2026" or "2026-03"
    launch_actual_text: Mapped[str | None] = mapped_column(String(10))

    zone: Mapped[Zone | None] = relationship(lazy="joined")
    programmes: Mapped[list[ProjectProgramme]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    statuses: Mapped[list[StatusChange]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="StatusChange.id"
    )
    phases: Mapped[list[Phase]] = relationship(cascade="all, delete-orphan", lazy="selectin", order_by="Phase.seq")
    # in the order they were added (ids), as the row-level exports list them (``orken.io.project_rows``):
    # without an order PostgreSQL gave them in whatever order its heap held them
    capacities: Mapped[list[Capacity]] = relationship(cascade="all, delete-orphan", lazy="selectin",
                                                      order_by="Capacity.id")
    organisations: Mapped[list[ProjectOrganisation]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    support: Mapped[list[SupportMeasure]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    sources: Mapped[list[Source]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", foreign_keys="Source.project_id", order_by="Source.id"
    )

    __table_args__ = (Index("ix_projects_status_region", "status", "region_kato"), NO_ID_REUSE)


class ProjectProgramme(Base):
    __tablename__ = "project_programmes"
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    programme_code: Mapped[str] = mapped_column(ForeignKey("programmes.code"), primary_key=True, index=True)


class StatusChange(Base):
    """One dated entry of a project's status history."""

    __tablename__ = "project_statuses"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


class Phase(Names, Base):
    __tablename__ = "project_phases"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(30))
    investment: Mapped[Decimal | None] = mapped_column(Tenge)
    investment_currency: Mapped[str] = mapped_column(String(3), default="KZT")
    jobs_permanent: Mapped[int | None] = mapped_column(Integer)
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)


class Capacity(Base):
    """A design-capacity line: product, quantity, unit and period."""

    __tablename__ = "project_capacities"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    phase_seq: Mapped[int | None] = mapped_column(Integer)
    product_kk: Mapped[str | None] = mapped_column(String(300))
    product_ru: Mapped[str | None] = mapped_column(String(300))
    product_en: Mapped[str | None] = mapped_column(String(300))
    quantity: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit: Mapped[str | None] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(10))


class ProjectOrganisation(Base):
    __tablename__ = "project_organisations"
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class SupportMeasure(Base):
    """A state support commitment: who committed what, and whether it was delivered."""

    __tablename__ = "support_measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    by_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    description: Mapped[str | None] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Tenge)
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="committed")


class Document(Base):
    """A news article, press release or official document that facts come from."""

    __tablename__ = "documents"
    __table_args__ = NO_ID_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(5))
    date: Mapped[date | None] = mapped_column(Date)
    publisher: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    text: Mapped[str | None] = mapped_column(Text)


class Source(Base):
    """Where a registry record's facts come from, with the quoted sentence."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20), default="public")
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date)
    quote: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(5))  # the page's language (0010_realdata)


class ChangeRecord(Base):
    """One write to the registry: who, when, what, and the object before and after."""

    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    object_repr: Mapped[str] = mapped_column(String(500))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the note the person gave with the change (optional); the server default keeps the column out of
    #: an INSERT that gives none, so a database not yet at 0017_change_message is still written
    message: Mapped[str | None] = mapped_column(Text, server_default=text("NULL"))

    __table_args__ = (Index("ix_change_log_object", "object_type", "object_id"),)
    __mapper_args__ = {"eager_defaults": False}  # the message is not read back after an INSERT (see there)
