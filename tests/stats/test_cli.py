"""``orken indicators``: import an official table from a file, list and reconcile (both engines)."""

import json

import pytest
from typer.testing import CliRunner

from orken.cli import app

runner = CliRunner()


@pytest.fixture
def orken(engine, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))

    def run(*args: str, ok: bool = True):
        result = runner.invoke(app, list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


def test_import_list_and_reconcile(orken, client, tmp_path):
    table = tmp_path / "ifc.csv"
    table.write_text("Инвестиции в основной капитал, млн тенге;;\n;2023 г.;2024 г.\n"
                     "Павлодарская область;900 000,0;1 100 000,0\nг. Астана;2 000 000;—\n", encoding="utf-8")
    out = orken("indicators", "import", str(table), "--indicator", "investment_fixed_capital", "--scale", "1000000",
                "--source-url", "https://stat.gov.kz/example", "--as-of", "2025-03-01").stdout
    assert "added 3 values" in out
    rows = [json.loads(line) for line in orken("indicators", "list", "--region", "550000000").stdout.splitlines()]
    assert [(r["year"], r["value"], r["as_of"]) for r in rows] == [(2023, "900000000000", "2025-03-01"),
                                                                  (2024, "1100000000000", "2025-03-01")]
    client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": "550000000", "status": "planned",
                                          "launch_planned": "2024-05-01",
                                          "investment_planned": {"amount": "110000000000"}})
    rec = [json.loads(line) for line in orken("indicators", "reconcile", "--region", "550000000").stdout.splitlines()]
    assert {r["year"]: r["share"] for r in rec} == {2023: "0.0000", 2024: "0.1000"}
    bad = orken("indicators", "import", str(table), "--indicator", "nonsense", ok=False)
    assert bad.exit_code == 1 and "unknown indicator" in bad.output
