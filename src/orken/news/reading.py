"""Reading documents to ingest: text files, folders, JSON Lines corpora and standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orken.news.ingest import DocumentIn

TEXT_SUFFIXES = {".txt", ".text", ".md"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass
class Problem:
    origin: str
    message: str


def parse_date(value, origin: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{origin}: date {value!r} is not YYYY-MM-DD") from None


def expand(paths: list[str]) -> list[str]:
    """Files of the arguments, with folders replaced by their text files and corpora (sorted)."""
    out = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            out += sorted(str(f) for f in path.rglob("*") if f.is_file() and f.suffix.lower()
                          in TEXT_SUFFIXES | CORPUS_SUFFIXES)
        else:
            out.append(p)
    return out


def count(files: list[str]) -> int:
    """How many documents the files hold (lines of corpora, one per other file)."""
    total = 0
    for f in files:
        if f != "-" and Path(f).suffix.lower() in CORPUS_SUFFIXES and Path(f).is_file():
            with open(f, encoding="utf-8", errors="replace") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def corpus(path: str) -> Iterator[DocumentIn | Problem]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    raise ValueError(f"{origin}: a line needs a JSON object with a text field")
                yield DocumentIn(text=row["text"], url=row.get("url"), date=parse_date(row.get("date"), origin),
                                 lang=row.get("lang") or "auto", title=row.get("title"),
                                 publisher=row.get("publisher"), origin=origin)
            except json.JSONDecodeError as exc:
                yield Problem(origin, f"not JSON ({exc.msg})")
            except ValueError as exc:
                yield Problem(origin, str(exc).removeprefix(f"{origin}: "))


def documents(files: list[str], lang: str = "auto", **one) -> Iterator[DocumentIn | Problem]:
    """Documents of the files; ``one`` (url, date, title, publisher) describes single text documents."""
    for f in files:
        if f == "-":
            yield DocumentIn(text=sys.stdin.read(), lang=lang, origin="-", **one)
            continue
        path = Path(f)
        if not path.is_file():
            yield Problem(f, "no such file")
        elif path.suffix.lower() in CORPUS_SUFFIXES:
            try:
                for doc in corpus(f):
                    if isinstance(doc, DocumentIn) and doc.lang == "auto":
                        doc.lang = lang
                    yield doc
            except (OSError, UnicodeDecodeError) as exc:
                yield Problem(f, f"cannot read it ({exc})")
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                yield Problem(f, f"cannot read it as UTF-8 text ({exc.__class__.__name__})")
                continue
            yield DocumentIn(text=text, lang=lang, origin=f, **{**one, "title": one.get("title") or path.stem})
