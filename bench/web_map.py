"""Web benchmark: time until the map / project list is usable in headless Chromium, and bytes sent.

With the 100,000-project synthetic registry (bench/synthetic.py) on SQLite, a real uvicorn server
and Debian's Chromium (no GPU). Each page is loaded ``--runs`` times in a fresh browser context
(cold cache); medians are reported. "Interactive" is: the map has drawn all 20 regions and the
project clusters (``#map[data-state=ready]``), or the list's table is in the DOM and the load
event has fired. Bytes are the encoded (gzip) sizes of every response, from the DevTools protocol.

    .venv/bin/python bench/web_map.py --projects 100000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import prepare  # noqa: E402

from tests.web.browser import Server, chromium  # noqa: E402

MAP_READY = ("() => { const m = document.getElementById('map'); return m && m.dataset.state === 'ready'"
             " && m.dataset.regions === '20' && m.dataset.points !== '0'; }")
LIST_READY = "() => document.readyState === 'complete' && document.querySelector('table.data tbody tr')"

CASES = [
    ("map, country", "/", MAP_READY),
    ("map, one region", "/?region=350000000", MAP_READY),
    ("list, country", "/projects", LIST_READY),
    ("list, one region", "/projects?region=350000000", LIST_READY),
]


def measure(browser, url: str, ready: str) -> tuple[float, int, int]:
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="kk-KZ")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes = {"bytes": 0, "requests": 0}

    def finished(event):
        sizes["bytes"] += int(event.get("encodedDataLength", 0))
        sizes["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready, timeout=60000, polling=20)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(300)  # late responses still count as transferred
    context.close()
    return elapsed, sizes["bytes"], sizes["requests"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite:////tmp/orken-bench.db")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine = prepare(args.database, args.projects)
    with Server(engine) as server, chromium() as browser:
        measure(browser, server.url + "/", MAP_READY)  # warm the server (first queries, template compile)
        print(f"{args.projects} projects, {args.runs} cold-cache runs each, medians")
        print(f"{'page':<18} {'interactive s':>13} {'KiB':>8} {'requests':>9}")
        for name, path, ready in CASES:
            runs = [measure(browser, server.url + path, ready) for _ in range(args.runs)]
            t = statistics.median(r[0] for r in runs)
            kib = statistics.median(r[1] for r in runs) / 1024
            n = statistics.median(r[2] for r in runs)
            print(f"{name:<18} {t:>13.2f} {kib:>8.0f} {n:>9.0f}")


if __name__ == "__main__":
    main()
