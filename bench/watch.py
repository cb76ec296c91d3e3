"""The news watcher: documents/s through fetch → extract → ingest, and the reprint detector's cost
per new document as the corpus grows.

    PYTHONPATH=src .venv/bin/python bench/watch.py [--docs 40] [--sizes 1000 10000 100000]

1. A loopback news site (``tests/watch/server.py``) serves an RSS feed of ``--docs`` distinct
   Russian and Kazakh articles with menus and footers; one ``orken watch`` pass (robots.txt,
   conditional GET, trafilatura, the real extractor, ingest, reprint placement) is timed on a
   fresh SQLite database with the reference data loaded.
2. The reprint index (``watch_members`` + ``watch_bands``) is filled with N stored signatures
   (random, i.e. distinct documents; the bulk insert is not timed; their stories have negative ids); then 100 new documents (half
   of them reprints of stored ones) are looked up and placed, and the mean time per new document
   is printed for each N. Sub-linear: the lookup reads only the rows of its own band keys.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from sqlalchemy import create_engine, insert  # noqa: E402

from orken.db import migrate  # noqa: E402
from orken.auth.guard import system_session, system_sessions  # noqa: E402

PLACES = ["Карагандинской", "Павлодарской", "Костанайской", "Актюбинской", "Атырауской", "Жамбылской"]
GOODS = ["цемента", "стекла", "труб", "кабеля", "удобрений", "молочной продукции", "мебели", "бумаги"]


def text_of(i: int) -> str:
    rnd = random.Random(i)
    return (f"В {rnd.choice(PLACES)} области запущен завод по выпуску {rnd.choice(GOODS)} «Завод-{i}». "
            f"Объем инвестиций составил {rnd.randint(2, 300)} млрд тенге. На предприятии создано "
            f"{rnd.randint(50, 900)} рабочих мест. Мощность составит {rnd.randint(10, 500)} тысяч тонн в год. "
            f"Проект номер {i} реализован компанией «Инвест-{i * 7 % 1000}» за {rnd.randint(1, 4)} года.")


def publish(site, n: int) -> None:
    """``n`` Russian articles on the loopback ``site`` (a started ``tests.watch.server.Site``), an RSS
    feed of them at ``/feed.rss`` and a robots.txt that allows everything."""
    from tests.watch.conftest import article, html, rss

    paths = []
    for i in range(n):
        path = f"/news/{i}.html"
        site.pages[path] = html(article("ru", f"Новость {i}", text_of(i)))
        paths.append(path)
    site.pages["/robots.txt"] = (200, {}, "User-agent: *\nAllow: /\n")
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, paths))


def fetch_extract_ingest(n: int) -> dict:
    from orken.reference.loader import load_reference
    from orken.watch import poll
    from orken.watch.fetch import Fetcher
    from tests.watch.server import Site

    with tempfile.TemporaryDirectory() as tmp, Site() as site:
        engine = create_engine(f"sqlite:///{tmp}/bench.db")
        migrate.upgrade(engine)
        with system_session(engine, "bench") as s:
            load_reference(s)
        publish(site, n)
        sessions = system_sessions(engine, "bench")
        with system_session(engine, "bench") as s:
            poll.add_source(s, site.url("/feed.rss"), "rss", "ru")
        from orken.news.extraction import extract_facts

        extract_facts("Прогрев моделей: завод за 1 млрд тенге.", "ru")  # load the models before timing
        with Fetcher(host_interval=0) as f:
            t0 = time.perf_counter()
            [report] = poll.run_pass(sessions, f)
            seconds = time.perf_counter() - t0
        assert report.ingested == n, report
        return {"documents": n, "seconds": round(seconds, 2), "documents_per_s": round(n / seconds, 2)}


def reprint_cost(sizes: list[int], probes: int = 100) -> list[dict]:
    from orken.db.models import Document
    from orken.watch import reprints
    from orken.watch.models import WatchBand, WatchMember, WatchStory

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/reprints.db")
        migrate.upgrade(engine)
        have = 0
        rng = np.random.default_rng(1)
        for size in sorted(sizes):
            with engine.begin() as conn:  # fill up to ``size`` distinct stored documents (not timed)
                for start in range(have, size, 10_000):
                    ids = range(start + 1, min(size, start + 10_000) + 1)
                    conn.execute(insert(Document), [{"id": i, "key": f"bench:{i}", "text": ""} for i in ids])
                    conn.execute(insert(WatchStory), [{"id": -i, "lead_document_id": i, "size": 1} for i in ids])
                    sigs = {i: rng.integers(0, 2**32 - 1, reprints.NUM_PERM, dtype=np.uint32) for i in ids}
                    conn.execute(insert(WatchMember), [{"document_id": i, "story_id": -i, "signature":
                                                        sigs[i].astype("<u4").tobytes()} for i in ids])
                    conn.execute(insert(WatchBand), [
                        {"key": k, "document_id": i} for i in ids
                        for k in reprints.band_keys(reprints.from_bytes(sigs[i].astype("<u4").tobytes()))])
            have = size
            sessions = system_sessions(engine, "bench")
            with sessions() as s:
                # stored real texts, so that half of the probes are reprints
                base = size + 1_000_000
                for j in range(probes // 2):
                    d = Document(id=base + j, key=f"real:{size}:{j}", text=text_of(j))
                    s.add(d)
                    s.flush()
                    reprints.place(s, d)
                s.commit()
                t0 = time.perf_counter()
                matched = 0
                for j in range(probes):
                    text = ("Как сообщает пресс-служба. " + text_of(j)) if j % 2 == 0 else text_of(10_000_000 + j)
                    d = Document(id=base + probes + j, key=f"new:{size}:{j}", text=text)
                    s.add(d)
                    s.flush()
                    matched += reprints.place(s, d).reprint_of is not None
                per_doc_ms = (time.perf_counter() - t0) / probes * 1000
                s.rollback()  # the probes are not kept
            rows.append({"corpus": size, "ms_per_new_document": round(per_doc_ms, 2), "reprints_found": matched,
                         "of": probes // 2})
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=40)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    a = p.parse_args()
    print("fetch → extract → ingest:", fetch_extract_ingest(a.docs), flush=True)
    print("reprint detector:", reprint_cost(a.sizes))


if __name__ == "__main__":
    main()
