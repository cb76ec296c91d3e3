"""Size limits (both engines): request bodies, strings and lists in the input schemas, every part of an
uploaded zip container, and who may upload at all.

Before: a 113 MB JSON body with 100k sources was accepted, a 60 MB ``note`` was accepted, an XLSX whose
shared-strings part unpacked to 167 MiB (17.5 MiB uploaded) passed the zip-bomb check and cost two
minutes and ~1 GB, and any signed-in user, even one without grants, could upload.
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from orken.io import readers
from orken.web.errors import PROBLEM

PROJECT = {"name": {"ru": "Завод"}, "region_kato": "350000000", "status": "planned"}


def _too_large(r):
    assert r.status_code == 413, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith(PROBLEM)


def test_request_body_beyond_the_limit_is_413(client, monkeypatch):
    big = {**PROJECT, "note": "x" * (3 * 1024 * 1024)}
    _too_large(client.post("/api/v1/projects", json=big))

    def chunks():  # no Content-Length: the limit counts what arrives
        yield b'{"name": {"ru": "x"}, "note": "'
        for _ in range(40):
            yield b"y" * (128 * 1024)
        yield b'"}'

    _too_large(client.post("/api/v1/projects", content=chunks(), headers={"content-type": "application/json"}))
    assert client.get("/api/v1/projects").json()["total"] == 0


def test_body_limit_is_configurable(engine, monkeypatch):
    from fastapi.testclient import TestClient

    from orken.web.app import create_app
    from tests.conftest import make_user

    monkeypatch.setenv("ORKEN_MAX_BODY_BYTES", "1000")
    token = make_user(engine, "small-admin", "administrator")
    with TestClient(create_app(engine), headers={"Authorization": f"Bearer {token}"}) as c:
        _too_large(c.post("/api/v1/projects", json={**PROJECT, "note": "x" * 2000}))
        assert c.post("/api/v1/projects", json=PROJECT).status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"note": "x" * 100_001}, "note"),
    ({"description": {"ru": "x" * 100_001}}, "description.ru"),
    ({"curator": "x" * 100_001}, "curator"),
    ({"sources": [{"title": "s", "url": f"https://example.org/{i}"} for i in range(1001)]}, "sources"),
    ({"programmes": ["x"] * 501}, "programmes"),
    ({"support": [{"kind": "subsidy"}] * 1001}, "support"),
])
def test_strings_and_lists_are_bounded(client, body, field):
    r = client.post("/api/v1/projects", json={**PROJECT, **body})
    assert r.status_code == 422, r.text[:300]
    assert any(e["field"].startswith(field) for e in r.json()["errors"]), r.json()["errors"][:3]


def test_other_inputs_are_bounded(client):
    r = client.post("/api/v1/zones", json={"name": {"ru": "Зона"}, "kind": "sez", "region_kato": "350000000",
                                           "description": "x" * 100_001})
    assert r.status_code == 422
    r = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО"}, "kind": "investor",
                                                   "sources": [{"title": "t"}] * 1001})
    assert r.status_code == 422
    r = client.post("/api/v1/portfolios", json={"name": {"ru": "П"}, "projects": list(range(1, 20_002))})
    assert r.status_code in (404, 405, 422), r.status_code


def _xlsx_with_part(part: str, size: int) -> bytes:
    """A workbook whose ``part`` unpacks to ``size`` bytes of hardly compressible text (a ratio of ~2,
    which passes any ratio check)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, os.urandom(size // 2).hex())
    return buf.getvalue()


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "content.xml"])
def test_every_zip_part_is_bounded_before_parsing(tmp_path, monkeypatch, part):
    monkeypatch.setattr(readers, "MAX_PART", 1024 * 1024)
    monkeypatch.setattr(readers, "MAX_SHARED_STRINGS", 512 * 1024)
    for suffix in (".xlsx", ".ods", ".xls"):  # a zip named .xls is checked as well
        path = tmp_path / f"bomb{suffix}"
        path.write_bytes(_xlsx_with_part(part, 2 * 1024 * 1024))
        with pytest.raises(readers.FileError) as err:
            list(readers.rows(path))
        assert err.value.key == "file_bomb"


def test_default_part_limits_refuse_the_reported_workbook():
    """167 MiB of shared strings (the attack) is far beyond the default; real sheets are a few MiB."""
    assert readers.MAX_SHARED_STRINGS <= 64 * 1024 * 1024 and readers.MAX_PART <= 256 * 1024 * 1024
    assert readers.MAX_UNPACKED <= 512 * 1024 * 1024


def test_upload_refused_through_the_api(client, monkeypatch):
    monkeypatch.setattr(readers, "MAX_PART", 1024 * 1024)
    data = _xlsx_with_part("xl/sharedStrings.xml", 2 * 1024 * 1024)
    r = client.post("/api/v1/import/projects", files={"file": ("p.xlsx", data)})
    assert r.status_code == 422, r.text[:300]


def test_upload_needs_a_role_that_imports(client, client_for, engine, app):
    from fastapi.testclient import TestClient

    from tests.conftest import make_user

    token = make_user(engine, "nobody-special")  # signed in, no grants
    csv = "name,region,status\nЗавод,350000000,planned\n".encode()
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as c:
        r = c.post("/api/v1/import/projects", files={"file": ("p.csv", csv)})
        assert r.status_code == 403, r.text[:300]
    org = client.post("/api/v1/organisations", json={"name": {"ru": "ТОО"}, "kind": "investor"}).json()["id"]
    investor = client_for("investor", organisation_id=org)
    assert investor.post("/api/v1/import/projects", files={"file": ("p.csv", csv)}).status_code == 403
    curator = client_for("curator", region="350000000")
    assert curator.post("/api/v1/import/projects", files={"file": ("p.csv", csv)}).status_code == 201
