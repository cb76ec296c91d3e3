"""Tables of the regional statistics (migration 0010_realdata)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from orken.db.models import Base
from orken.db.types import ExactDecimal


class IndicatorValue(Base):
    """One value of an indicator for a region (or the country: ``region_kato`` NULL) and a period.

    The period is a year and the number of months it covers from January (12 = the whole year,
    9 = "9 months", the cumulative figure official tables give); ``period_text`` keeps the period
    as reported when it is not a span from January (e.g. "2016-2022").
    """

    __tablename__ = "indicator_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(60), index=True)
    region_kato: Mapped[str | None] = mapped_column(ForeignKey("admin_units.kato"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    months: Mapped[int | None] = mapped_column(Integer)
    period_text: Mapped[str | None] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(ExactDecimal)
    unit: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str | None] = mapped_column(Text)
    source_title: Mapped[str | None] = mapped_column(Text)
    source_lang: Mapped[str | None] = mapped_column(String(5))
    as_of: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)

    __table_args__ = (
        UniqueConstraint("indicator", "region_kato", "year", "months", "period_text", "source_url",
                         name="uq_indicator_values_key"),
        Index("ix_indicator_values_lookup", "indicator", "year", "region_kato"),
    )


# the guard's rules of these tables (orken.auth.rules): a regional value is written where projects
# of that region are edited (an analyst accepting a regional figure read from the news)
from orken.auth.rules import Rule as _Rule, register as _register  # noqa: E402


class _IndicatorValueRule(_Rule):
    name = "indicator_value (by region)"

    def check(self, flush, obj):
        from sqlalchemy import select

        from orken.auth.guard import place_subject

        regions = []
        if obj not in flush.session.new and obj.id is not None:  # where it was stored, too
            regions.append(flush.session.connection().execute(
                select(IndicatorValue.region_kato).where(IndicatorValue.id == obj.id)).scalar())
        if obj not in flush.session.deleted:
            regions.append(obj.region_kato)
        if not all(flush.principal.can_edit_project(place_subject(flush.session, k)) for k in regions):
            flush.refuse("the statistics of this region")


_register(IndicatorValue, _IndicatorValueRule())
