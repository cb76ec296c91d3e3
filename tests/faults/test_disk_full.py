"""The disk full during ``orken import``: a clear message (in the chosen language), a non-zero exit
code, the database unchanged and intact, no half-written rejected-rows file; once there is room
again the database takes the next import."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from orken.db.engine import make_engine, session_scope
from orken.db.models import ChangeRecord, Project
from orken.io.models import ImportJob
from tests.faults import checks
from tests.faults.disk import small_disk
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
    with session_scope(engine) as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Project, ChangeRecord, ImportJob))


@pytest.mark.parametrize("full", ["database", "rejected rows"])
def test_disk_full_during_import(full, tmp_path):
    with small_disk(tmp_path / "disk", 3 * 1024 * 1024) as disk:
        if full == "database":
            db, sheet = disk.root / "orken.db", tmp_path / "projects.csv"
            _sheet(sheet, 1500, bad_first=3)  # a few rejected rows first: their file is begun
        else:
            db, sheet = tmp_path / "orken.db", disk.root / "projects.csv"
            _sheet(sheet, 1100, bad_first=1100)  # every row rejected: the rejected-rows file fills the disk
        engine = make_engine(f"sqlite:///{db}")
        prepare(engine)
        engine.dispose()
        disk.limit_database(db, 1024 * 1024)
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
        assert _state(engine)[0] == before[0] + 3
        checks.file_intact(engine)
        engine.dispose()
