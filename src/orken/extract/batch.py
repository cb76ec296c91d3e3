"""Batch extraction over files, folders and JSON Lines corpora.

Resumable: with an output file, documents already present in it (by ``doc``) are
skipped. Parallel: ``workers`` processes on this machine, or a Dask cluster when a
scheduler address (or a ``distributed.Client``) is given.
"""
from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator

MAX_FILE_BYTES = 20_000_000


def iter_inputs(paths: Iterable[str]) -> Iterator[tuple]:
    """Yield (doc id, text or None, error or None[, date]) for files, folders (*.txt, *.jsonl)
    and JSON Lines files (objects with "text" and optional "id" and "date")."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.suffix in (".txt", ".jsonl"):
                    yield from iter_inputs([str(f)])
        elif path.suffix == ".jsonl" and path.is_file():
            with open(path, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    try:
                        obj = json.loads(line)
                        text = obj.get("text") if isinstance(obj, dict) else None
                    except json.JSONDecodeError:
                        text = None
                    doc_id = f"{p}#{(obj.get('id') if isinstance(obj, dict) and 'id' in obj else n)}" if text else f"{p}#{n}"
                    date = obj.get("date") if isinstance(obj, dict) and isinstance(obj.get("date"), str) else None
                    yield (doc_id, text, None, date) if isinstance(text, str) else (doc_id, None, "no text field")
        else:
            yield p, None, None  # read lazily in the worker


def read_text(path: str) -> str:
    p = Path(path)
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"file larger than {MAX_FILE_BYTES} bytes")
    data = p.read_bytes()
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 10:
        raise ValueError("binary file, not text")
    return data.decode("utf-8", errors="replace")


def process_one(item: tuple, lang: str = "auto") -> tuple[str, list[dict], str | None]:
    """-> (doc id, facts followed by project records marked ``"record": true``, error)."""
    from .pipeline import extract_all
    doc_id, text, err = item[:3]
    date = item[3] if len(item) > 3 else None
    if err:
        return doc_id, [], err
    try:
        if text is None:
            text = read_text(doc_id)
        out = extract_all(text, lang, doc_id, date)
        return doc_id, out["facts"] + [{**r, "record": True} for r in out["records"]], None
    except (OSError, ValueError, UnicodeError) as e:
        return doc_id, [], str(e)


def process_many(items: list[tuple], lang: str = "auto") -> list[tuple[str, list[dict], str | None]]:
    """``process_one`` of each item, the documents given as text (JSON Lines corpora) run through the
    pipeline together (``Pipeline.pipe``: the taggers run once for the group); files are read and run
    one at a time. If the group fails, each document is run alone, so one bad document costs only itself."""
    from .pipeline import default_pipeline
    from .records import finish_records
    out: list = [None] * len(items)
    ready = [(k, it) for k, it in enumerate(items) if not it[2] and it[1] is not None]
    for k, it in enumerate(items):
        if it[2] or it[1] is None:
            out[k] = process_one(it, lang)
    try:
        docs = list(default_pipeline().pipe([(it[1], lang, it[0], it[3] if len(it) > 3 else None)
                                             for _, it in ready]))
    except (OSError, ValueError, UnicodeError):
        docs = None
    for n, (k, it) in enumerate(ready):
        if docs is None:
            out[k] = process_one(it, lang)
            continue
        doc = docs[n]
        facts = [f.to_dict(doc.doc_id, doc.lang) for f in doc.facts]
        out[k] = (it[0], facts + [{**r, "record": True} for r in finish_records(doc)], None)
    return out


def _chunks(items: list, size: int = 64) -> list[list]:
    return [items[a:a + size] for a in range(0, len(items), size)]


def _done_ids(out: Path | None) -> set[str]:
    done: set[str] = set()
    if out and out.exists():
        with open(out, encoding="utf-8") as fh:
            for line in fh:
                try:
                    done.add(json.loads(line)["doc"])
                except (ValueError, KeyError, TypeError):
                    continue
        marker = out.with_suffix(out.suffix + ".done")
        if marker.exists():
            done |= set(marker.read_text(encoding="utf-8").splitlines())
    return done


def run_batch(paths: list[str], *, lang: str = "auto", workers: int = 1, scheduler=None,
              out: Path | None = None, on_result: Callable[[str, list[dict], str | None], None] | None = None,
              progress: bool = False) -> int:
    """Extract all inputs; return the number of facts. Results go to ``on_result``."""
    done = _done_ids(out)
    items = [it for it in iter_inputs(paths) if it[0] not in done]
    total = 0
    results = _results(items, lang, workers, scheduler)
    if progress:
        from rich.console import Console
        from rich.progress import track
        results = track(results, total=len(items), description="extracting",
                        console=Console(stderr=True))  # stdout carries the JSON Lines
    marker = out.with_suffix(out.suffix + ".done") if out else None
    for doc_id, facts, err in results:
        total += sum(1 for f in facts if not f.get("record"))
        if on_result:
            on_result(doc_id, facts, err)
        if marker:
            with open(marker, "a", encoding="utf-8") as fh:
                fh.write(doc_id + "\n")
    return total


def _results(items, lang, workers, scheduler):
    if scheduler is not None:
        from distributed import Client, as_completed
        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        futures = client.map(process_one, items, lang=lang, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
        if client is not scheduler:
            client.close()
    elif workers > 1 and len(items) > 1:
        # spawned, not forked: a fork of a process that has already run the neural tagger inherits
        # torch's thread pool in a locked state, and the child's first forward pass waits forever
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as ex:
            for group in ex.map(process_many, _chunks(items, 8), [lang] * len(items)):
                yield from group
    else:
        for group in _chunks(items):
            yield from process_many(group, lang)
