"""``orken indicators``: list regional statistics, import an official table, reconcile."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import typer

indicators_app = typer.Typer(help="Regional industrial statistics (indicators per region and period).",
                             no_args_is_help=True)


@indicators_app.command("list")
def list_values(region: str = typer.Option(None, help="region KATO"), indicator: str = typer.Option(None),
                year: int = typer.Option(None)) -> None:
    """Print the values as JSON lines (with unit, period, source and as-of)."""
    from orken.db.engine import default_engine, session_scope
    from orken.stats import service

    with session_scope(default_engine()) as session:
        for v in service.values(session, region, indicator, year):
            typer.echo(json.dumps(service.value_dict(v), ensure_ascii=False))


@indicators_app.command("import")
def import_table(path: Path, indicator: str = typer.Option(..., help="indicator code"),
                 source_url: str = typer.Option(None, help="where the table was published"),
                 as_of: str = typer.Option(None, help="publication date, YYYY-MM-DD"),
                 scale: str = typer.Option("1", help="multiply values, e.g. 1000000 for 'млн тенге'"),
                 sheet: str = typer.Option(None)) -> None:
    """Import a table of regions (rows) by periods (columns) from .xlsx or .csv."""
    from datetime import date

    from orken.db.engine import default_engine, session_scope
    from orken.stats.importer import SheetError, import_rows, read_sheet

    try:
        with session_scope(default_engine()) as session:
            result = import_rows(session, read_sheet(path, sheet), indicator, source_url=source_url,
                                 source_title=path.name, as_of=date.fromisoformat(as_of) if as_of else None,
                                 scale=Decimal(scale))
    except SheetError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"added {result.added} values ({result.skipped_existing} already there); "
               f"rows not recognised as regions: {', '.join(result.unknown_rows) or 'none'}")


@indicators_app.command("reconcile")
def reconcile(region: str = typer.Option(None, help="region KATO; none: the country")) -> None:
    """The registry's investment beside the official investment in fixed capital, per year."""
    from orken.db.engine import default_engine, session_scope
    from orken.stats import service

    with session_scope(default_engine()) as session:
        for row in service.reconciliation(session, region):
            typer.echo(json.dumps(row, ensure_ascii=False))
