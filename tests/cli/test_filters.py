"""The list commands take every filter of ``GET /api/v1/projects`` and select the same projects as the API.

One option set (``orken.registry.cli.FILTERS``) for ``projects list``, ``stats`` and ``export``: each
command accepts each of the API's filter parameters, and for the same filter gives the same project
ids as the API does, on a database holding the sample dataset plus a real (non-sample) record.
"""

from __future__ import annotations

import csv
import inspect
import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from orken.cli import app as cli

runner = CliRunner()
LIST_COMMANDS = (("projects", "list"), ("stats",), ("export",))


def _command(*path):
    import typer.main

    command = typer.main.get_command(cli)
    for name in path:
        command = command.commands[name]
    return command


def api_filters() -> list[str]:
    from orken.web.deps import project_filter

    return list(inspect.signature(project_filter).parameters)


@pytest.mark.parametrize("path", LIST_COMMANDS, ids=" ".join)
def test_every_list_command_takes_every_filter_of_the_api(path):
    options = {opt for p in _command(*path).params for opt in p.opts}
    missing = [name for name in api_filters() if "--" + name.replace("_", "-") not in options]
    assert not missing, f"orken {' '.join(path)} lacks the API's filters {missing}"


def _args(params: dict) -> list[str]:
    out = []
    for name, value in params.items():
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            out.append(flag if value else "--no-" + name)
        elif isinstance(value, list):
            for v in value:
                out += [flag, str(v)]
        else:
            out += [flag, str(value)]
    return out


def _api_ids(client, params: dict) -> list[int]:
    ids, cursor = [], None
    while True:
        body = client.get("/api/v1/projects", params={**params, "limit": 1000, "sort": "id",
                                                      **({"cursor": cursor} if cursor else {})})
        assert body.status_code == 200, body.text
        body = body.json()
        ids += [p["id"] for p in body["items"]]
        cursor = body["next"]
        if not cursor:
            return ids


def _cli(*args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _cli_list_ids(params: dict) -> list[int]:
    ids, cursor = [], None
    while True:
        body = json.loads(_cli("projects", "list", "--json", "--limit", "1000", "--sort", "id", *_args(params),
                               *(["--cursor", cursor] if cursor else [])))
        ids += [p["id"] for p in body["items"]]
        cursor = body["next"]
        if not cursor:
            return ids


def _export_ids(tmp_path, fmt: str, params: dict) -> set[int]:
    out = tmp_path / f"export.{fmt}"
    _cli("export", "--format", fmt, "--output", str(out), *_args(params))
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            return {int(row["ID"]) for row in csv.DictReader(fh)}
    if fmt == "geojson":
        return {f["id"] for f in json.loads(out.read_text("utf-8"))["features"]}
    return {int(p["id"].removeprefix("orken-")) for p in json.loads(out.read_text("utf-8"))["projects"]}


@pytest.fixture
def sample_data(engine, session, client, monkeypatch):
    from orken.db.models import Project, ProjectOrganisation, ProjectProgramme
    from orken.sample import loader

    loader.load(session)
    session.commit()
    real = client.post("/api/v1/projects", json={
        "name": {"ru": "Настоящий завод"}, "region_kato": "550000000", "oked": "24", "status": "launched",
        "launch_actual": "2021-05-01", "map_level": "regional"})
    assert real.status_code == 201, real.text
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    first = session.scalars(select(Project).where(Project.zone_id.is_not(None)).order_by(Project.id)).first()
    return {
        "region": session.scalar(select(Project.region_kato).order_by(Project.id)),
        "other_region": session.scalar(select(Project.region_kato).order_by(Project.id.desc())),
        "sector": session.scalar(select(Project.oked_section).where(Project.oked_section.is_not(None))),
        "division": session.scalar(select(Project.oked_division).where(Project.oked_division.is_not(None))),
        "programme": session.scalar(select(ProjectProgramme.programme_code).order_by(ProjectProgramme.programme_code)),
        "map_level": session.scalar(select(Project.map_level).where(Project.map_level.is_not(None))),
        "zone": first.zone_id if first else None,
        "organisation": session.scalar(select(ProjectOrganisation.organisation_id).order_by(ProjectOrganisation.organisation_id)),
        "word": "завод",
        "real_id": real.json()["id"],
    }


def test_list_stats_and_export_select_what_the_api_selects(sample_data, client, tmp_path):
    d = sample_data
    assert all(d[k] is not None for k in ("zone", "organisation", "programme", "map_level")), {k: v for k, v in d.items() if v is None}
    cases = [
        {},
        {"region": [d["region"]]},
        {"region": [f"{d['region']},{d['other_region']}"]},
        {"sector": [d["sector"], d["division"]]},
        {"status": ["launched", "planned"]},
        {"programme": [d["programme"]]},
        {"map_level": [d["map_level"]]},
        {"zone": [d["zone"]]},
        {"organisation": [d["organisation"]]},
        {"year_from": 2015, "year_to": 2022},
        {"q": d["word"]},
        {"sample": True},
        {"sample": False},
        {"status": ["launched"], "sample": True, "year_from": 2010, "region": [d["region"]]},
    ]
    everything = set(_api_ids(client, {}))
    assert len(everything) > 50
    for params in cases:
        expected = _api_ids(client, params)
        if params:  # each filter selects: something, and not everything
            assert expected and set(expected) != everything, params
        assert _cli_list_ids(params) == expected, params
        for fmt in ("csv", "geojson", "oc4ids"):
            assert _export_ids(tmp_path, fmt, params) == set(expected), (fmt, params)
        for group_by in ("status", "region"):
            body = json.loads(_cli("stats", "--group-by", group_by, "--json", *_args(params)))
            api = client.get("/api/v1/stats", params={**params, "group_by": group_by})
            assert api.status_code == 200, api.text
            assert body["items"] == api.json()["items"], (group_by, params)
    assert _api_ids(client, {"sample": False}) == [d["real_id"]]
