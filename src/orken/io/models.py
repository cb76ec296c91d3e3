"""Tables of data import: saved header mappings and import jobs (uploads awaiting confirmation)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from orken.db.models import Base, utcnow


class HeaderMapping(Base):
    """A column header someone taught Orken: its normalised text and the field it stands for."""

    __tablename__ = "io_header_mappings"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    header_key: Mapped[str] = mapped_column(String(300))
    field: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("entity", "header_key"),)


class ImportJob(Base):
    """One import: an upload previewed (status ``preview``), then ``done`` or ``failed``."""

    __tablename__ = "io_import_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    entity: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    sheet: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="preview")
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    rows: Mapped[int] = mapped_column(Integer, default=0)


# the guard's rules of these tables (orken.auth.rules): a job is its importer's, mappings the system's
from orken.auth.rules import SYSTEM_ONLY as _SYSTEM_ONLY, Rule as _Rule, register as _register  # noqa: E402


class _ImportJobRule(_Rule):
    """An import job is its uploader's bookkeeping: any signed-in user's (who may upload what is the
    upload's decision; every row it imports is checked as that user's write)."""

    name = "import_job (signed-in uploader)"

    def check(self, flush, obj):
        if not flush.principal.signed_in:
            flush.refuse("imports")


_register(ImportJob, _ImportJobRule())
_register(HeaderMapping, _SYSTEM_ONLY)
