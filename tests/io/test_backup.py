"""Backup and restore: SQLite -> PostgreSQL -> SQLite loses nothing."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select

from orken.db import migrate
from orken.auth.guard import system_session
from orken.db.models import ChangeRecord, Project
from orken.io.backup import BackupError, backup, restore

KEY = b"k" * 32  # the operator's signing key of these tests
from orken.io.importer import run_import
from orken.reference.loader import load_reference
from orken.registry import projects
from orken.registry.schemas import ProjectCreate, ProjectUpdate
from orken.sample import loader
from tests.conftest import fresh_database
from tests.io.sheets import messy_projects


def content(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("tables/")]
        return {n: sorted(zf.read(n).decode().splitlines()) for n in names}


def test_round_trip_sqlite_postgresql_sqlite(tmp_path, tmp_path_factory, request):
    pg_url = lambda: request.getfixturevalue("postgres_url")  # noqa: E731
    source = fresh_database("sqlite", tmp_path_factory, pg_url)
    migrate.upgrade(source)
    with system_session(source, "tests") as s:
        load_reference(s)
        loaded = loader.load(s)["projects"]
        p = projects.create(s, ProjectCreate(
            name={"kk": "Тест", "ru": "Тест"}, region_kato="550000000", status="planned",
            investment_planned={"amount": "123456789012.34", "currency": "USD", "date": "2001-02-03"}), "t")
        projects.update(s, p.id, ProjectUpdate(status="under_construction", note="ё «кавычки» \n строка"), "t")
    run_import(source, "projects", messy_projects(tmp_path / "p.xlsx"))

    first = tmp_path / "one.zip"
    manifest = backup(source, first, KEY)
    assert manifest["tables"]["projects"] == loaded + 1 + 3 and manifest["tables"]["admin_units"] > 200

    pg = fresh_database("postgresql", tmp_path_factory, pg_url)
    restore(pg, first, KEY)
    second = tmp_path / "two.zip"
    backup(pg, second, KEY)
    assert content(first) == content(second)
    with system_session(pg, "tests") as s:  # the restored database works: ids continue after the highest
        new = projects.create(s, ProjectCreate(name={"ru": "Новый"}, region_kato="550000000"), "t")
        assert new.id == loaded + 5 and s.scalar(select(func.count()).select_from(ChangeRecord)) > loaded + 4

    back = fresh_database("sqlite", tmp_path_factory, pg_url)
    restore(back, second, KEY)
    third = tmp_path / "three.zip"
    backup(back, third, KEY)
    assert content(third) == content(first)
    with system_session(back, "tests") as s:
        restored = s.get(Project, p.id)
        assert restored.investment_planned == p.investment_planned and restored.note.startswith("ё «кавычки»")
    for engine in (source, pg, back):
        engine.dispose()


def test_restore_refuses_a_foreign_file_and_leaves_the_database(engine, tmp_path, session):
    projects.create(session, ProjectCreate(name={"ru": "Останется"}, region_kato="550000000"), "t")
    session.commit()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BackupError):
        restore(engine, bad, KEY)
    good = tmp_path / "good.zip"
    backup(engine, good, KEY)
    with zipfile.ZipFile(good) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        files = {n: zf.read(n) for n in zf.namelist()}
    manifest["tables"]["martian_table"] = 1
    files["manifest.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    with pytest.raises(BackupError, match="signature does not match"):
        restore(engine, forged, KEY)
    unsigned = tmp_path / "unsigned.zip"
    with zipfile.ZipFile(unsigned, "w") as zf:
        for n, data in files.items():
            if n != "manifest.sig":
                zf.writestr(n, data)
    with pytest.raises(BackupError, match="martian_table"):  # even unsigned, an unknown table is refused
        restore(engine, unsigned, insecure_unsigned=True)
    assert session.scalar(select(func.count()).select_from(Project)) == 1
