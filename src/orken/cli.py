"""The ``orken`` command line. Its commands mirror the API and use the same services."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from orken import capabilities
from orken.db import migrate
from orken.db.engine import default_engine, session_scope
from orken.db.models import Project

app = typer.Typer(help="Orken: the open Industrialization Map of Kazakhstan.", no_args_is_help=True)
db_app = typer.Typer(help="The database schema (Alembic migrations).", no_args_is_help=True)
rates_app = typer.Typer(help="Official exchange rates.", no_args_is_help=True)
app.add_typer(db_app, name="db")
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


capabilities.load_models()  # every table known (a backup, a restore and the write guard see them all)
for _name, _ref in capabilities.commands():  # each capability's commands and command groups
    _command = capabilities.resolve(_ref)
    if isinstance(_command, typer.Typer):
        app.add_typer(_command, name=_name)
    else:
        app.command(_name)(_command)


def main() -> None:
    """The ``orken`` command: the commands above, and a database without Orken's tables (never set up, or
    another file than meant) explained in one line instead of a driver's traceback."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        app()
    except (OperationalError, ProgrammingError) as exc:
        text = str(getattr(exc, "orig", exc))
        if "no such table" not in text and not ("relation" in text and "does not exist" in text):
            raise
        url = default_engine().url.render_as_string(hide_password=True)
        console.print(f"[red]the database {url} has no Orken tables yet: run `orken setup` (or `orken db upgrade`), "
                      "or set ORKEN_DATABASE_URL to the database you meant[/red]")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

