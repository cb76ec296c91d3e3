"""The one seam to the extractor (``orken.extract``), so the rest of ``news`` does not depend on its insides."""

from __future__ import annotations


def extract_facts(text: str, lang: str = "auto", doc_id: str = "-") -> list[dict]:
    from orken.extract.pipeline import extract_facts as run

    return run(text, lang, doc_id)


def extract_all(text: str, lang: str = "auto", doc_id: str = "-", date=None) -> dict:
    """Facts (values as exact Decimals), project records and the language the text was read in:
    ``{"facts": [...], "records": [...], "lang": ...}`` (see docs/extraction.md)."""
    from orken.extract.pipeline import extract_all as run

    return run(text, lang, doc_id, date=date.isoformat() if hasattr(date, "isoformat") else date, exact=True)


def detect_lang(text: str) -> str:
    from orken.extract.langdetect import detect_lang as detect

    return detect(text)
