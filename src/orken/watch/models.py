"""The tables of the watcher: sources, the items seen in them, stories of reprints and their signatures."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from orken.db.models import Base, utcnow

KINDS = ("rss", "atom", "sitemap", "page")


class WatchSource(Base):
    """A feed, sitemap or page polled every ``every_s`` seconds, with what the last polls found."""

    __tablename__ = "watch_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(5), default="auto")
    every_s: Mapped[int] = mapped_column(Integer, default=3600)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: consecutive failed polls (the back-off doubles the interval for each, up to a day)
    failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    items_seen: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    items_ingested: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchItem(Base):
    """One article URL found in a source: fetched and ingested, skipped (robots, too big) or failed."""

    __tablename__ = "watch_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("watch_sources.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(64))
    lastmod: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # ingested, known, robots, empty, error
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    author: Mapped[str | None] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("source_id", "url_hash", name="uq_watch_items_source_url"),)


class WatchStory(Base):
    """Documents that are one text reprinted (near-duplicates): its facts are queued once."""

    __tablename__ = "watch_stories"
    id: Mapped[int] = mapped_column(primary_key=True)
    lead_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    size: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WatchMember(Base):
    """A document's story and its MinHash signature (``num_perm`` little-endian uint32 values)."""

    __tablename__ = "watch_members"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("watch_stories.id", ondelete="CASCADE"), index=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    similarity: Mapped[float | None] = mapped_column()  # to the member it was matched with


class WatchBand(Base):
    """The LSH index: one row per band of a signature; a new document looks up its bands' keys only."""

    __tablename__ = "watch_bands"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)

    __table_args__ = (Index("ix_watch_bands_key", "key"),)


# the guard's rules of these tables (orken.auth.rules): administrators add sources; the rest is the
# watcher's (the command line's ``orken watch``), written in a system context
from orken.auth.rules import SYSTEM_ONLY as _SYSTEM_ONLY, Rule as _Rule, register as _register  # noqa: E402


class _WatchSourceRule(_Rule):
    name = "watch_source"

    def check(self, flush, obj):
        if not flush.principal.can_manage_watch():
            flush.refuse("watched sources")


_register(WatchSource, _WatchSourceRule())
for _model in (WatchItem, WatchStory, WatchMember, WatchBand):
    _register(_model, _SYSTEM_ONLY)
