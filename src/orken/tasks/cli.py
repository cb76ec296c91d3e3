"""``orken tasks sweep|list``: the tasks of quiet projects (safe to run from cron: the sweep is idempotent)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Optional

import typer
from rich.console import Console

from orken.db.engine import default_engine, session_scope

tasks_app = typer.Typer(help="Tasks of quiet projects: confirm the status.", no_args_is_help=True)
console = Console()


@tasks_app.command("sweep")
def sweep_cmd(
    now: Optional[str] = typer.Option(None, "--now", help="sweep as of this ISO time (default: now)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Open, escalate and close the tasks of quiet projects (no news, report or edit for months)."""
    from orken.tasks.service import sweep

    at = datetime.fromisoformat(now) if now else None
    with session_scope(default_engine()) as session:
        result = sweep(session, now=at)
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
    else:
        console.print(f"{len(result.opened)} opened, {len(result.escalated)} escalated, {len(result.closed)} closed, "
                      f"{result.open} open")


@tasks_app.command("list")
def list_cmd(state: str = typer.Option("open", "--state", help="open, closed or all")) -> None:
    """The tasks (as the system: every one)."""
    from orken.auth.policy import system_principal
    from orken.tasks.service import list_tasks, task_dict

    with session_scope(default_engine()) as session:
        rows = [task_dict(t) for t in list_tasks(session, system_principal("cli"), state=state, limit=10000)]
    console.print_json(json.dumps(rows))
