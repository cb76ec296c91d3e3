"""The ``orken`` command line against the same databases as the API tests."""

import json

import pytest
from typer.testing import CliRunner

from orken.cli import app
from orken.db import migrate

runner = CliRunner()


@pytest.fixture
def orken(engine, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, ok: bool = True):
        result = runner.invoke(app, list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


def test_projects_list_show_and_stats_mirror_the_api(orken, client):
    created = client.post("/api/v1/projects", json={
        "name": {"ru": "Завод ферросплавов"}, "region_kato": "550000000", "oked": "24", "status": "launched",
        "launch_actual": "2019-05-01", "investment_planned": {"amount": "1000"}, "jobs_permanent_planned": 40,
    }).json()
    listed = json.loads(orken("projects", "list", "--region", "550000000", "--json").stdout)
    assert listed == client.get("/api/v1/projects", params={"region": "550000000"}).json()
    assert "Завод ферросплавов" in orken("projects", "list", "--status", "launched").stdout
    assert orken("projects", "list", "--status", "planned", "--json").stdout.count('"id"') == 0
    shown = json.loads(orken("projects", "show", str(created["id"])).stdout)
    assert shown["name"]["ru"] == "Завод ферросплавов" and shown["investment_planned"]["kzt"] == "1000.00"
    missing = orken("projects", "show", "999999", ok=False)
    assert missing.exit_code == 1 and "there is no project 999999" in missing.output
    stats = json.loads(orken("stats", "--group-by", "sector", "--json").stdout)
    assert stats["items"][0]["key"] == "C" and stats["items"][0]["jobs_permanent_planned"] == 40
    bad = orken("stats", "--group-by", "colour", ok=False)
    assert bad.exit_code == 1 and "group by one of" in bad.output


def test_db_commands_and_rates_import(orken, tmp_path, engine):
    assert orken("db", "current").stdout.strip() == migrate.current(engine)
    assert "database at revision" in orken("db", "upgrade").stdout
    good = tmp_path / "rates.csv"
    good.write_text("date,currency,rate_kzt,source\n2001-02-03,USD,145.5,test file\n", encoding="utf-8")
    assert "imported 1 rates" in orken("rates", "import", str(good)).stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("date,currency,rate_kzt\n2001-02-03,USD,-1\n", encoding="utf-8")
    result = orken("rates", "import", str(bad), ok=False)
    assert result.exit_code == 1 and "line 2" in result.output and "positive" in result.output
    result = orken("rates", "import", str(tmp_path / "missing.csv"), ok=False)
    assert result.exit_code == 1


def test_zones_list(orken, client):
    client.post("/api/v1/zones", json={"name": {"ru": "СЭЗ «Павлодар»"}, "kind": "sez", "region_kato": "550000000"})
    out = json.loads(orken("zones", "list", "--json").stdout)
    assert out["total"] == 1 and out["items"][0]["name"]["ru"] == "СЭЗ «Павлодар»"
