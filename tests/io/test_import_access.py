"""The import's preview, job and errors tell each user what concerns them, and nothing of the server.

Found by an outside attack: the preview reported rows valid that confirming then refused for
scope; ``GET /api/v1/import/jobs/{token}`` answered without sign-in; import errors named the
server's temporary file.
"""

from __future__ import annotations

import re

from tests.io.sheets import messy_projects


def test_the_preview_refuses_what_confirming_refuses(client_for, tmp_path):
    other = client_for("region_analyst", region="550000000")  # Pavlodar; the sheet is of Karaganda
    data = messy_projects(tmp_path / "k.xlsx").read_bytes()
    r = other.post("/api/v1/import/projects?lang=en", files={"file": ("k.xlsx", data)})
    assert r.status_code == 201, r.text
    preview = r.json()["preview"]
    assert preview["valid"] == 0 and preview["rejected"] == 6, preview
    reasons = " ".join(p["message"] for p in preview["problems"])
    assert "may not change" in reasons, reasons
    confirmed = other.post(f"/api/v1/import/jobs/{r.json()['token']}/confirm").json()["report"]
    assert confirmed["rejected"] == preview["rejected"] and confirmed["created"] == 0
    # and for one who may, the preview counts as valid what confirming then writes
    local = client_for("region_analyst", region="350000000")
    r = local.post("/api/v1/import/projects", files={"file": ("k.xlsx", data)})
    assert r.json()["preview"]["valid"] == 3 and r.json()["preview"]["created"] == 3  # the dry run counts what confirming does
    assert local.post(f"/api/v1/import/jobs/{r.json()['token']}/confirm").json()["report"]["created"] == 3


def test_a_job_is_seen_by_its_uploader_and_administrators_only(client, client_for, anon_client, tmp_path):
    owner = client_for("region_analyst", region="350000000")
    data = messy_projects(tmp_path / "k.xlsx").read_bytes()
    token = owner.post("/api/v1/import/projects", files={"file": ("k.xlsx", data)}).json()["token"]
    assert anon_client.get(f"/api/v1/import/jobs/{token}").status_code == 401
    assert client_for("region_analyst", region="350000000").get(f"/api/v1/import/jobs/{token}").status_code == 404
    assert owner.get(f"/api/v1/import/jobs/{token}").json()["status"] == "preview"
    assert client.get(f"/api/v1/import/jobs/{token}").status_code == 200


def test_import_errors_name_the_users_file_not_the_servers(client):
    for name, content in (("пустой.csv", b""), ("сломанный.xlsx", b"PK\x03\x04 not really a zip")):
        r = client.post("/api/v1/import/projects", files={"file": (name, content)})
        assert r.status_code == 422, r.text
        detail = r.json()["detail"]
        assert name in detail, detail
        assert not re.search(r"/tmp|tmp[a-z0-9_]{6}|orken-import-", detail), detail
