"""Tables of monitoring: targets, portfolios (pools) and quarterly monitoring reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from orken.db.models import NO_ID_REUSE, Base, Names, compare_version, utcnow
from orken.db.types import ExactDecimal, Tenge


class Target(Base):
    """What a scope commits to in a year. Empty scope fields mean "all" (all empty: the country)."""

    __tablename__ = "monitoring_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kato: Mapped[str | None] = mapped_column(ForeignKey("admin_units.kato"))  # region or district
    sector: Mapped[str | None] = mapped_column(ForeignKey("sectors.code"))  # OKED section or division
    programme: Mapped[str | None] = mapped_column(ForeignKey("programmes.code"))
    projects_launched: Mapped[int | None] = mapped_column(Integer)
    investment_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    jobs_permanent: Mapped[int | None] = mapped_column(Integer)
    output_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    __mapper_args__ = compare_version(version)  # UPDATE ... WHERE version = <read>
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("year", "kato", "sector", "programme"), NO_ID_REUSE)


class Portfolio(Names, Base):
    """A named set of projects with a horizon, e.g. "investment pool until 2030"."""

    __tablename__ = "monitoring_portfolios"
    __table_args__ = NO_ID_REUSE
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="pool")  # pool, portfolio
    horizon: Mapped[int | None] = mapped_column(Integer)  # last year
    projects_target: Mapped[int | None] = mapped_column(Integer)
    investment_target_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    __mapper_args__ = compare_version(version)  # UPDATE ... WHERE version = <read>
    members: Mapped[list[PortfolioProject]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class PortfolioProject(Base):
    __tablename__ = "monitoring_portfolio_projects"
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("monitoring_portfolios.id", ondelete="CASCADE"),
                                              primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)


class Report(Base):
    """A monitoring report of one project for one quarter; a correction is a new revision.

    Flow figures (``investment_period``, ``output_value``, ``exports``, ``support_received``) are
    for the quarter; stock figures (``investment_to_date``, jobs, ``capacity_utilisation``) stand
    at its end. ``current`` marks the approved revision that counts (the latest one).
    """

    __tablename__ = "monitoring_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    current: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    due: Mapped[date] = mapped_column(Date)
    investment_period_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    investment_to_date_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    jobs_permanent: Mapped[int | None] = mapped_column(Integer)
    jobs_temporary: Mapped[int | None] = mapped_column(Integer)
    output_value_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    output_volume: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    output_unit: Mapped[str | None] = mapped_column(String(20))
    capacity_utilisation: Mapped[Decimal | None] = mapped_column(ExactDecimal)  # percent
    exports_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    support_received_kzt: Mapped[Decimal | None] = mapped_column(Tenge)
    problems: Mapped[str | None] = mapped_column(Text)
    needs: Mapped[str | None] = mapped_column(Text)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(200))
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    __mapper_args__ = compare_version(version)  # UPDATE ... WHERE version = <read>
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("project_id", "year", "quarter", "revision"),
        Index("ix_monitoring_reports_current_year_quarter", "current", "year", "project_id", "quarter"),
        Index("ix_monitoring_reports_state_due", "state", "due"),
        NO_ID_REUSE,
    )


# the guard's rules of these tables (orken.auth.rules), registered whenever the tables are
from orken.monitoring import rules as _rules  # noqa: E402,F401
