"""``orken ingest`` and ``orken review list|show|accept|reject|link``: the CLI of the review queue."""

from __future__ import annotations

import getpass
import json
from decimal import Decimal, InvalidOperation

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from orken.db.engine import default_engine, read_only, session_factory, session_scope
from orken.auth.policy import system_principal
from orken.news import reading, review
from orken.news.ingest import Outcome, ingest as ingest_one
from orken.news.linking import Linker
from orken.news.schemas import AcceptIn, LinkIn, RejectIn
from orken.errors import OrkenError

review_app = typer.Typer(help="The review queue of facts read from the news.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli"


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(1)


def ingest(
    paths: list[str] = typer.Argument(..., help="UTF-8 text files, folders, JSON Lines corpora, or - for stdin"),
    url: str = typer.Option(None, "--url", help="the document's URL (one document only)"),
    on: str = typer.Option(None, "--date", help="publication date, YYYY-MM-DD (one document only)"),
    lang: str = typer.Option("auto", "--lang", help="kk, ru or auto"),
    title: str = typer.Option(None, "--title", help="the document's title (one document only)"),
    publisher: str = typer.Option(None, "--publisher"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON line per document"),
) -> None:
    """Store documents and their facts, link them to the registry and queue them for review.

    Corpus lines are objects with text, url, date, lang, title. A document already stored (same
    text) is skipped, so an interrupted run can simply be run again.
    """
    if lang not in ("kk", "ru", "auto"):
        _fail("--lang must be kk, ru or auto")
    try:
        published = reading.parse_date(on, "--date")
    except ValueError as exc:
        _fail(str(exc))
    files = reading.expand(paths)
    total = reading.count(files)
    if total > 1 and (url or title or on):
        _fail("--url, --title and --date describe one document; put them in a JSON Lines corpus for many")
    new = known = failed = facts = 0
    session = session_factory(default_engine())()
    linker = Linker(session)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=err, transient=False, disable=total < 2)
    try:
        with progress:
            task = progress.add_task("ingesting", total=total)
            for doc in reading.documents(files, lang, url=url, date=published, title=title, publisher=publisher):
                if isinstance(doc, reading.Problem):
                    failed += 1
                    err.print(f"[red]{escape(doc.origin)}[/red]: {escape(doc.message)}")
                    progress.advance(task)
                    continue
                try:
                    outcome = ingest_one(session, doc, linker)
                    session.commit()
                except OrkenError as exc:
                    session.rollback()
                    failed += 1
                    err.print(f"[red]{escape(doc.origin)}[/red]: {escape(str(exc))}")
                    outcome = None
                if outcome is not None:
                    new, known, facts = new + outcome.created, known + (not outcome.created), facts + outcome.facts
                    if as_json:
                        console.print_json(json.dumps(_outcome(outcome)), indent=None)
                progress.advance(task)
    finally:
        session.close()
    err.print(f"{new} new documents ({facts} facts queued for review), {known} already stored, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _outcome(o: Outcome) -> dict:
    return {"origin": o.origin, "document_id": o.document_id, "created": o.created, "facts": o.facts}


@review_app.command("list")
def review_list(
    status: list[str] = typer.Option(["pending"], "--status", help="pending, accepted, rejected (repeatable)"),
    measure: list[str] = typer.Option(None, "--measure"),
    document: list[int] = typer.Option(None, "--document"),
    project: list[int] = typer.Option(None, "--project"),
    zone: list[int] = typer.Option(None, "--zone"),
    organisation: list[int] = typer.Option(None, "--organisation"),
    region: list[str] = typer.Option(None, "--region"),
    limit: int = 50,
    cursor: str = typer.Option(None),
    as_json: bool = typer.Option(False, "--json", help="print JSON as the API returns it"),
) -> None:
    """List facts of the review queue (GET /api/v1/review)."""
    f = review.ReviewFilter(status=status or [], measure=measure or [], document=document or [],
                            project=project or [], zone=zone or [], organisation=organisation or [],
                            region=region or [])
    from orken.news.serialize import fact_dict

    try:
        with session_scope(read_only(default_engine())) as session:
            items, total, next_cursor = review.page(session, f, cursor, limit)
            labels = review.labels(session, items)
            rows = [fact_dict(i, labels) for i in items]
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps({"items": rows, "total": total, "next": next_cursor}, ensure_ascii=False))
        return
    table = Table(title=f"{total} facts")
    for column in ("id", "measure", "value", "target", "linked to", "review", "text"):
        table.add_column(column)
    for r in rows:
        link = r["link"]
        linked = f"{link['type']} {link['id']} {link['name'] or ''}".strip() if link else (
            "new project?" if r["proposal"] else "")
        value = f"{r['value'] or ''} {r['unit'] or ''}".strip()
        table.add_row(str(r["id"]), r["measure"], value, r["target"] or "", linked, r["review"]["status"],
                      escape(r["span"]["text"]))
    console.print(table)
    if next_cursor:
        console.print(f"next page: --cursor {next_cursor}")


@review_app.command("show")
def review_show(fact_id: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show one fact: its sentence with the figure highlighted, its link and what accepting changes."""
    try:
        with session_scope(read_only(default_engine())) as session:
            body = review.as_dict(session, review.get(session, fact_id), current=True)
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps(body, ensure_ascii=False))
        return
    h = body["highlight"]
    console.print(f"[bold]fact {body['id']}[/bold] ({body['review']['status']}) from document "
                  f"{body['document']['id']} {escape(body['document']['title'] or '')}")
    console.print(escape(h["before"]) + "[reverse]" + escape(h["span"]) + "[/reverse]" + escape(h["after"]))
    console.print(f"{body['measure']}: {body['value'] or ''} {body['unit'] or ''} → {body['target'] or '(none)'}")
    if body["link"]:
        console.print(f"linked to {body['link']['type']} {body['link']['id']} {escape(body['link']['name'] or '')} "
                      f"(score {body['link']['score'] or '-'}, {body['link']['method']})")
    elif body["proposal"]:
        console.print(f"proposes a new project: {escape(json.dumps(body['proposal']['name'], ensure_ascii=False))}")
    if body.get("current"):
        cur = body["current"]
        console.print(f"now: {escape(json.dumps(cur['value'], ensure_ascii=False))} (version {cur['version']})")


def _decimal(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        _fail(f"--value {value!r} is not a number")


@review_app.command("accept")
def review_accept(
    fact_id: int,
    version: int = typer.Option(None, "--version", help="the linked record's version you reviewed "
                                                       "(default: its current version)"),
    value: str = typer.Option(None, "--value", help="a corrected value"),
    unit: str = typer.Option(None, "--unit"),
    target: str = typer.Option(None, "--target", help="investment_planned, investment_actual, jobs_permanent_*, "
                                                     "capacity, status, source, ..."),
    on: str = typer.Option(None, "--date", help="date of the figure or status (default: the document's)"),
    status: str = typer.Option(None, "--status", help="for status facts: the status to set"),
    name: str = typer.Option(None, "--name", help="for a new project: its name (in the fact's language)"),
    region: str = typer.Option(None, "--region", help="for a new project: region or district KATO"),
) -> None:
    """Accept a fact (after the corrections given): the registry is updated and the document added as a source."""
    fields = {k: v for k, v in {"value": _decimal(value), "unit": unit, "target": target, "status": status,
                                "version": version}.items() if v is not None}
    try:
        if on:
            fields["date"] = reading.parse_date(on, "--date")
        with session_scope(default_engine()) as session:
            fact = review.get(session, fact_id)
            if name:
                fields["name"] = {fact.lang if fact.lang in ("kk", "ru") else "ru": name}
            if region:
                fields["region_kato"] = region  # a region or a district: review.place tells which
            current = review.current_state(session, fact)
            if "version" not in fields and current:
                fields["version"] = current["version"]
            data = AcceptIn(**fields)
            fact = review.accept(session, fact_id, data, system_principal(actor()))
            applied = fact.applied
    except OrkenError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"accepted fact {fact_id}: {applied['action']}d {applied['object']} {applied['id']} "
                  f"{escape(json.dumps(applied['fields'], ensure_ascii=False))}")


@review_app.command("reject")
def review_reject(fact_id: int, reason: str = typer.Option(..., "--reason", help="why it is wrong")) -> None:
    """Reject a fact with a reason; the registry is not changed."""
    try:
        with session_scope(default_engine()) as session:
            review.reject(session, fact_id, RejectIn(reason=reason), system_principal(actor()))
    except OrkenError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"rejected fact {fact_id}")


@review_app.command("link")
def review_link(
    fact_id: int,
    project: int = typer.Option(None, "--project"),
    zone: int = typer.Option(None, "--zone"),
    organisation: int = typer.Option(None, "--organisation"),
    region: str = typer.Option(None, "--region"),
) -> None:
    """Re-link a fact to another project, zone, organisation or region (none of them: unlink)."""
    try:
        data = LinkIn(project_id=project, zone_id=zone, organisation_id=organisation, region_kato=region)
        with session_scope(default_engine()) as session:
            fact = review.relink(session, fact_id, data, system_principal(actor()))
            target = fact.target
    except OrkenError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    console.print(f"fact {fact_id} re-linked; accepting it writes {target or 'nothing'}")
