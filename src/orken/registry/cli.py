"""``orken projects``, ``orken zones`` and ``orken stats``, and the list filters every command shares.

``filter_options`` gives a command the filters of ``GET /api/v1/projects`` (the same names, repeatable
and comma-separated as there) and calls it with the one ``ProjectFilter`` they make: the list, the
statistics and the export select the same projects as the API for the same filter.
"""

from __future__ import annotations

import functools
import inspect
import json

import typer
from rich.console import Console
from rich.table import Table

from orken.db.engine import default_engine, read_only, session_scope
from orken.errors import OrkenError
from orken.registry import query
from orken.registry.query import ProjectFilter
from orken.registry.serialize import project_dict, project_summary

projects_app = typer.Typer(help="Projects of the registry.", no_args_is_help=True)
zones_app = typer.Typer(help="Special economic and industrial zones.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def split(values) -> list[str]:
    """Both repeated values and comma-separated ones (``--status a --status b`` or ``--status a,b``), as the API."""
    return [v.strip() for value in values or [] for v in str(value).split(",") if v.strip()]


def project_filter(region=None, sector=None, status=None, programme=None, map_level=None, zone=None,
                   organisation=None, year_from=None, year_to=None, q=None, sample=None) -> ProjectFilter:
    """The ``ProjectFilter`` of the options, built as the API builds it from the query (``orken.web.deps``)."""
    return ProjectFilter(region=split(region), sector=split(sector), status=split(status), programme=split(programme),
                         map_level=split(map_level), zone=list(zone or []), organisation=list(organisation or []),
                         year_from=year_from, year_to=year_to, q=q or None, sample=sample)


#: the filters of GET /api/v1/projects: (parameter, type, option)
FILTERS: tuple[tuple[str, object, object], ...] = (
    ("region", list[str], typer.Option(None, "--region", help="region or district KATO code; a region includes "
                                       "its districts (repeatable, or comma-separated)")),
    ("sector", list[str], typer.Option(None, "--sector", help="OKED section letter or division (two digits)")),
    ("status", list[str], typer.Option(None, "--status")),
    ("programme", list[str], typer.Option(None, "--programme")),
    ("map_level", list[str], typer.Option(None, "--map-level", help="republican or regional")),
    ("zone", list[int], typer.Option(None, "--zone", help="zone id (repeatable)")),
    ("organisation", list[int], typer.Option(None, "--organisation", help="organisation id (repeatable)")),
    ("year_from", int | None, typer.Option(None, "--year-from", help="launch year (actual, else planned) from")),
    ("year_to", int | None, typer.Option(None, "--year-to")),
    ("q", str | None, typer.Option(None, "--q", help="text in any of kk, ru, en")),
    ("sample", bool | None, typer.Option(None, "--sample/--no-sample",
                                         help="only sample (--sample) or only real (--no-sample) records")),
)


def filter_options(command):
    """Give ``command`` the options of ``FILTERS`` in place of its parameter ``f``, which it receives as
    the ``ProjectFilter`` they make (the shared option set of the list commands)."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "f"]
    added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
             for name, kind, option in FILTERS]

    @functools.wraps(command)
    def with_filter(*args, **kwargs):
        values = {name: kwargs.pop(name, None) for name, _, _ in FILTERS}
        return command(*args, f=project_filter(**values), **kwargs)

    with_filter.__signature__ = signature.replace(parameters=own + added)
    with_filter.__annotations__ = {p.name: p.annotation for p in own + added}
    del with_filter.__wrapped__  # Typer reads the signature above, not the wrapped command's
    return with_filter


Json = typer.Option(False, "--json", help="print JSON as the API returns it")
Region = typer.Option(None, "--region", help="region or district KATO code (repeatable)")


@projects_app.command("list")
@filter_options
def projects_list(
    f: ProjectFilter, sort: str = "id", limit: int = 50, cursor: str = typer.Option(None), as_json: bool = Json,
    lang: str = typer.Option("ru", help="kk, ru or en"),
) -> None:
    """List projects (same filters as GET /api/v1/projects)."""
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


@filter_options
def stats(
    f: ProjectFilter, group_by: str = typer.Option("region", "--group-by", help=", ".join(query.STAT_GROUPS)),
    as_json: bool = Json,
) -> None:
    """Projects, investment and jobs per group (GET /api/v1/stats)."""
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
