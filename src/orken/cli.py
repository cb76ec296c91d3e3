"""The ``orken`` command line. Its commands mirror the API and use the same services."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select

from orken.db import migrate
from orken.db.engine import default_engine, read_only, session_scope
from orken.db.models import Project, Zone
from orken.registry import query
from orken.errors import OrkenError
from orken.registry.query import ProjectFilter
from orken.registry.serialize import project_dict, project_summary

app = typer.Typer(help="Orken: the open Industrialization Map of Kazakhstan.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
projects_app = typer.Typer(help="Projects of the registry.", no_args_is_help=True)
zones_app = typer.Typer(help="Special economic and industrial zones.", no_args_is_help=True)
rates_app = typer.Typer(help="Official exchange rates.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(projects_app, name="projects")
app.add_typer(zones_app, name="zones")
app.add_typer(rates_app, name="rates")
console = Console()
err = Console(stderr=True)


@app.callback()
def _as_system(ctx: typer.Context) -> None:
    # the operator at the command line writes as the system (orken.auth.guard.system_context), for
    # this run only; `--as USER` commands set that user instead, and the server acts for each request
    from orken.auth.guard import system_context

    if ctx.invoked_subcommand != "serve":
        ctx.with_resource(system_context("cli"))


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("heads")) -> None:
    """Create or migrate the schema to REVISION (default: the newest)."""
    engine = default_engine()
    migrate.upgrade(engine, revision)
    console.print(f"database at revision {migrate.current(engine)} ({engine.url.render_as_string(hide_password=True)})")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="target revision, or 'base' for an empty database")) -> None:
    """Step the schema back to REVISION."""
    engine = default_engine()
    migrate.downgrade(engine, revision)
    console.print(f"database at revision {migrate.current(engine)}")


@db_app.command("current")
def db_current() -> None:
    """Print the schema revision of the database."""
    console.print(migrate.current(default_engine()) or "empty (no schema)")


@app.command("load-reference")
def load_reference() -> None:
    """Load the administrative units, OKED, programmes and exchange rates (safe to repeat)."""
    from orken.reference.loader import load_reference as load

    with _progress() as bar:
        task = bar.add_task("reference data", total=1)
        with session_scope(default_engine()) as session:
            counts = load(session)
        bar.update(task, advance=1)
    console.print(", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command("load-sample")
def load_sample() -> None:
    """Load the sample dataset of real projects and zones (marked as sample; safe to repeat)."""
    from orken.sample import loader

    with _progress() as bar, session_scope(default_engine()) as session:
        task = bar.add_task("sample dataset", total=None)
        counts = loader.load(session, lambda done, total: bar.update(task, completed=done, total=total))
    console.print("added " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command("setup")
def setup() -> None:
    """Migrate the database, and load reference data and the sample if it holds no projects yet."""
    engine = default_engine()
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        empty = not session.scalar(select(func.count()).select_from(Project))
    load_reference()
    if empty:
        load_sample()


def _metrics_folder() -> None:
    """Prometheus' multiprocess folder: every worker writes its metrics there, so a scrape of any one
    sums them all. ``PROMETHEUS_MULTIPROC_DIR`` if the operator set it (emptied of the last run's
    files), else a new temporary folder. Set before any worker imports prometheus_client."""
    import os
    import tempfile

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for old in Path(folder).glob("*.db"):
            old.unlink()
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="orken-metrics-")


@app.command("serve")
def serve(host: str = "127.0.0.1", port: int = 8000, reload: bool = False,
          workers: int = typer.Option(1, min=1, help="worker processes (each with its own connection pool)")) -> None:
    """Serve the web app and API (see docs/operations.md: workers, proxies, metrics)."""
    import uvicorn

    from orken.web.memory import limit_fragmentation

    from orken.config import client_address, trusted_proxies_setting

    limit_fragmentation()  # before the server starts its threads: memory stays flat under load
    trusted = trusted_proxies_setting()
    try:
        client_address("127.0.0.1", "x", trusted)  # a wrong setting fails here, not at the first request
    except ValueError as exc:
        _fail(str(exc))
    _metrics_folder()
    # forwarded headers (X-Forwarded-For, -Proto) only from the configured proxies: uvicorn's own default
    # believes them from 127.0.0.1, which lets any local client (or a proxy passing them on) pick its address
    uvicorn.run("orken.web.app:create_app", factory=True, host=host, port=port, reload=reload,
                workers=None if reload else workers, proxy_headers=bool(trusted),
                forwarded_allow_ips=trusted or "")


def _filter(region, sector, status, programme, map_level, zone, year_from, year_to, q) -> ProjectFilter:
    def split(values):
        return [v for value in values or [] for v in value.split(",") if v]

    return ProjectFilter(region=split(region), sector=split(sector), status=split(status),
                         programme=split(programme), map_level=split(map_level), zone=zone or [],
                         year_from=year_from, year_to=year_to, q=q)


Region = typer.Option(None, "--region", help="region or district KATO code (repeatable)")
SectorOpt = typer.Option(None, "--sector", help="OKED section letter or division")
StatusOpt = typer.Option(None, "--status")
ProgrammeOpt = typer.Option(None, "--programme")
MapLevel = typer.Option(None, "--map-level")
ZoneOpt = typer.Option(None, "--zone")
Json = typer.Option(False, "--json", help="print JSON as the API returns it")


@projects_app.command("list")
def projects_list(
    region: list[str] = Region, sector: list[str] = SectorOpt, status: list[str] = StatusOpt,
    programme: list[str] = ProgrammeOpt, map_level: list[str] = MapLevel, zone: list[int] = ZoneOpt,
    year_from: int = typer.Option(None), year_to: int = typer.Option(None), q: str = typer.Option(None),
    sort: str = "id", limit: int = 50, cursor: str = typer.Option(None), as_json: bool = Json,
    lang: str = typer.Option("ru", help="kk, ru or en"),
) -> None:
    """List projects (same filters as GET /api/v1/projects)."""
    f = _filter(region, sector, status, programme, map_level, zone, year_from, year_to, q)
    try:
        with session_scope(read_only(default_engine())) as session:
            items, total, next_cursor = query.page(session, f, sort, cursor, limit)
            rows = [project_summary(p) for p in items]
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps({"items": rows, "total": total, "next": next_cursor}, ensure_ascii=False))
        return
    table = Table(title=f"{total} projects")
    for column in ("id", "name", "status", "region", "year", "investment, KZT", "jobs"):
        table.add_column(column)
    for r in rows:
        name = r["name"].get(lang) or next((v for v in r["name"].values() if v), "")
        table.add_row(str(r["id"]), name, r["status"], r["region_kato"], str(r["year"] or ""),
                      r["investment_planned_kzt"] or "", str(r["jobs_permanent_planned"] or ""))
    console.print(table)
    if next_cursor:
        console.print(f"next page: --cursor {next_cursor}")


@projects_app.command("show")
def projects_show(project_id: int) -> None:
    """Show one project as JSON (GET /api/v1/projects/ID)."""
    from orken.registry import projects

    try:
        with session_scope(read_only(default_engine())) as session:
            data = project_dict(projects.get(session, project_id))
    except OrkenError as exc:
        _fail(str(exc))
    console.print_json(json.dumps(data, ensure_ascii=False))


@zones_app.command("list")
def zones_list(region: list[str] = Region, kind: list[str] = typer.Option(None, "--kind"),
               q: str = typer.Option(None),
               free_area: float = typer.Option(None, "--free-area", help="free land of at least N ha"),
               area: float = typer.Option(None, "--area", help="a zone of at least N ha"),
               has: list[str] = typer.Option(None, "--has", help="infrastructure available, e.g. gas,rail"),
               has_planned: list[str] = typer.Option(None, "--has-planned", help="available, under construction or planned"),
               power_mw: float = typer.Option(None, "--power-mw", help="power of at least N MW"),
               sector: list[str] = typer.Option(None, "--sector", help="OKED sections or divisions"),
               incentive: list[str] = typer.Option(None, "--incentive", help="e.g. sez_regime, cit, customs"),
               sort: str = typer.Option("name", "--sort"), as_json: bool = Json) -> None:
    """List zones with the catalogue's filters (GET /api/v1/zones)."""
    from decimal import Decimal

    from orken.registry import zones as catalogue
    from orken.registry.zones import split_values as split_all

    def dec(v):
        return Decimal(str(v)) if v is not None else None

    try:
        with session_scope(read_only(default_engine())) as session:
            zq = catalogue.ZoneQuery(
                region=split_all(region), kind=split_all(kind), q=q or None, sort=sort,
                filter=catalogue.parse_filter(free_area=dec(free_area), area=dec(area), has=split_all(has),
                                              has_planned=split_all(has_planned), power_mw=dec(power_mw),
                                              sector=split_all(sector), incentive=split_all(incentive)))
            body = catalogue.catalogue_body(session, zq, full=as_json)  # --json: the API's answer
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps(body, ensure_ascii=False))
        return
    table = Table(title=f"{body['total']} zones")
    for column in ("id", "name", "kind", "region", "area, ha", "free, ha", "infrastructure"):
        table.add_column(column)
    for z in body["items"]:
        table.add_row(str(z["id"]), z["name"]["ru"] or z["name"]["kk"] or z["name"]["en"], z["kind"],
                      z["region_kato"], z["area_ha"] or "", z["free_area_ha"] or "",
                      ", ".join(f"{i['kind']}:{i['state']}" for i in z["infrastructure"]))
    console.print(table)


@zones_app.command("match")
def zones_match(sector: str = typer.Option(None, "--sector", help="OKED section or division"),
                land: float = typer.Option(None, "--land", help="land needed, ha"),
                power: float = typer.Option(None, "--power", help="power needed, MW"),
                need: list[str] = typer.Option(None, "--need", help="infrastructure needed, e.g. gas,water,rail"),
                region: str = typer.Option(None, "--region", help="only zones of this region (KATO)"),
                limit: int = typer.Option(20, "--limit"), as_json: bool = Json) -> None:
    """Zones ranked for an investor's need (GET /api/v1/zones/match)."""
    from decimal import Decimal

    from orken.registry import zones as catalogue
    from orken.registry.zones import split_values as split_all

    try:
        with session_scope(default_engine()) as session:
            n = catalogue.parse_need(sector=sector, land=Decimal(str(land)) if land is not None else None,
                                     power=Decimal(str(power)) if power is not None else None,
                                     infra=split_all(need), region=region)
            body = catalogue.match_body(session, n, limit)
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps(body, ensure_ascii=False))
        return
    table = Table(title=f"{body['total']} zones")
    for column in ("score", "id", "name", "missing"):
        table.add_column(column)
    for m in body["items"]:
        z = m["zone"]
        table.add_row(m["score"], str(z["id"]), z["name"]["ru"] or z["name"]["kk"] or z["name"]["en"],
                      ", ".join(f"{r['need']}: {r['verdict']}" for r in m["missing"]))
    console.print(table)


@app.command("stats")
def stats(
    group_by: str = typer.Option("region", "--group-by", help=", ".join(query.STAT_GROUPS)),
    region: list[str] = Region, sector: list[str] = SectorOpt, status: list[str] = StatusOpt,
    programme: list[str] = ProgrammeOpt, map_level: list[str] = MapLevel, zone: list[int] = ZoneOpt,
    year_from: int = typer.Option(None), year_to: int = typer.Option(None), q: str = typer.Option(None),
    as_json: bool = Json,
) -> None:
    """Projects, investment and jobs per group (GET /api/v1/stats)."""
    f = _filter(region, sector, status, programme, map_level, zone, year_from, year_to, q)
    try:
        with session_scope(read_only(default_engine())) as session:
            rows = query.stats(session, f, group_by)
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps({"group_by": group_by, "items": rows}, ensure_ascii=False))
        return
    table = Table(title=f"by {group_by}")
    for column in (group_by, "projects", "investment planned, KZT", "investment actual, KZT", "permanent jobs"):
        table.add_column(column)
    for r in rows:
        label = (r["label"] or {}).get("ru") or str(r["key"])
        table.add_row(label, str(r["projects"]), r["investment_planned_kzt"], r["investment_actual_kzt"],
                      str(r["jobs_permanent_planned"]))
    console.print(table)


@rates_app.command("import")
def rates_import(path: Path, source: str = typer.Option(None, help="source for rows without one")) -> None:
    """Import official rates from a CSV (date,currency,rate_kzt[,source])."""
    from orken.reference.loader import RateFileError, import_rates, rates_from_file

    try:
        rows = rates_from_file(path, source)
    except (RateFileError, OSError) as exc:
        _fail(str(exc))
    with session_scope(default_engine()) as session:
        count = import_rates(session, rows)
    console.print(f"imported {count} rates")


from orken.extract.cli import extract as _extract, ner_app as _ner_app  # noqa: E402
app.command("extract")(_extract)
app.add_typer(_ner_app, name="ner")


from orken.io.cli import register as _register_io  # noqa: E402

_register_io(app)

from orken.auth.cli import users_app as _users_app  # noqa: E402

app.add_typer(_users_app, name="users")

from orken.news.cli import ingest as _ingest, review_app as _review_app  # noqa: E402

app.command("ingest")(_ingest)
app.add_typer(_review_app, name="review")

from orken.stats.cli import indicators_app as _indicators_app  # noqa: E402

app.add_typer(_indicators_app, name="indicators")
from orken.watch.cli import sources_app as _sources_app, watch as _watch  # noqa: E402

app.add_typer(_sources_app, name="sources")
app.command("watch")(_watch)
