"""The disk full during ``orken import``: a clear message (in the chosen language), a non-zero exit
code, the database unchanged and intact, no half-written rejected-rows file; once there is room
again the database takes the next import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from orken.db.engine import make_engine

from orken.auth.guard import system_session
from orken.db.models import ChangeRecord, Project
from orken.io.models import ImportJob
from tests.faults import checks
from tests.faults.disk import settle, small_disk
from tests.faults.server import prepare

HEADER = "ID;Наименование;Регион;Инвестиции, млн тенге;Статус;Примечание\n"
NOTE = "Примечание к проекту, длинное. " * 30  # about 1.7 KB in UTF-8: rows fill a disk quickly


def _sheet(path, rows: int, region: str = "Павлодарская область", bad_first: int = 0) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(rows):
            where = "Марсианская область" if i < bad_first else region
            f.write(f"DF-{i};Завод {i};{where};{i},5;строительство;{NOTE}\n")


def _state(engine) -> tuple:
    with system_session(engine, "tests") as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Project, ChangeRecord, ImportJob))


def _database(folder: Path) -> Path:
    db = folder / "orken.db"
    engine = make_engine(f"sqlite:///{db}")
    prepare(engine)
    engine.dispose()
    settle(db)
    return db


@pytest.mark.parametrize("full", ["database", "rejected rows"])
def test_disk_full_during_import(full, tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db, sheet = _database(tmp_path), tmp_path / "projects.csv"
        if full == "database":
            _sheet(sheet, 700, bad_first=3)  # a few rejected rows first: their file is begun
            disk.place([db], 1024 * 1024, database=db)  # a megabyte free: far less than the rows need
            db = disk.root / db.name
        else:
            _sheet(sheet, 600, bad_first=600)  # every row rejected: the rejected-rows file fills the disk
            disk.place([sheet], 512 * 1024)
            sheet = disk.root / sheet.name
        engine = make_engine(f"sqlite:///{db}")
        before = _state(engine)
        env = {"ORKEN_DATABASE_URL": f"sqlite:///{db}"}

        done = disk.orken("import", "projects", str(sheet), "--lang", "ru", env=env,
                          file_limit=sheet.stat().st_size)

        assert done.returncode == 1, (done.returncode, done.stdout[-2000:], done.stderr[-3000:])
        assert "диск заполнен" in done.stderr and "ничего не импортировано" in done.stderr, done.stderr[-3000:]
        assert "Traceback" not in done.stderr + done.stdout
        assert not sheet.with_name("projects.rejected.csv").exists(), "a half-written rejected-rows file is left"
        checks.file_intact(engine)
        assert _state(engine) == before  # one transaction: nothing of it is left

        disk.grow(64 * 1024 * 1024)  # room again: the same database takes an import
        small = tmp_path / "small.csv"
        _sheet(small, 3)
        again = disk.orken("import", "projects", str(small), env=env)
        assert again.returncode == 0, again.stderr[-3000:]
        assert _state(engine)[0] == before[0] + 3, again.stdout[-2000:]
        checks.file_intact(engine)
        engine.dispose()


def test_disk_full_through_the_import_api(tmp_path):
    """The same through the API: confirming answers 507 problem+json, not a traceback; the upload
    stays unconfirmed and the registry unchanged; with room again the same app imports it."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from orken.web.app import create_app
    from tests.conftest import make_user

    with small_disk(tmp_path / "disk") as disk:
        db = _database(tmp_path)
        token = make_user(make_engine(f"sqlite:///{db}"), "analyst", "region_analyst", region="550000000")
        settle(db)
        sheet = tmp_path / "projects.csv"
        _sheet(sheet, 200)  # about 360 KB: kept for confirmation, but its rows need more than the room
        disk.place([db], 1024 * 1024, database=db)
        engine = make_engine(f"sqlite:///{disk.root / db.name}")

        @event.listens_for(engine, "connect")
        def _limit(conn, _record):
            if disk.max_pages is not None:
                conn.execute(f"PRAGMA max_page_count = {disk.max_pages}")

        before = _state(engine)
        with TestClient(create_app(engine), headers={"Authorization": f"Bearer {token}"}) as api:
            up = api.post("/api/v1/import/projects?lang=kk", files={"file": ("projects.csv", sheet.read_bytes())})
            assert up.status_code == 201, up.text
            job = up.json()["token"]
            done = api.post(f"/api/v1/import/jobs/{job}/confirm?lang=kk")
            assert done.status_code == 507 and done.headers["content-type"] == "application/problem+json", done.text
            assert "Traceback" not in done.text and "sqlite" not in done.text.lower() and "диск толы" in done.text
            assert api.get(f"/api/v1/import/jobs/{job}").json()["status"] == "preview"
            assert _state(engine)[:2] == before[:2]
            checks.file_intact(engine)

            disk.grow(64 * 1024 * 1024)
            engine.dispose()  # new connections: without the page limit of the fallback
            done = api.post(f"/api/v1/import/jobs/{job}/confirm?lang=kk")
            assert done.status_code == 200 and done.json()["report"]["created"] == 200, done.text
        checks.file_intact(engine)
        engine.dispose()
