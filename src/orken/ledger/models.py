"""The ``claims`` table: one row per accepted news figure about a project (a dated claim)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from orken.db.models import NO_ID_REUSE, Base, utcnow
from orken.db.types import ExactDecimal


class Claim(Base):
    """What was said about a project (measure, value, unit or currency, period; for the launch a date
    at its precision), by whom if the sentence names them, when (the article's date) and where (the
    outlet, its URL and sentence). A story reprinted by several outlets is one claim: ``sources``
    lists every outlet ({document_id, outlet, url, date, title, sentence}), the first being the
    fact's own document. ``fact_id`` is the accepted fact it was recorded from (one claim per fact)."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    fact_id: Mapped[int | None] = mapped_column(ForeignKey("news_facts.id", ondelete="SET NULL"), unique=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    measure: Mapped[str] = mapped_column(String(30))
    #: the figure reports what happened (money spent, the plant launched), not a promise
    actual: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit: Mapped[str | None] = mapped_column(String(10))  # a currency, a unit of measure, "person"
    qualifier: Mapped[str | None] = mapped_column(String(20))  # "about", "over", "up to" …
    period: Mapped[str | None] = mapped_column(String(10))  # of a capacity: "year", "day", "shift"
    #: a date claimed (the launch), the first day of its period, and the precision it is known to
    claimed_date: Mapped[date | None] = mapped_column(Date)
    precision: Mapped[str | None] = mapped_column(String(10))  # year, quarter, month, day
    speaker: Mapped[str | None] = mapped_column(String(300))
    said_on: Mapped[date | None] = mapped_column(Date)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(5))
    sources: Mapped[list] = mapped_column(JSON, default=list)
    accepted_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_claims_project_measure", "project_id", "measure"), NO_ID_REUSE)


# the guard's rule: a claim is an edit of its project (recorded by whoever accepts the fact about it)
from orken.auth.rules import project_child as _project_child, register as _register  # noqa: E402

_register(Claim, _project_child())
