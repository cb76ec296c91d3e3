"""The import page: sign-in, CSRF, preview with problems by row and column in the user's language, confirm."""

from __future__ import annotations

import re
from importlib.resources import files

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from orken.db.models import Project
from orken.io.messages import WORDS
from orken.monitoring.models import Report
from tests.conftest import make_user
from tests.io.sheets import messy_projects, messy_reports

PASSWORD = "correct horse battery"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_upload_preview_confirm_in_the_users_language(app, engine, session, anon_client, tmp_path):
    assert anon_client.get("/import", follow_redirects=False).status_code == 303
    assert anon_client.post("/import", follow_redirects=False).status_code == 303
    make_user(engine, "curator", "curator", password=PASSWORD, region="350000000")
    projects = messy_projects(tmp_path / "k.xlsx").read_bytes()
    with TestClient(app, base_url="https://testserver") as browser:
        browser.post("/api/v1/auth/login", json={"username": "curator", "password": PASSWORD})
        form = browser.get("/import", params={"lang": "kk"})
        assert form.status_code == 200 and "Деректерді импорттау" in form.text and 'name="csrf_token"' in form.text
        token = _csrf(form)
        files = {"file": ("karaganda.xlsx", projects, XLSX)}
        refused = browser.post("/import", data={"entity": "projects", "csrf_token": "wrong"}, files=files)
        assert refused.status_code == 403

        preview = browser.post("/import?lang=kk", data={"entity": "projects", "csrf_token": token}, files=files)
        assert preview.status_code == 200, preview.text
        assert "Алдын ала қарау" in preview.text and "karaganda.xlsx" in preview.text
        assert "D (Регион)" in preview.text and "«Марсианская область» өңірі табылмады" in preview.text
        assert "<td>10</td>" in preview.text  # the row of the problem
        assert session.scalar(select(func.count()).select_from(Project)) == 0
        job = re.search(r'action="/import/([^/]+)/confirm', preview.text).group(1)
        assert browser.post(f"/import/{job}/confirm", data={"csrf_token": "wrong"}).status_code == 403
        done = browser.post(f"/import/{job}/confirm?lang=ru", data={"csrf_token": token})
        assert done.status_code == 200 and "Импорт выполнен" in done.text
        assert re.search(r"Создано</th><td>3<", done.text)
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(Project)) == 3

        reports = messy_reports(tmp_path / "q3.xlsx").read_bytes()
        preview = browser.post("/import?lang=en", data={"entity": "reports", "csrf_token": token},
                               files={"file": ("q3.xlsx", reports, XLSX)})
        assert "there is no project &#39;KRG-404&#39; in the registry" in preview.text
        assert "never approved" in preview.text and 'name="submit"' in preview.text
        job = re.search(r'action="/import/([^/]+)/confirm', preview.text).group(1)
        done = browser.post(f"/import/{job}/confirm?lang=en", data={"csrf_token": token, "submit": "1"})
        assert "Submitted for review</th><td>3<" in done.text
        states = set(session.scalars(select(Report.state)))
        assert states == {"submitted"}

        bad = browser.post("/import?lang=ru", data={"entity": "projects", "csrf_token": token},
                           files={"file": ("x.exe", b"MZ", "application/octet-stream")})
        assert bad.status_code == 415 and "Не удалось прочитать файл" in bad.text


def test_every_word_of_the_page_is_translated():
    template = files("orken.web").joinpath("templates", "io", "import.html").read_text("utf-8")
    used = set(re.findall(r't\("([^"]+)"\)', template))
    used |= {"Projects", "Zones", "Monitoring reports"}
    assert used <= set(WORDS), sorted(used - set(WORDS))
    assert all(kk and ru for kk, ru in WORDS.values())
