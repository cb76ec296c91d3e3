"""An article page's main text and metadata (title, date, author, language) with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import trafilatura

from orken.news.ingest import DocumentIn

MIN_CHARS = 80  # less than this is a menu or a caption, not an article
LANG_ATTR = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2})", re.I)


@dataclass
class Article:
    text: str
    title: str | None
    date: date | None
    author: str | None
    lang: str  # kk, ru or auto
    publisher: str | None


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def decode(body: bytes, content_type: str = "") -> str:
    for enc in (_charset(content_type), "utf-8", "cp1251"):
        if not enc:
            continue
        try:
            return body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def extract(body: bytes, url: str, content_type: str = "", lang: str = "auto") -> Article | None:
    """The article, or None when the page has no main text."""
    html = decode(body, content_type)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, favor_precision=True)
    if doc is None:
        return None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (d.get("text") or "").strip()
    title = (d.get("title") or "").strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()  # the headline is the title, not the first sentence's beginning
    if len(text) < MIN_CHARS:
        return None
    if lang not in ("kk", "ru"):
        found = LANG_ATTR.search(body[:4000])
        code = (found.group(1).decode().lower() if found else (d.get("language") or "")[:2])
        lang = code if code in ("kk", "ru") else "auto"
    try:
        published = date.fromisoformat(d["date"][:10]) if d.get("date") else None
    except ValueError:
        published = None
    publisher = d.get("sitename") or urlsplit(url).hostname
    return Article(text, d.get("title"), published, (d.get("author") or None), lang, publisher)


def document(a: Article, url: str, fallback_date: date | None = None) -> DocumentIn:
    return DocumentIn(text=a.text, url=url, date=a.date or fallback_date, lang=a.lang, title=a.title,
                      publisher=(a.publisher or "")[:300] or None, origin=url)
