"""``orken sources add|list`` and ``orken watch`` against the loopback site."""

import json

import pytest
from typer.testing import CliRunner

from orken.cli import app
from tests.watch.conftest import rss

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


def test_sources_add_list_and_one_watch_pass(orken, site):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, ["/ru/steel.html"]))
    out = orken("sources", "add", site.url("/feed.rss"), "--kind", "rss", "--lang", "ru", "--every", "30m")
    assert "source 1" in out.output
    assert "already watched" in orken("sources", "add", site.url("/feed.rss"), ok=False).output
    bad = orken("sources", "add", "ftp://x/feed", "--every", "never", ok=False)
    assert bad.exit_code == 1 and "url" in bad.output and "every" in bad.output

    result = orken("watch", "--json")
    line = json.loads(result.stdout.strip().splitlines()[0])
    assert line["ok"] and line["ingested"] == 1
    assert orken("watch", "--json").stdout.strip() == ""  # nothing is due yet
    [row] = json.loads(orken("sources", "list", "--json").stdout)
    assert row["items_seen"] == 1 and row["items_ingested"] == 1 and row["every_s"] == 1800
