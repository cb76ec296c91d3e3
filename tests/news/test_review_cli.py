"""``orken ingest`` and ``orken review`` against the same databases as the API."""

import json

import pytest
from typer.testing import CliRunner

from orken.cli import app
from tests.news.conftest import KK, RU

runner = CliRunner()


@pytest.fixture
def orken(engine, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, ok: bool = True, input: str | None = None):
        result = runner.invoke(app, list(args), input=input)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


def test_ingest_files_corpus_and_stdin_then_again(orken, tmp_path, client):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "kk.txt").write_text(KK, encoding="utf-8")
    corpus = folder / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"text": RU, "url": "https://example.kz/ru", "date": "2024-06-10", "lang": "ru",
                    "title": "Караганда"}, ensure_ascii=False) + "\n"
        + '{"text": 5}\n' + "not json\n", encoding="utf-8")
    first = orken("ingest", str(folder), "--json", ok=False)
    assert first.exit_code == 1  # two bad corpus lines, reported by line
    assert "corpus.jsonl:2" in first.output and "corpus.jsonl:3" in first.output
    assert "2 new documents (7 facts queued for review), 0 already stored, 2 failed" in first.output
    docs = {d["document_id"] for d in map(json.loads, [line for line in first.stdout.splitlines()
                                                       if line.startswith("{")])}
    assert len(docs) == 2
    ru = client.get("/api/v1/review", params={"measure": "investment"}).json()["items"]
    assert {f["document"]["url"] for f in ru} == {None, "https://example.kz/ru"}

    again = orken("ingest", str(folder / "kk.txt"), "-", input=RU)
    assert "0 new documents (0 facts queued for review), 2 already stored, 0 failed" in again.output
    assert client.get("/api/v1/review").json()["total"] == 7

    one = orken("ingest", "-", "--lang", "kk", "--url", "https://example.kz/x", "--date", "2025-01-02",
                input=KK + " Бұл жаңа сөйлем.")
    assert "1 new documents" in one.output
    assert orken("ingest", "-", "--date", "02.01.2025", input=KK, ok=False).exit_code == 1
    assert orken("ingest", str(tmp_path / "missing.txt"), ok=False).exit_code == 1


def test_review_list_show_accept_reject(orken, client):
    project = client.post("/api/v1/projects", json={"name": {"kk": "«Қарағанды Стил» болат зауыты"},
                                                    "region_kato": "350000000",
                                                    "status": "under_construction"}).json()
    orken("ingest", "-", "--lang", "ru", "--title", "Караганда", input=RU)
    listed = json.loads(orken("review", "list", "--json").stdout)
    assert listed == client.get("/api/v1/review", params={"status": "pending"}).json()
    by_measure = {f["measure"]: f["id"] for f in listed["items"]}
    table = orken("review", "list", "--measure", "jobs").stdout
    assert "jobs_permanent_actual" in table and "320" in table

    shown = orken("review", "show", str(by_measure["investment"])).stdout
    assert "Объем инвестиций составил 45,5 млрд тенге." in shown and "investment_actual" in shown
    assert json.loads(orken("review", "show", str(by_measure["investment"]), "--json").stdout)["current"]["version"] == 1

    accepted = orken("review", "accept", str(by_measure["investment"]))
    assert f"updated project {project['id']}" in accepted.stdout
    state = client.get(f"/api/v1/projects/{project['id']}").json()
    assert state["investment_actual"]["amount"] == "45500000000.00"
    assert state["sources"][0]["quote"] == "Объем инвестиций составил 45,5 млрд тенге."
    assert client.get("/api/v1/changes", params={"object_type": "project"}).json()["items"][0]["actor"].startswith("cli")

    stale = orken("review", "accept", str(by_measure["jobs"]), "--version", "1", ok=False)
    assert stale.exit_code == 1 and "changed by someone else" in stale.output
    assert "rejected" in orken("review", "reject", str(by_measure["jobs"]), "--reason", "duplicate").stdout
    assert client.get(f"/api/v1/projects/{project['id']}").json()["jobs_permanent_actual"] is None
    assert orken("review", "reject", str(by_measure["jobs"]), "--reason", "x", ok=False).exit_code == 1
    assert "under_construction" not in orken("review", "accept", str(by_measure["status"])).output
    assert client.get(f"/api/v1/projects/{project['id']}").json()["status"] == "launched"
    assert orken("review", "show", "99999", ok=False).exit_code == 1
    assert orken("review", "list", "--status", "maybe", ok=False).exit_code == 1
