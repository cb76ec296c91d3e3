"""Damaged, hostile, empty, oversized and wrongly encoded files through the command line, the API
and the /import page (a region analyst with a browser session and its CSRF token): a clear error in
the user's language (kk/ru/en), nothing written, and the server goes on serving."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner
from orken.auth.guard import system_session
from orken.db.models import ChangeRecord, Project
from orken.io import readers
from orken.io.messages import template
from orken.io.models import ImportJob
from orken.web.api import io as io_api
from tests.conftest import make_user
from tests.faults.corrupt import (
    CSV_ROWS,
    damaged_files,
    huge_dimension,
    short_dimension,
)
from tests.io.sheets import messy_projects

LANGS = ("kk", "ru", "en")
PASSWORD = "correct horse battery"


def fragment(key: str, lang: str) -> str:
    """The longest fixed part of the message ``key`` in ``lang`` (the parts between its parameters)."""
    return max(re.split(r"%\(\w+\)[sr]", template(key, lang)), key=len).strip(" ;:,.«»'")


def says(text: str, key: str, lang: str) -> bool:
    plain = " ".join(text.replace("&#39;", "'").split())  # rich wraps lines; the page escapes quotes
    return " ".join(fragment(key, lang).split()) in plain


def _state(engine) -> tuple:
    with system_session(engine, "tests") as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Project, ChangeRecord, ImportJob))


def _browser(app, engine) -> tuple[TestClient, str]:
    make_user(engine, "analyst", "region_analyst", password=PASSWORD, region="350000000")
    browser = TestClient(app, base_url="https://testserver")
    browser.__enter__()
    assert browser.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}).status_code == 200
    page = browser.get("/import")
    return browser, re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_damaged_files_are_refused_clearly_everywhere(app, engine, tmp_path, monkeypatch):
    files = damaged_files(tmp_path)
    # a centre analyst: the good files below hold projects of two regions (the preview checks scope, issue 15)
    api = TestClient(app, headers={"Authorization": f"Bearer {make_user(engine, 'script', 'centre_analyst')}"})
    browser, csrf = _browser(app, engine)
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    from orken.cli import app as cli

    before = _state(engine)
    for i, (name, (key, data)) in enumerate(files.items()):
        lang = LANGS[i % 3]
        r = api.post(f"/api/v1/import/projects?lang={lang}", files={"file": (name, data)})
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", (name, r.text)
        assert says(r.json()["detail"], key, lang), (name, lang, r.json())

        page_lang = LANGS[(i + 1) % 3]
        r = browser.post(f"/import?lang={page_lang}", data={"entity": "projects", "csrf_token": csrf},
                         files={"file": (name, data)})
        assert r.status_code == 422 and "text/html" in r.headers["content-type"], (name, r.status_code)
        assert says(r.text, key, page_lang) and "Traceback" not in r.text, (name, page_lang)

        path = tmp_path / "cli" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        cli_lang = LANGS[(i + 2) % 3]
        done = CliRunner().invoke(cli, ["import", "projects", str(path), "--lang", cli_lang])
        assert done.exit_code == 1 and done.exception is None or isinstance(done.exception, SystemExit), (
            name, done.output, done.exception)
        assert says(done.output, key, cli_lang), (name, cli_lang, done.output)
        assert not path.with_name(path.stem + ".rejected.csv").exists()
        assert _state(engine) == before, name  # nothing written, not even the import job

    # over the upload limit, and a file type that is no spreadsheet
    monkeypatch.setattr(io_api, "MAX_UPLOAD", 64 * 1024)
    big = (CSV_ROWS * (64 * 1024 // len(CSV_ROWS.encode()) + 2)).encode()
    r = api.post("/api/v1/import/projects?lang=kk", files={"file": ("big.csv", big)})
    assert r.status_code == 413 and says(r.json()["detail"], "file_too_large", "kk"), r.text
    r = browser.post("/import?lang=ru", data={"entity": "projects", "csrf_token": csrf}, files={"file": ("big.csv", big)})
    assert r.status_code == 413 and says(r.text, "file_too_large", "ru")
    r = api.post("/api/v1/import/projects?lang=en", files={"file": ("report.pdf", b"%PDF-1.4")})
    assert r.status_code == 415 and says(r.json()["detail"], "file_type", "en")
    assert _state(engine) == before

    # the server goes on serving: good files (also ones in other encodings, or with a lying
    # <dimension>) are read as usual
    for name, data in [("cp1251.csv", CSV_ROWS.encode("cp1251")), ("utf16.csv", CSV_ROWS.encode("utf-16")),
                       ("dimension.xlsx", huge_dimension(tmp_path)),
                       ("good.xlsx", messy_projects(tmp_path / "again.xlsx").read_bytes())]:
        r = api.post("/api/v1/import/projects?lang=ru", files={"file": (name, data)})
        assert r.status_code == 201, (name, r.text)
        preview = r.json()["preview"]
        if name.endswith(".csv"):
            assert preview["rows"] == 1 and preview["valid"] == 1, preview
        else:
            assert preview["rows"] == 6 and preview["valid"] == 3, preview
    assert api.get("/api/v1/projects").status_code == 200
    browser.__exit__(None, None, None)
    api.close()


def test_rows_beyond_the_claimed_dimension_are_read(tmp_path):
    """Some writers put a wrong <dimension> in the sheet: rows past it must not be dropped silently,
    nor rows padded to a claimed width of 16384 columns."""
    numbers = [n for n, _ in readers.rows(short_dimension(tmp_path, 300))]
    assert numbers[-1] == 399 and len([n for n in numbers if n >= 100]) == 300
    widths = {len(values) for _, values in readers.rows(_dimension(tmp_path))}
    assert max(widths) <= 14


def _dimension(tmp_path):
    path = tmp_path / "claims-everything.xlsx"
    path.write_bytes(huge_dimension(tmp_path))
    return path
