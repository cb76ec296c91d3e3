"""What a source lists: the article links of an RSS/Atom feed (feedparser) or a sitemap (with lastmod)."""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

import feedparser

MAX_ITEMS = 1000  # links read from one feed or sitemap per poll
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class BadListing(ValueError):
    pass


@dataclass
class Entry:
    url: str
    lastmod: str | None = None  # a version marker: sitemap lastmod, or the feed entry's updated/published
    date: date | None = None
    title: str | None = None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def feed_entries(body: bytes, base: str) -> list[Entry]:
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise BadListing(f"not a feed: {parsed.get('bozo_exception') or 'no RSS or Atom element'}")
    out = []
    with warnings.catch_warnings():  # feedparser's updated/published fallback warns on every entry
        warnings.simplefilter("ignore", DeprecationWarning)
        for e in parsed.entries[:MAX_ITEMS]:
            entry = _entry(e, base)
            if entry is not None:
                out.append(entry)
    return out


def _entry(e, base: str) -> Entry | None:
    link = e.get("link")
    if not link:
        return None
    published = e.get("published_parsed") or e.get("updated_parsed")
    return Entry(urljoin(base, link), lastmod=e.get("updated") or e.get("published"),
                 date=date(*published[:3]) if published else None, title=e.get("title"))


def sitemap_entries(body: bytes) -> tuple[list[Entry], list[str]]:
    """(pages, child sitemaps) of a sitemap or sitemap index."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise BadListing(f"not a sitemap: {exc}") from None
    pages, children = [], []
    if root.tag == f"{SM}sitemapindex":
        children = [(s.findtext(f"{SM}loc") or "").strip() for s in root.findall(f"{SM}sitemap")]
        return [], [c for c in children if c][:50]
    if root.tag != f"{SM}urlset":
        raise BadListing(f"not a sitemap: root element {root.tag}")
    for u in root.findall(f"{SM}url")[:MAX_ITEMS]:
        loc = (u.findtext(f"{SM}loc") or "").strip()
        lastmod = (u.findtext(f"{SM}lastmod") or "").strip() or None
        if loc:
            pages.append(Entry(loc, lastmod=lastmod, date=_date(lastmod)))
    return pages, children
