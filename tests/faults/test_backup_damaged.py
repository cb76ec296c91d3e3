"""``orken restore`` of a truncated or damaged backup fails with a clear message and leaves the
database exactly as it was; the good backup still restores."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner
from orken.auth.guard import system_session
from orken.db.models import ChangeRecord, Project
from orken.capabilities import load_models
from orken.io.backup import backup
from orken.registry import projects
from orken.registry.schemas import ProjectCreate

KEY = "a signing key of at least 32 bytes, for the tests"


def _rewrite(good, out, member: str, change):
    """A copy of the backup ``good`` with one member's bytes changed (``change`` None: left out)."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == member:
                if change is None:
                    continue
                data = change(data)
            dst.writestr(item.filename, data)
    return out


def _damaged_inside(good, out, member: str):
    """The archive's directory is intact, but the compressed bytes of ``member`` are not."""
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle:middle + 16] = bytes(16)
    out.write_bytes(bytes(data))
    return out


def _null_status(data: bytes) -> bytes:
    lines = data.decode().splitlines()
    row = json.loads(lines[-1])
    row["status"] = None  # NOT NULL: the database refuses the row
    return "\n".join([*lines[:-1], json.dumps(row, ensure_ascii=False)]).encode() + b"\n"


DAMAGES = {
    "truncated": lambda good, out: out.write_bytes(good.read_bytes()[: good.stat().st_size // 2]) and out,
    "not a zip": lambda good, out: out.write_bytes(b"PK\x03\x04 this is not a backup" * 10) and out,
    "damaged table data": lambda good, out: _damaged_inside(good, out, "tables/projects.jsonl"),
    "a table cut mid-line": lambda good, out: _rewrite(good, out, "tables/change_log.jsonl", lambda d: d[: len(d) // 2]),
    # no other table refers to the change log: only the count against the manifest can notice
    "a row missing": lambda good, out: _rewrite(good, out, "tables/change_log.jsonl", lambda d: d.split(b"\n", 1)[1]),
    "rows missing": lambda good, out: _rewrite(good, out, "tables/projects.jsonl", lambda d: d.split(b"\n", 1)[0] + b"\n"),
    "a row the database refuses": lambda good, out: _rewrite(good, out, "tables/projects.jsonl", _null_status),
    "a table missing": lambda good, out: _rewrite(good, out, "tables/projects.jsonl", None),
    "manifest damaged": lambda good, out: _rewrite(good, out, "manifest.json", lambda d: d[:40]),
}


def _fingerprint(engine) -> dict:
    with system_session(engine, "tests") as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in load_models().sorted_tables}
        rows = s.execute(select(Project.id, Project.name_ru, Project.version, Project.status).order_by(Project.id)).all()
        return {"counts": counts, "projects": [tuple(r) for r in rows],
                "last change": s.scalar(select(func.max(ChangeRecord.id)))}


@pytest.fixture
def good_backup(engine, tmp_path):
    with system_session(engine, "tests") as s:
        for i in range(30):
            projects.create(s, ProjectCreate(name={"ru": f"Завод {i}"}, region_kato="550000000"), "test")
    path = tmp_path / "good.zip"
    backup(engine, path, KEY.encode())
    with system_session(engine, "tests") as s:  # the database moves on after the backup
        projects.create(s, ProjectCreate(name={"ru": "После резервной копии"}, region_kato="550000000"), "test")
    return path


def test_damaged_backups_change_nothing(engine, good_backup, tmp_path, monkeypatch):
    from orken.cli import app

    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ORKEN_BACKUP_KEY", KEY)
    before = _fingerprint(engine)
    for name, damage in DAMAGES.items():
        bad = damage(good_backup, tmp_path / f"{name.replace(' ', '-')}.zip")
        done = CliRunner().invoke(app, ["restore", str(bad), "--yes"])
        assert done.exit_code == 1 and isinstance(done.exception, SystemExit), (name, done.output, done.exception)
        output = " ".join(done.output.split())
        assert "error:" in output and ("damaged" in output or "not an Orken backup" in output), (name, output)
        assert "Traceback" not in output
        assert _fingerprint(engine) == before, f"{name}: the database changed"

    done = CliRunner().invoke(app, ["restore", str(good_backup), "--yes"])
    assert done.exit_code == 0, done.output
    after = _fingerprint(engine)
    assert len(after["projects"]) == 30 and after != before
