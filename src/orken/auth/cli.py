"""``orken users add|list|grant|revoke|token|tokens|password``: accounts, roles with scopes, API tokens."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from orken.auth import service
from orken.auth.models import User
from orken.auth.policy import Grant, Role
from orken.db.engine import default_engine, read_only, session_scope
from orken.errors import OrkenError

users_app = typer.Typer(help="Users, their roles and scopes, and API tokens.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)

RoleArg = typer.Argument(..., help=", ".join(r.value for r in Role if r != Role.PUBLIC))
RegionOpt = typer.Option(None, "--region", help="region or district KATO code")
SectorOpt = typer.Option(None, "--sector", help="OKED section (letter) or division (two digits)")
ProgrammeOpt = typer.Option(None, "--programme")
ProjectOpt = typer.Option(None, "--project", help="project id (curators, investors)")
OrganisationOpt = typer.Option(None, "--organisation", help="organisation id (investors)")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _grant(role: str, region, sector, programme, project, organisation) -> Grant:
    try:
        return Grant(role=Role(role), region=region, sector=sector.upper() if sector and sector.isalpha() else sector,
                     programme=programme, project_id=project, organisation_id=organisation)
    except ValueError:
        _fail(f"unknown role {role!r}; use one of {', '.join(r.value for r in Role if r != Role.PUBLIC)}")


@users_app.command("add")
def add(username: str, role: str = typer.Option(None, "--role", help="grant this role at once"),
        region: str = RegionOpt, sector: str = SectorOpt, programme: str = ProgrammeOpt, project: int = ProjectOpt,
        organisation: int = OrganisationOpt, name: str = typer.Option(None, "--name", help="display name"),
        password: bool = typer.Option(True, "--password/--no-password", help="ask for a password"),
        token: bool = typer.Option(False, "--token", help="also create an API token and print it once")) -> None:
    """Add a user (asks for the password twice unless --no-password)."""
    secret = typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    grants = [_grant(role, region, sector, programme, project, organisation)] if role else []
    try:
        with session_scope(default_engine()) as session:
            user = service.add_user(session, username, secret, name, grants)
            made = service.create_token(session, user, "cli") if token else None
    except OrkenError as exc:
        _fail(str(exc))
    console.print(f"added {username}" + (f" as {grants[0].describe()}" if grants else ""))
    if made:
        console.print(f"API token (shown once): {made}")


@users_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json")) -> None:
    """List users and their grants."""
    with session_scope(read_only(default_engine())) as session:
        users = list(session.scalars(select(User).order_by(User.username)))
        rows = [{"username": u.username, "name": u.display_name, "active": u.is_active,
                 "password": bool(u.password_hash),
                 "grants": [service._as_grant(g).describe() for g in u.grants]} for u in users]
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("user", "name", "active", "password", "grants")
    for r in rows:
        table.add_row(r["username"], r["name"] or "", "yes" if r["active"] else "no",
                      "yes" if r["password"] else "no", "; ".join(r["grants"]) or "-")
    console.print(table)


@users_app.command("grant")
def grant(username: str, role: str = RoleArg, region: str = RegionOpt, sector: str = SectorOpt,
          programme: str = ProgrammeOpt, project: int = ProjectOpt, organisation: int = OrganisationOpt) -> None:
    """Give a user a role over a scope."""
    g = _grant(role, region, sector, programme, project, organisation)
    try:
        with session_scope(default_engine()) as session:
            service.grant(session, service.get_user(session, username), g)
    except OrkenError as exc:
        _fail(str(exc))
    console.print(f"{username}: granted {g.describe()}")


@users_app.command("revoke")
def revoke(username: str, role: str = RoleArg, region: str = RegionOpt, sector: str = SectorOpt,
           programme: str = ProgrammeOpt, project: int = ProjectOpt, organisation: int = OrganisationOpt,
           all_scopes: bool = typer.Option(False, "--all", help="every grant of the role, whatever its scope")) -> None:
    """Take a role (over exactly the given scope, or --all of them) from a user."""
    g = _grant(role, region, sector, programme, project, organisation)
    try:
        with session_scope(default_engine()) as session:
            removed = service.revoke(session, service.get_user(session, username), g.role,
                                     None if all_scopes else g.scope())
    except OrkenError as exc:
        _fail(str(exc))
    if not removed:
        _fail(f"{username} has no grant {g.describe()}")
    console.print(f"{username}: revoked {removed} grant(s) of {g.role}; their sessions and API tokens have ended")


@users_app.command("token")
def token(username: str, name: str = typer.Option("cli", "--name"),
          days: int = typer.Option(None, "--days", help="lifetime in days (default and longest: ORKEN_TOKEN_DAYS, 90)")
          ) -> None:
    """Create an API token for a user and print it (once)."""
    try:
        with session_scope(default_engine()) as session:
            secret = service.create_token(session, service.get_user(session, username), name, days)
    except OrkenError as exc:
        _fail(str(exc))
    console.print(secret)


tokens_app = typer.Typer(help="A user's API tokens: list and revoke.", no_args_is_help=True)
users_app.add_typer(tokens_app, name="tokens")


@tokens_app.command("list")
def tokens_list(username: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """List a user's API tokens (never their secrets): id, name, created, expires, state."""
    try:
        with session_scope(default_engine()) as session:
            rows = service.list_tokens(session, service.get_user(session, username))
    except OrkenError as exc:
        _fail(str(exc))
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "name", "created", "expires", "state")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["created_at"][:19], (r["expires_at"] or "-")[:19], r["state"])
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(username: str, token_id: int = typer.Argument(None, help="the token's id (orken users tokens list)"),
                  all_tokens: bool = typer.Option(False, "--all", help="every token of the user"),
                  sessions: bool = typer.Option(False, "--sessions", help="also end every sign-in session")) -> None:
    """Revoke one API token of a user, or --all of them (with --sessions: sign the user out everywhere)."""
    if (token_id is None) == (not all_tokens):
        _fail("give a token id or --all")
    try:
        with session_scope(default_engine()) as session:
            user = service.get_user(session, username)
            if all_tokens:
                ended, revoked = service.revoke_credentials(session, user) if sessions else \
                    (0, sum(service.revoke_token(session, t["id"], user) for t in service.list_tokens(session, user)
                            if t["state"] != "revoked"))
            else:
                if not service.revoke_token(session, token_id, user):
                    _fail(f"{username} has no token {token_id}")
                revoked, ended = 1, service.end_sessions(session, user) if sessions else 0
    except OrkenError as exc:
        _fail(str(exc))
    console.print(f"{username}: revoked {revoked} token(s)" + (f", ended {ended} session(s)" if sessions else ""))


@users_app.command("password")
def password(username: str) -> None:
    """Set a user's password (every session and API token of the user ends)."""
    secret = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(default_engine()) as session:
            service.set_password(session, service.get_user(session, username), secret)
    except OrkenError as exc:
        _fail(str(exc))
    console.print(f"{username}: password set; their sessions and API tokens have ended")
