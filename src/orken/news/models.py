"""The table of facts read from documents, waiting for (or done with) an analyst's review, and their echoes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from orken.db.models import NO_ID_REUSE, Base, Document, compare_version, utcnow
from orken.db.types import ExactDecimal
from orken.domain import codes

REVIEW_STATES = codes.FACT_REVIEW_STATES.codes


class NewsFact(Base):
    """One figure (or status) found in a document, with its sentence, its link and its review.

    Offsets are character offsets into ``Document.text``. ``value`` is exact (a Decimal read from
    the extractor's JSON number by its decimal text). The link is at most one of ``project_id``,
    ``zone_id``, ``organisation_id`` or ``region_kato``; ``candidates`` keeps what else was
    considered and ``proposal`` a new project to create when nothing matched.
    """

    __tablename__ = "news_facts"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    lang: Mapped[str | None] = mapped_column(String(5))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(30), index=True)
    value: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    unit: Mapped[str | None] = mapped_column(String(10))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)
    subject_text: Mapped[str | None] = mapped_column(Text)
    subject_type: Mapped[str | None] = mapped_column(String(20))
    location_text: Mapped[str | None] = mapped_column(Text)
    location_kato: Mapped[str | None] = mapped_column(String(9))
    #: the project status the sentence implies (for measure "status", the status itself)
    implied_status: Mapped[str | None] = mapped_column(String(30))
    #: the sentence reports money spent, jobs created, a plant launched: the *actual* figures
    actual: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    confidence: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    #: what accepting writes: investment_planned, jobs_permanent_actual, capacity, status, source, ...
    target: Mapped[str | None] = mapped_column(String(40))

    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    region_kato: Mapped[str | None] = mapped_column(String(9), index=True)
    link_score: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    link_method: Mapped[str | None] = mapped_column(String(20))  # name, context, location, manual, created
    candidates: Mapped[list] = mapped_column(JSON, default=list)
    proposal: Mapped[dict | None] = mapped_column(JSON)

    review_status: Mapped[str] = mapped_column(String(10), default="pending", nullable=False)
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: what accepting wrote to the registry: {"object", "id", "fields": {...}}
    applied: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    __mapper_args__ = compare_version(version)  # UPDATE ... WHERE version = <read>
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(lazy="joined")

    __table_args__ = (Index("ix_news_facts_review_status_id", "review_status", "id"), NO_ID_REUSE)


class WatchEcho(Base):
    """A reprint's copy of a fact already queued for its story: kept here instead of queued twice.

    Written by the watcher (``orken.watch.reprints``); accepting the fact cites every echo's outlet."""

    __tablename__ = "watch_echoes"
    id: Mapped[int] = mapped_column(primary_key=True)
    fact_id: Mapped[int] = mapped_column(ForeignKey("news_facts.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)


# the guard's rule of this table (orken.auth.rules), registered whenever the table is
from orken.news import rules as _rules  # noqa: E402,F401
