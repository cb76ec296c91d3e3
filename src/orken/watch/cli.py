"""``orken sources add|list`` and ``orken watch``: the news sources and their polling."""

from __future__ import annotations

import json
import logging
import signal
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from orken.db.engine import default_engine, session_factory, session_scope
from orken.errors import OrkenError

sources_app = typer.Typer(help="News sources watched by `orken watch`.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@sources_app.command("add")
def sources_add(
    url: str = typer.Argument(..., help="the feed, sitemap or page URL"),
    kind: str = typer.Option("rss", "--kind", help="rss, atom, sitemap or page"),
    lang: str = typer.Option("auto", "--lang", help="kk, ru or auto"),
    every: str = typer.Option("1h", "--every", help="how often to poll: 30m, 1h, 1d, ..."),
) -> None:
    """Watch a new source."""
    from orken.watch.poll import add_source

    try:
        with session_scope(default_engine()) as session:
            source = add_source(session, url, kind, lang, every)
            console.print(f"source {source.id}: {escape(source.url)} ({source.kind}, {source.lang}, every "
                          f"{source.every_s} s)")
    except OrkenError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


@sources_app.command("list")
def sources_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """The sources, with their last success, last error and items seen."""
    from orken.watch.poll import list_sources, source_dict

    with session_scope(default_engine()) as session:
        rows = [source_dict(s) for s in list_sources(session)]
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table("id", "url", "kind", "lang", "every", "last success", "last error", "items", "ingested")
    for r in rows:
        table.add_row(str(r["id"]), escape(r["url"]), r["kind"], r["lang"], f"{r['every_s']} s",
                      r["last_success_at"] or "-", escape(r["last_error"] or "-"), str(r["items_seen"]),
                      str(r["items_ingested"]))
    console.print(table)


def watch(
    run_forever: bool = typer.Option(False, "--forever", help="keep polling as a service"),
    everything: bool = typer.Option(False, "--all", help="poll every active source now, due or not"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON line per source"),
    workers: int = typer.Option(0, "--workers", help="local Dask worker processes for a large backlog "
                                "(0 = all cores, 1 = never Dask)"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address for a large backlog"),
    backlog: Optional[int] = typer.Option(None, "--backlog", help="new articles above which fetch and extraction "
                                          "go to Dask (default ORKEN_WATCH_DASK_THRESHOLD, 200)"),
) -> None:
    """Poll the due sources once (or --forever): fetch new articles, ingest them, group reprints; then
    sweep the tasks of quiet projects. A large backlog is fetched and extracted on Dask."""
    import os
    from orken.watch import poll

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sessions = session_factory(default_engine())
    n = workers if workers > 0 else (os.cpu_count() or 1)
    if run_forever:
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
        poll.forever(sessions, stop=lambda: bool(stopping), workers=n, scheduler=scheduler, backlog=backlog)
        return
    reports = poll.run_pass(sessions, everything=everything, workers=n, scheduler=scheduler, backlog=backlog)
    for r in reports:
        if as_json:
            console.print_json(json.dumps(r.__dict__), indent=None)
        else:
            state = "[green]ok[/green]" if r.ok else f"[red]{escape(r.error or '')}[/red]"
            console.print(f"{r.source_id} {escape(r.url)}: {state}; {r.listed} listed, {r.fetched} fetched, "
                          f"{r.ingested} new, {r.known} known, {r.reprints} reprints, {r.skipped} skipped, "
                          f"{r.failed} failed" + (" (not modified)" if r.not_modified else ""))
    err.print(f"{len(reports)} sources polled, {sum(not r.ok for r in reports)} failed")
