"""Signed backups without credentials by default (both engines).

A backup is signed with the operator's key (HMAC-SHA256 over a manifest that lists every file's
SHA-256); restore checks it before it writes anything, so a tampered backup (a planted
administrator, a replaced password hash) is refused with nothing written. Unsigned backups are
refused unless the operator says --insecure-unsigned. By default no password hash, session, CSRF
token or API token hash is in a backup; --with-credentials includes them and restores them.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select
from typer.testing import CliRunner

from orken.auth.models import ApiToken, SignInSession, User
from orken.cli import app as cli
from orken.auth.guard import system_session
from orken.db.models import Project
from orken.io.backup import BackupError, backup, restore
from orken.registry import projects
from orken.registry.schemas import ProjectCreate
from tests.conftest import fresh_database, make_user

KEY = b"0123456789abcdef0123456789abcdef-operator"
PASSWORD = "correct horse battery"


@pytest.fixture
def site(engine, app):
    """Data, an administrator with a password and a token, and a signed-in session."""
    with system_session(engine, "tests") as s:
        projects.create(s, ProjectCreate(name={"ru": "Завод"}, region_kato="550000000"), "t")
    token = make_user(engine, "boss", "administrator", password=PASSWORD)
    with TestClient(app) as c:
        assert c.post("/api/v1/auth/login", json={"username": "boss", "password": PASSWORD}).status_code == 200
    return token


@pytest.fixture
def target(engine, tmp_path_factory, request):
    """An empty database of the same engine (nothing migrated yet)."""
    fresh = fresh_database(engine.dialect.name, tmp_path_factory, lambda: request.getfixturevalue("postgres_url"))
    yield fresh
    fresh.dispose()


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    return path


def _plant_administrator(members: dict[str, bytes], fix_hashes: bool) -> dict[str, bytes]:
    """The attack: an extra administrator with a planted password hash, counts (and hashes) adjusted."""
    members = dict(members)
    users = members["tables/auth_users.jsonl"].decode().splitlines()
    row = json.loads(users[0])
    row.update(id=999, username="mallory", password_hash="$argon2id$v=19$m=65536,t=3,p=4$planted")
    members["tables/auth_users.jsonl"] = ("\n".join([*users, json.dumps(row)]) + "\n").encode()
    grants = members["tables/auth_grants.jsonl"].decode().splitlines()
    g = json.loads(grants[0])
    g.update(id=999, user_id=999, role="administrator")
    members["tables/auth_grants.jsonl"] = ("\n".join([*grants, json.dumps(g)]) + "\n").encode()
    manifest = json.loads(members["manifest.json"])
    manifest["tables"]["auth_users"] += 1
    manifest["tables"]["auth_grants"] += 1
    if fix_hashes:
        for name in ("tables/auth_users.jsonl", "tables/auth_grants.jsonl"):
            manifest["files"][name] = hashlib.sha256(members[name]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    return members


@pytest.mark.parametrize("fix_hashes", [False, True])
def test_a_tampered_backup_is_refused_and_nothing_is_written(engine, site, target, tmp_path, fix_hashes):
    good = tmp_path / "good.zip"
    backup(engine, good, KEY)
    forged = _write(tmp_path / "forged.zip", _plant_administrator(_members(good), fix_hashes))
    with pytest.raises(BackupError, match="altered"):
        restore(target, forged, KEY)
    assert inspect(target).get_table_names() == []  # not even migrated
    with pytest.raises(BackupError, match="altered"):
        restore(engine, forged, KEY)
    with system_session(engine, "tests") as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
        assert s.scalar(select(func.count()).select_from(Project)) == 1
    # the signature is made with the key: without it, or with another, the good backup is refused too
    with pytest.raises(BackupError, match="no backup key"):
        restore(target, good)
    with pytest.raises(BackupError, match="signature does not match"):
        restore(target, good, b"another key, also 32 bytes or longer")
    assert inspect(target).get_table_names() == []
    restore(target, good, KEY)
    with system_session(target, "tests") as s:
        assert s.scalar(select(func.count()).select_from(Project)) == 1


def test_unsigned_backups_only_with_insecure_unsigned(engine, site, target, tmp_path):
    with pytest.raises(BackupError, match="no backup key"):
        backup(engine, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
    plain = tmp_path / "plain.zip"
    manifest = backup(engine, plain, insecure_unsigned=True)
    assert manifest["signed"] is False and "manifest.sig" not in _members(plain)
    for key in (None, KEY):
        with pytest.raises(BackupError, match="not signed"):
            restore(target, plain, key)
    assert inspect(target).get_table_names() == []
    # stripping the signature off a signed backup does not help either
    signed = tmp_path / "signed.zip"
    backup(engine, signed, KEY)
    stripped = _write(tmp_path / "stripped.zip", {k: v for k, v in _members(signed).items() if k != "manifest.sig"})
    with pytest.raises(BackupError, match="not signed"):
        restore(target, stripped, KEY)
    restore(target, plain, insecure_unsigned=True)
    with system_session(target, "tests") as s:
        assert s.scalar(select(func.count()).select_from(Project)) == 1


def test_a_backup_has_no_credentials_by_default(engine, site, target, tmp_path, app):
    with system_session(engine, "tests") as s:
        secrets = [h for (h,) in s.execute(select(User.password_hash))] + \
                  [h for (h,) in s.execute(select(ApiToken.token_hash))] + \
                  [v for row in s.execute(select(SignInSession.key_hash, SignInSession.csrf)) for v in row]
    assert len(secrets) == 4
    path = tmp_path / "plain.zip"
    manifest = backup(engine, path, KEY)
    assert manifest["credentials"] is False
    everything = b"".join(_members(path).values()).decode()
    assert not [x for x in secrets if x in everything] and "$argon2" not in everything
    assert not {"auth_sessions", "auth_tokens", "auth_login_attempts"} & set(manifest["tables"])
    restore(target, path, KEY, with_credentials=False)
    with system_session(target, "tests") as s:
        boss = s.scalar(select(User).where(User.username == "boss"))
        assert boss.password_hash is None and [g.role for g in boss.grants] == ["administrator"]
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 0
    with pytest.raises(BackupError, match="without credentials"):
        restore(target, path, KEY, with_credentials=True)


def test_credentials_only_with_the_flag_and_still_signed(engine, site, target, tmp_path):
    from orken.web.app import create_app

    full = tmp_path / "full.zip"
    assert backup(engine, full, KEY, with_credentials=True)["credentials"] is True
    assert "$argon2" in b"".join(_members(full).values()).decode()
    forged = _write(tmp_path / "forged.zip", _plant_administrator(_members(full), True))
    with pytest.raises(BackupError, match="altered"):
        restore(target, forged, KEY, with_credentials=True)
    restore(target, full, KEY)  # without the flag: the credentials in the file stay out
    with system_session(target, "tests") as s:
        assert s.scalar(select(User.password_hash)) is None
        assert s.scalar(select(func.count()).select_from(ApiToken)) == 0
    restore(target, full, KEY, with_credentials=True)
    with TestClient(create_app(target), headers={"Authorization": f"Bearer {site}"}) as c:
        assert c.get("/api/v1/auth/me").json()["username"] == "boss"
        assert c.post("/api/v1/auth/login", json={"username": "boss", "password": PASSWORD}).status_code == 200


def test_the_cli_signs_and_refuses(engine, site, tmp_path, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.delenv("ORKEN_BACKUP_KEY", raising=False)
    run = CliRunner().invoke
    path = tmp_path / "b.zip"
    r = run(cli, ["backup", str(path)])
    assert r.exit_code == 1 and "no backup key" in r.output and not path.exists()
    key_file = tmp_path / "backup.key"
    key_file.write_bytes(KEY + b"\n")
    r = run(cli, ["backup", str(path), "--key-file", str(key_file)])
    assert r.exit_code == 0 and "no credentials" in " ".join(r.output.split()), r.output
    forged = _write(tmp_path / "forged.zip", _plant_administrator(_members(path), True))
    r = run(cli, ["restore", str(forged), "--yes", "--key-file", str(key_file)])
    assert r.exit_code == 1 and "altered" in r.output
    monkeypatch.setenv("ORKEN_BACKUP_KEY", KEY.decode())
    r = run(cli, ["restore", str(path), "--yes"])
    assert r.exit_code == 0, r.output
    assert re.search(r"1 user\(s\) have no password now.*orken users password", " ".join(r.output.split()))
    short = tmp_path / "short.key"
    short.write_text("too short")
    assert "too short" in run(cli, ["backup", str(path), "--key-file", str(short)]).output
