"""Sources and the watch pass: poll each due source, fetch its new articles, ingest them, group reprints.

A pass takes each active source whose ``next_poll_at`` has come, in its own transaction, so one
bad source (unreachable, not a feed, a crash in extraction) is recorded on that source and the
others go on. Each article is ingested exactly as ``orken ingest`` does (``orken.news.ingest``,
idempotent by content hash), then placed in a story (``orken.watch.reprints``), and committed on
its own. An item already handled is not fetched again unless its ``lastmod`` changes; a failed
one is retried on later passes, ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from orken.db.models import utcnow
from orken.news import extraction
from orken.news.ingest import ingest
from orken.news.linking import Linker
from orken.errors import InvalidInput
from orken.watch import article, feeds, reprints
from orken.watch.fetch import Fetcher, FetchError, Forbidden
from orken.watch.models import KINDS, WatchItem, WatchSource

log = logging.getLogger("orken.watch")
MAX_ATTEMPTS = 3
MAX_CHILD_SITEMAPS = 10
MAX_BACKOFF = 86400
DONE = ("ingested", "known", "robots", "empty")
EVERY = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")


def parse_every(text: str) -> int:
    m = EVERY.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not an interval (e.g. 30m, 1h, 1d)")
    seconds = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    if not 60 <= seconds <= 30 * 86400:
        raise ValueError("the interval must be between 1 minute and 30 days")
    return seconds


def aware(t: datetime | None) -> datetime | None:
    return t.replace(tzinfo=timezone.utc) if t is not None and t.tzinfo is None else t


def add_source(session: Session, url: str, kind: str = "rss", lang: str = "auto", every: str = "1h") -> WatchSource:
    errors = []
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        errors.append({"field": "url", "message": "use an http(s) URL"})
    if kind not in KINDS:
        errors.append({"field": "kind", "message": "use " + ", ".join(KINDS)})
    if lang not in ("kk", "ru", "auto"):
        errors.append({"field": "lang", "message": "use kk, ru or auto"})
    try:
        every_s = parse_every(every)
    except ValueError as exc:
        errors.append({"field": "every", "message": str(exc)})
    if not errors and session.scalar(select(WatchSource.id).where(WatchSource.url == url)) is not None:
        errors.append({"field": "url", "message": "this source is already watched"})
    if errors:
        raise InvalidInput(errors)
    source = WatchSource(url=url, kind=kind, lang=lang, every_s=every_s, active=True, failures=0, items_seen=0,
                         items_ingested=0)
    session.add(source)
    session.flush()
    return source


def source_dict(s: WatchSource) -> dict:
    iso = lambda t: aware(t).isoformat() if t else None  # noqa: E731
    return {"id": s.id, "url": s.url, "kind": s.kind, "lang": s.lang, "every_s": s.every_s, "active": s.active,
            "last_polled_at": iso(s.last_polled_at), "last_success_at": iso(s.last_success_at),
            "last_status": s.last_status, "last_error": s.last_error, "last_error_at": iso(s.last_error_at),
            "failures": s.failures, "next_poll_at": iso(s.next_poll_at), "items_seen": s.items_seen,
            "items_ingested": s.items_ingested}


def list_sources(session: Session) -> list[WatchSource]:
    return list(session.scalars(select(WatchSource).order_by(WatchSource.id)))


@dataclass
class Report:
    source_id: int
    url: str
    ok: bool = True
    error: str | None = None
    not_modified: bool = False
    listed: int = 0
    fetched: int = 0
    ingested: int = 0
    known: int = 0
    skipped: int = 0  # seen before, or forbidden by robots.txt
    failed: int = 0
    reprints: int = 0
    documents: list[int] = field(default_factory=list)


def due(session: Session, now: datetime) -> list[int]:
    return list(session.scalars(select(WatchSource.id).where(
        WatchSource.active.is_(True), or_(WatchSource.next_poll_at.is_(None), WatchSource.next_poll_at <= now))
        .order_by(WatchSource.id)))


def run_pass(sessions, fetcher: Fetcher | None = None, now: datetime | None = None, everything: bool = False,
             extract=extraction.extract_facts, workers: int = 1, scheduler=None, backlog: int | None = None,
             sweep_tasks: bool = True) -> list[Report]:
    """Poll every due source once (``everything``: all active sources); return what each poll did.

    With ``workers`` > 1 or a ``scheduler`` (a Dask address or Client), a pass whose listings hold more
    than ``backlog`` new articles (default ``ORKEN_WATCH_DASK_THRESHOLD``) fetches and extracts them on
    Dask (``orken.watch.backlog``) and ingests them here. Then the tasks of quiet projects are swept
    (``orken.tasks``), since what was ingested may have closed some."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    reports = []
    try:
        with sessions() as session:
            now = now or utcnow()
            ids = list(session.scalars(select(WatchSource.id).where(WatchSource.active.is_(True))
                                       .order_by(WatchSource.id))) if everything else due(session, now)
        listed, prefetched = {}, None
        if workers > 1 or scheduler is not None:
            listed, prefetched = _backlog(sessions, ids, fetcher, extract, workers, scheduler, backlog)
        for source_id in ids:
            with sessions() as session:
                reports.append(poll(session, session.get(WatchSource, source_id), fetcher, now, extract,
                                    listed.get(source_id), prefetched))
    finally:
        if own:
            fetcher.close()
    if sweep_tasks:
        _sweep(sessions, now)
    return reports


def _sweep(sessions, now: datetime) -> None:
    from orken.tasks.service import sweep

    try:
        with sessions() as session:
            result = sweep(session, now=now)
            session.commit()
        if result.opened or result.closed or result.escalated:
            log.info("watch: quiet-project tasks %s", result.as_dict())
    except Exception:  # noqa: BLE001 - the watch goes on; the next pass (or cron) sweeps again
        log.exception("watch: the sweep of quiet projects failed")


def _backlog(sessions, ids, fetcher: Fetcher, extract, workers: int, scheduler, backlog: int | None):
    """Read every source's listing first; when the new articles are more than ``backlog``, fetch and
    extract them on Dask. Returns (source id -> (answer, entries) or the listing's error, url -> result)."""
    from orken.config import watch_dask_threshold
    from orken.watch import backlog as dask_backlog

    listed, jobs = {}, []
    for source_id in ids:
        with sessions() as session:
            source = session.get(WatchSource, source_id)
            if source.kind == "page":
                continue
            try:
                answer = fetcher.get(source.url, source.etag, source.last_modified, private_ok=True)
                entries = None if answer.not_modified else _listing(source, answer, fetcher)
            except Exception as exc:  # noqa: BLE001 - recorded by poll(), as it would have been
                listed[source_id] = (exc, None)
                continue
            listed[source_id] = (answer, entries)
            for entry in entries or ():
                if _needs_fetch(session, source, entry):
                    jobs.append(dask_backlog.Job(entry.url, source.lang, _same_host(source.url, entry.url), entry.date,
                                                 fetcher.host_interval, fetcher.timeout, fetcher.max_bytes,
                                                 extract is extraction.extract_facts))
    jobs = list({j.url: j for j in jobs}.values())
    threshold = watch_dask_threshold() if backlog is None else backlog
    if len(jobs) <= threshold:
        return listed, None
    log.info("watch: %s new articles: fetch and extraction on Dask", len(jobs))
    return listed, dask_backlog.run(jobs, workers, scheduler)


def _needs_fetch(session: Session, source: WatchSource, entry: feeds.Entry) -> bool:
    """Whether ``_item`` would fetch this entry (not handled before, or its ``lastmod`` changed)."""
    digest = hashlib.sha256(entry.url.encode("utf-8")).hexdigest()
    item = session.scalar(select(WatchItem).where(WatchItem.source_id == source.id, WatchItem.url_hash == digest))
    return item is None or item.lastmod != entry.lastmod or (item.status not in DONE and item.attempts < MAX_ATTEMPTS)


def poll(session: Session, source: WatchSource, fetcher: Fetcher, now: datetime, extract=extraction.extract_facts,
         listed: tuple | None = None, prefetched: dict | None = None) -> Report:
    """Poll one source. ``listed``: its listing already read this pass (the answer or the error, and the
    entries); ``prefetched``: articles already fetched and extracted on Dask, by URL."""
    report = Report(source.id, source.url)
    source_id = source.id
    status = None
    try:
        if listed is not None and isinstance(listed[0], BaseException):
            raise listed[0]
        answer = listed[0] if listed is not None else fetcher.get(source.url, source.etag, source.last_modified,
                                                                  private_ok=True)
        status = answer.status
        if answer.not_modified:
            report.not_modified = True
        elif source.kind == "page":
            report.listed = 1
            _item(session, source, feeds.Entry(answer.url), fetcher, report, extract, answer)
        else:
            for entry in (listed[1] if listed is not None else _listing(source, answer, fetcher)):
                report.listed += 1
                _item(session, session.get(WatchSource, source_id), entry, fetcher, report, extract,
                      prefetched=prefetched)
    except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
        session.rollback()
        if not isinstance(exc, (FetchError, feeds.BadListing)):
            log.exception("watch: source %s failed", source_id)
        report.ok, report.error = False, f"{type(exc).__name__}: {exc}" if not isinstance(
            exc, (FetchError, feeds.BadListing)) else str(exc)
        status = getattr(exc, "status", status)
    source = session.get(WatchSource, source_id)
    source.last_polled_at, source.last_status = now, status
    if report.ok:
        source.last_success_at, source.failures = now, 0
        source.next_poll_at = now + timedelta(seconds=source.every_s)
        if not report.not_modified:
            source.etag, source.last_modified = answer.etag, answer.last_modified
    else:
        source.failures = (source.failures or 0) + 1
        source.last_error, source.last_error_at = (report.error or "")[:2000], now
        source.next_poll_at = now + timedelta(seconds=min(source.every_s * 2 ** source.failures, MAX_BACKOFF))
    source.items_seen = session.scalar(select(func.count()).select_from(WatchItem).where(
        WatchItem.source_id == source_id))
    source.items_ingested = (source.items_ingested or 0) + report.ingested
    session.commit()
    return report


def _listing(source: WatchSource, answer, fetcher: Fetcher) -> list[feeds.Entry]:
    if source.kind in ("rss", "atom"):
        return feeds.feed_entries(answer.body, answer.url)
    pages, children = feeds.sitemap_entries(answer.body)
    for child in children[:MAX_CHILD_SITEMAPS]:
        try:
            more, _ = feeds.sitemap_entries(fetcher.get(child, private_ok=_same_host(source.url, child)).body)
        except (FetchError, feeds.BadListing) as exc:
            log.warning("watch: child sitemap %s: %s", child, exc)
            continue
        pages += more
    return pages


def _item(session: Session, source: WatchSource, entry: feeds.Entry, fetcher: Fetcher, report: Report, extract,
          answer=None, prefetched: dict | None = None) -> None:
    digest = hashlib.sha256(entry.url.encode("utf-8")).hexdigest()
    item = session.scalar(select(WatchItem).where(WatchItem.source_id == source.id, WatchItem.url_hash == digest))
    if item is not None and item.lastmod == entry.lastmod and (
            item.status in DONE or item.attempts >= MAX_ATTEMPTS) and answer is None:
        report.skipped += 1
        return
    if item is None:
        item = WatchItem(source_id=source.id, url=entry.url, url_hash=digest, attempts=0, status="pending")
        session.add(item)
    elif item.lastmod != entry.lastmod:
        item.attempts = 0
    item.lastmod, item.fetched_at, item.attempts = entry.lastmod, utcnow(), (item.attempts or 0) + 1
    lang = source.lang
    got = (prefetched or {}).get(entry.url) if answer is None else None
    if got is not None and got["status"] in ("robots", "error"):  # fetched on Dask: recorded as below
        session.rollback()
        _record(session, source.id, entry, digest, got["status"], got["error"])
        if got["status"] == "robots":
            report.skipped += 1
        else:
            report.failed += 1
        return
    try:
        extracted = None
        if got is not None:
            report.fetched += 1
            doc, author, extracted = got.get("doc"), got.get("author"), got.get("extracted")
        else:
            page = answer or fetcher.get(entry.url, private_ok=_same_host(source.url, entry.url))
            report.fetched += 1
            a = article.extract(page.body, page.url, page.content_type, lang)
            doc, author = (article.document(a, page.url, entry.date), a.author) if a is not None else (None, None)
        if doc is None:
            item.status, item.error = "empty", "no main text found on the page"
            report.skipped += 1
        else:
            outcome = ingest(session, doc, Linker(session), extract=extract, extracted=extracted)
            item.document_id, item.author = outcome.document_id, (author or "")[:300] or None
            item.status, item.error = ("ingested" if outcome.created else "known"), None
            placed = reprints.place(session, session.get(reprints.Document, outcome.document_id))
            if outcome.created:
                report.ingested += 1
                report.documents.append(outcome.document_id)
                report.reprints += placed.reprint_of is not None
            else:
                report.known += 1
        session.commit()
    except Forbidden as exc:
        session.rollback()
        _record(session, source.id, entry, digest, "robots", str(exc))
        report.skipped += 1
    except Exception as exc:  # noqa: BLE001 - one bad article never stops the source
        session.rollback()
        if not isinstance(exc, FetchError):
            log.exception("watch: article %s failed", entry.url)
        _record(session, source.id, entry, digest, "error", f"{type(exc).__name__}: {exc}"
                if not isinstance(exc, FetchError) else str(exc))
        report.failed += 1


def _same_host(a: str, b: str) -> bool:
    """An article on the source's own host may be on a private address the administrator chose."""
    return urlsplit(a).netloc == urlsplit(b).netloc


def _record(session: Session, source_id: int, entry: feeds.Entry, digest: str, status: str, error: str) -> None:
    item = session.scalar(select(WatchItem).where(WatchItem.source_id == source_id, WatchItem.url_hash == digest))
    if item is None:
        item = WatchItem(source_id=source_id, url=entry.url, url_hash=digest, attempts=0)
        session.add(item)
    item.lastmod, item.fetched_at = entry.lastmod, utcnow()
    item.attempts = (item.attempts or 0) + 1
    item.status, item.error = status, error[:2000]
    session.commit()


def forever(sessions, stop=lambda: False, sleep=time.sleep, **dask) -> None:
    """Poll as a service: a pass, then sleep until the next source is due (5 s to 5 min); ``dask``: the
    backlog options of ``run_pass`` (workers, scheduler, backlog)."""
    with Fetcher() as fetcher:
        while not stop():
            try:
                for r in run_pass(sessions, fetcher, **dask):
                    log.info("watch: %s", r)
            except Exception:  # noqa: BLE001 - the database may be down for a while
                log.exception("watch: pass failed")
            fetcher.robots.clear()  # robots.txt is re-read each pass
            with sessions() as session:
                nxt = session.scalar(select(func.min(WatchSource.next_poll_at)).where(WatchSource.active.is_(True)))
            wait = (aware(nxt) - utcnow()).total_seconds() if nxt else 300
            sleep(min(max(wait, 5), 300))
