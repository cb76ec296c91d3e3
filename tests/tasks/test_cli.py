"""``orken tasks sweep|list``: idempotent, replayable with ``--now`` (what cron runs)."""

import json

from typer.testing import CliRunner

from orken.cli import app
from tests.tasks.conftest import months_ago, quiet

runner = CliRunner()


def test_sweep_from_the_command_line(engine, project, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    pid = project()
    quiet(engine, pid, months_ago(13))
    first = runner.invoke(app, ["tasks", "sweep", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {"opened": 1, "escalated": 0, "closed": 0, "open": 1}
    again = runner.invoke(app, ["tasks", "sweep", "--json"])
    assert json.loads(again.stdout) == {"opened": 0, "escalated": 0, "closed": 0, "open": 1}
    later = months_ago(-12).isoformat()  # a year from now: 25 months quiet
    assert json.loads(runner.invoke(app, ["tasks", "sweep", "--json", "--now", later]).stdout)["escalated"] == 1
    [task] = json.loads(runner.invoke(app, ["tasks", "list"]).stdout)
    assert task["project_id"] == pid and task["kind"] == "likely_shelved" and task["open"]
