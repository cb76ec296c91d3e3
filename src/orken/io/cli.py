"""``orken import``, ``orken export``, ``orken report``, ``orken backup`` and ``orken restore``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from orken.db.engine import default_engine, read_only, session_scope
from orken.registry.cli import filter_options
from orken.registry.query import ProjectFilter

console = Console()
err = Console(stderr=True)

import_app = typer.Typer(help="Import projects, zones or monitoring reports from .xlsx/.xls/.ods/.csv files.",
                         no_args_is_help=True)
report_app = typer.Typer(help="Briefings: a region or the whole country, as PDF or XLSX.", no_args_is_help=True)

Sheet = typer.Option(None, "--sheet", help="sheet name (default: the first)")
DryRun = typer.Option(False, "--dry-run", help="validate and report; write nothing")
AllOrNothing = typer.Option(False, "--all-or-nothing", help="write nothing if any row has a problem")
Lang = typer.Option("ru", "--lang", help="language of the messages: kk, ru or en")
Rejected = typer.Option(None, "--rejected", help="where to write rejected rows (default FILE.rejected.csv)")
Mapping = typer.Option(None, "--map", help="HEADER=field for an unusual column (repeatable; not saved)")
AsJson = typer.Option(False, "--json", help="print the report as JSON")
AsUser = typer.Option(None, "--as", help="act as this Orken user (their permissions; the change log names them)")
Region = typer.Option(None, "--region", help="the region of the sheet's places (name or KATO), when the sheet "
                                              "does not say it: decides between districts of the same name")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _principal(username: str | None):
    """The principal of ``--as USER`` (None: the command line's trusted operator)."""
    if not username:
        return None
    from orken.auth import service
    from orken.errors import OrkenError

    try:
        with session_scope(default_engine()) as session:
            return service.principal_of(service.get_user(session, username))
    except OrkenError as exc:
        _fail(str(exc))


def _import(entity: str, path: Path, sheet, dry_run, all_or_nothing, lang, rejected, mapping, as_json,
            as_user: str | None = None, submit: bool = False, region: str | None = None) -> None:
    from orken.io.importer import ImportError_, run_import

    if not path.exists():
        _fail(f"there is no file {path}")
    pairs = {}
    for item in mapping or []:
        header, _, field = item.rpartition("=")
        if not header:
            _fail(f"--map takes HEADER=field, not {item!r}")
        pairs[header] = field
    principal = _principal(as_user)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=as_json)
    try:
        with progress:
            task = progress.add_task(f"{entity} ← {path.name}", total=None)
            report = run_import(default_engine(), entity, path, sheet=sheet, dry_run=dry_run,
                                all_or_nothing=all_or_nothing, lang=lang, rejected_path=rejected, mapping=pairs,
                                principal=principal, submit=submit, region=region,
                                progress=lambda done, total: progress.update(task, completed=done, total=total))
    except ImportError_ as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
    else:
        _print_report(report)
    if report.problems and (all_or_nothing or dry_run):
        raise typer.Exit(2)


def _print_report(report) -> None:
    if report.sheet:
        console.print(f"sheet: {report.sheet}")
    if report.problems:
        table = Table(title=f"{report.rejected} rows with problems")
        for column in ("row", "column", "problem"):
            table.add_column(column)
        for p in report.problems[:200]:
            table.add_row(str(p.row), p.column, p.message)
        console.print(table)
        if len(report.problems) > 200:
            console.print(f"... and {len(report.problems) - 200} more")
    if report.notes:
        table = Table(title=f"{len(report.notes)} values read with a note")
        for column in ("row", "column", "note"):
            table.add_column(column)
        for n in report.notes[:50]:
            table.add_row(str(n.row), n.column, n.message)
        console.print(table)
    if report.unknown_columns:
        console.print("columns not recognised (ignored): " + ", ".join(report.unknown_columns))
    skipped = ", ".join(f"{n} {k}" for k, n in report.skipped.items())
    if report.dry_run:
        state = "dry run: nothing written"
    elif report.committed:
        state = "written"
    else:
        state = "nothing written (all or nothing)"
    more = (f", {report.unchanged} unchanged" if report.unchanged else "") + (
        f", {report.submitted} submitted for review" if report.submitted else "")
    console.print(f"{report.rows} rows: {report.created} created, {report.updated} updated{more}, {report.rejected} "
                  f"rejected{'; skipped ' + skipped if skipped else ''} — {state}")
    if report.rejected_file:
        console.print(f"rejected rows with reasons: {report.rejected_file}")


@import_app.command("projects")
def import_projects(path: Path, sheet: str = Sheet, dry_run: bool = DryRun, all_or_nothing: bool = AllOrNothing,
                    lang: str = Lang, rejected: Path = Rejected, mapping: list[str] = Mapping,
                    as_json: bool = AsJson, as_user: str = AsUser, region: str = Region) -> None:
    """Import projects; a row about a project already there (by external id, else the initiator's BIN and
    the name, else the name and the district) updates it; importing a file again changes nothing."""
    _import("projects", path, sheet, dry_run, all_or_nothing, lang, rejected, mapping, as_json, as_user,
            region=region)


@import_app.command("zones")
def import_zones(path: Path, sheet: str = Sheet, dry_run: bool = DryRun, all_or_nothing: bool = AllOrNothing,
                 lang: str = Lang, rejected: Path = Rejected, mapping: list[str] = Mapping,
                 as_json: bool = AsJson, as_user: str = AsUser, region: str = Region) -> None:
    """Import special economic and industrial zones."""
    _import("zones", path, sheet, dry_run, all_or_nothing, lang, rejected, mapping, as_json, as_user, region=region)


@import_app.command("reports")
def import_reports(path: Path, sheet: str = Sheet, dry_run: bool = DryRun, all_or_nothing: bool = AllOrNothing,
                   lang: str = Lang, rejected: Path = Rejected, mapping: list[str] = Mapping,
                   as_json: bool = AsJson, as_user: str = AsUser,
                   submit: bool = typer.Option(False, "--submit", help="submit each report for the curator's review "
                                               "(default: leave them as drafts)")) -> None:
    """Import quarterly monitoring reports (project by external id or name, quarter such as "2024 Q3").

    Reports are written through the monitoring workflow as drafts (or submitted, with --submit),
    never approved: the curator approves them in the app. A draft of the same quarter is updated.
    """
    _import("reports", path, sheet, dry_run, all_or_nothing, lang, rejected, mapping, as_json, as_user, submit)


@import_app.command("map")
def import_map(entity: str = typer.Argument(..., help="projects, zones or reports"), header: str = typer.Argument(...),
               field: str = typer.Argument(..., help="the field the header stands for, e.g. investment_planned")):
    """Save a mapping for an unusual column header; later imports recognise it."""
    from orken.io.importer import save_mapping
    from orken.errors import OrkenError

    if entity not in ("projects", "zones", "reports"):
        _fail("entity is projects, zones or reports")
    try:
        with session_scope(default_engine()) as session:
            save_mapping(session, entity, header, field)
    except OrkenError as exc:
        _fail(str(exc))
    console.print(f"saved: {header!r} → {field} ({entity})")


@filter_options
def export(
    f: ProjectFilter,
    fmt: str = typer.Option(..., "--format", help="csv, xlsx, geojson or oc4ids"),
    output: Path = typer.Option(None, "--output", "-o", help="file to write (default: orken-export.<ext>)"),
    entity: str = typer.Option("projects", help="for csv: projects, zones or organisations"),
    lang: str = typer.Option("ru", "--lang", help="language of headers and titles: kk, ru or en"),
    internal: bool = typer.Option(False, "--internal", help="include internal fields (default: public only)"),
    as_user: str = typer.Option(None, "--as", help="export what this Orken user may read: internal fields of "
                                "the projects in their scope, public fields of the others"),
) -> None:
    """Export a filtered selection of projects (same filters as GET /api/v1/projects).

    Public fields only, unless ``--internal`` (the operator's full view) or ``--as USER`` (that
    user's view, decided per project by the same permission seam as the web downloads)."""
    from orken.io import export_geojson, export_tabular, oc4ids
    from orken.errors import OrkenError

    ext = {"csv": "csv", "xlsx": "xlsx", "geojson": "geojson", "oc4ids": "oc4ids.json"}
    if fmt not in ext:
        _fail("--format is csv, xlsx, geojson or oc4ids")
    out = output or Path(f"orken-export.{ext[fmt]}")
    filtered = f != ProjectFilter()
    principal = _principal(as_user)
    if principal is not None:
        internal = True  # the serializer's seam narrows it to what the principal may read
    try:
        with session_scope(read_only(default_engine())) as session:
            if principal is not None:
                session.info["principal"] = principal
            if fmt == "csv":
                n = export_tabular.write_csv(session, out, f, entity, lang, internal)
            elif fmt == "xlsx":
                n = export_tabular.write_xlsx(session, out, f if filtered else None, lang, internal)
            elif fmt == "geojson":
                n = export_geojson.write_geojson(session, out, f, internal)
            else:
                n = oc4ids.write_package(session, out, f, lang, internal)
    except (OrkenError, ValueError) as exc:
        _fail(str(exc))
    console.print(f"wrote {n} to {out}" if isinstance(n, int) else
                  f"wrote {', '.join(f'{v} {k}' for k, v in n.items())} to {out}")


KeyFileOpt = typer.Option(None, "--key-file", help="file holding the signing key (else ORKEN_BACKUP_KEY)")
CredentialsOpt = typer.Option(False, "--with-credentials",
                              help="include (backup) or restore password hashes, sessions and API tokens")
UnsignedOpt = typer.Option(False, "--insecure-unsigned", help="without a key: no signature (not recommended)")


def backup_cmd(path: Path = typer.Argument(..., help="the backup file to write (.zip)"),
               key_file: Path = KeyFileOpt, with_credentials: bool = CredentialsOpt,
               insecure_unsigned: bool = UnsignedOpt) -> None:
    """Write a consistent, signed snapshot of the whole database (portable between SQLite and PostgreSQL).
    Without --with-credentials it leaves out password hashes, sessions and API tokens."""
    from orken.io.backup import BackupError, backup, load_key

    try:
        manifest = backup(default_engine(), path, load_key(key_file), with_credentials, insecure_unsigned)
    except BackupError as exc:
        _fail(str(exc))
    console.print(f"backed up {sum(manifest['tables'].values())} rows of {len(manifest['tables'])} tables to {path}"
                  + ("" if manifest["signed"] else " (UNSIGNED)")
                  + (" with credentials" if with_credentials else " (no credentials)"))


def restore_cmd(path: Path = typer.Argument(..., help="a file written by orken backup"),
                yes: bool = typer.Option(False, "--yes", help="do not ask before replacing the database"),
                key_file: Path = KeyFileOpt, with_credentials: bool = CredentialsOpt,
                insecure_unsigned: bool = UnsignedOpt) -> None:
    """Replace the whole database with a backup (in one transaction), once its signature is checked.
    Without --with-credentials every user needs a new password afterwards (orken users password)."""
    from sqlalchemy import select

    from orken.auth.models import User
    from orken.io.backup import BackupError, load_key, read_manifest, restore

    if not path.exists():
        _fail(f"there is no file {path}")
    try:
        key = load_key(key_file)
        read_manifest(path, key, insecure_unsigned)  # refuse a forged or damaged file before asking
    except BackupError as exc:
        _fail(str(exc))
    if not yes and not typer.confirm("This replaces everything in the database. Go on?"):
        raise typer.Exit(1)
    try:
        manifest = restore(default_engine(), path, key, with_credentials, insecure_unsigned)
    except BackupError as exc:
        _fail(str(exc))
    console.print(f"restored {sum(manifest['tables'].values())} rows of {len(manifest['tables'])} tables "
                  f"from {path} (taken {manifest['created']} on {manifest['engine']})")
    with session_scope(default_engine()) as session:
        waiting = list(session.scalars(select(User.username).where(User.password_hash.is_(None))
                                       .order_by(User.username)))
    if waiting:
        console.print(f"{len(waiting)} user(s) have no password now: give each one with "
                      f"`orken users password NAME` ({', '.join(waiting[:20])}{' ...' if len(waiting) > 20 else ''})")


def _briefing(kato: str | None, lang: str, fmt: str, output: Path | None, today: str | None) -> None:
    from datetime import date

    from orken.io import briefing, briefing_pdf, briefing_xlsx
    from orken.errors import OrkenError

    if lang not in briefing.LANGS:
        _fail(f"--lang is one of {', '.join(briefing.LANGS)}")
    if fmt not in ("pdf", "xlsx"):
        _fail("--format is pdf or xlsx")
    out = output or Path(f"briefing-{kato or 'kz'}-{lang}.{fmt}")
    try:
        with session_scope(read_only(default_engine())) as session:
            b = briefing.gather(session, kato, lang, date.fromisoformat(today) if today else None)
            if fmt == "pdf":
                briefing_pdf.render(session, b, out)
            else:
                briefing_xlsx.render(b, out)
    except (OrkenError, ValueError) as exc:
        _fail(str(exc))
    console.print(f"wrote {out}")


BLang = typer.Option("ru", "--lang", help="kk, ru, en or kk-Latn")
BFormat = typer.Option("pdf", "--format", help="pdf or xlsx")
BOut = typer.Option(None, "--output", "-o")
BToday = typer.Option(None, "--date", help="the date of the briefing (YYYY-MM-DD; default today)")


@report_app.command("region")
def report_region(kato: str = typer.Argument(..., help="region KATO code, e.g. 350000000"), lang: str = BLang,
                  fmt: str = BFormat, output: Path = BOut, today: str = BToday) -> None:
    """A briefing on one region."""
    _briefing(kato, lang, fmt, output, today)


@report_app.command("national")
def report_national(lang: str = BLang, fmt: str = BFormat, output: Path = BOut, today: str = BToday) -> None:
    """A briefing on the whole country."""
    _briefing(None, lang, fmt, output, today)
