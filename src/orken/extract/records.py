"""Project records: one per plant, mine or project a document reports on."""
from __future__ import annotations

from .doc import Doc


def build_records(doc: Doc) -> list[dict]:
    return []
