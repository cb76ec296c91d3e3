"""Editing in the browser (issue 16), in Kazakh and Russian, on a desktop and a phone, against a real
server: an analyst creates a project with a phase and an investor, edits it, meets a stale-version
conflict made meanwhile from a second browser context, reapplies the change onto the current version
and reads the project's history. No page is wider than the window. Screenshots of every step go to
``ORKEN_SCREENSHOTS`` (``objects/``) when it is set. SQLite, Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_user
from tests.web.browser import Server, sample_engine
from tests.web.test_browser import pytestmark as browser_marks
from tests.web.browser import no_overflow

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
KAR = "350000000"
WORDS = {"kk": {"conflict": "Осы уақытта не өзгерді", "saved": "Сақталды.", "history": "Тарихы"},
         "ru": {"conflict": "Что изменилось тем временем", "saved": "Сохранено.", "history": "История"}}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("objects") / "orken.db")
    admin = make_user(engine, "admin", "administrator")
    make_user(engine, "analyst", "centre_analyst", password=PASSWORD)
    make_user(engine, "colleague", "centre_analyst", password=PASSWORD)
    with Server(engine) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin}"})
        org = api.post("/api/v1/organisations", json={"name": {"ru": "ТОО «Балқаш Инвест»", "kk": "«Балқаш Инвест» ЖШС"},
                                                      "kind": "investor"})
        assert org.status_code == 201, org.text
        yield server, api, org.json()["id"]
    engine.dispose()


def sign_in(browser, server, lang: str, user: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{lang}-KZ")
    page = context.new_page()
    page.goto(f"{server.url}/auth/login?lang={lang}")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    return context, page


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_create_edit_conflict_reapply_history(world, browser, lang, width, tmp_path):
    server, api, org = world
    words = WORDS[lang]
    out = Path(os.environ.get("ORKEN_SCREENSHOTS") or tmp_path) / "objects"
    out.mkdir(parents=True, exist_ok=True)
    n = [0]

    def shoot(page, name):
        n[0] += 1
        page.screenshot(path=str(out / f"{lang}-{width}-{n[0]:02d}-{name}.png"), full_page=True)
        no_overflow(page, name)

    ctx, page = sign_in(browser, server, lang, "analyst", width)
    # 1. a new project from the projects list, with a phase and an investor
    page.goto(f"{server.url}/projects")
    page.click("#new")
    assert page.url.endswith("/projects/new")
    shoot(page, "new")
    name = f"Ферроқорытпа зауыты {lang} {width}" if lang == "kk" else f"Завод ферросплавов {lang} {width}"
    page.fill("input[name='name.kk']" if lang == "kk" else "input[name='name.ru']", name)
    page.select_option("select[name=region_kato]", KAR)
    page.fill("input[name='investment_planned.amount']", "12 500 000 000")
    page.fill("input[name='phases.0.seq']", "1")
    page.fill("input[name='phases.0.name.ru']", "Первая очередь")
    page.select_option("select[name='phases.0.status']", "planned")
    page.select_option("select[name='organisations.0.organisation_id']", str(org))
    page.select_option("select[name='organisations.0.role']", "investor")
    page.fill("input[name=_message]", "жаңа жоба" if lang == "kk" else "новый проект")
    page.click("#save")
    found = re.search(r"/projects/(\d+)\?saved=1$", page.url)
    assert found, page.url
    pid = int(found.group(1))
    assert words["saved"] in page.locator("main").inner_text()
    assert "Балқаш Инвест" in page.locator("main").inner_text()
    shoot(page, "created")

    # 2. an edit
    page.click("#edit")
    page.fill("input[name=jobs_permanent_planned]", "350")
    shoot(page, "edit")
    page.click("#save")
    assert page.url.endswith(f"/projects/{pid}?saved=1")

    # 3. a stale edit: a colleague changes the name meanwhile, from another browser context
    page.click("#edit")
    page.fill("input[name=jobs_construction_planned]", "1200")
    other_ctx, other = sign_in(browser, server, lang, "colleague", width)
    other.goto(f"{server.url}/projects/{pid}/edit")
    renamed = name + " (2)"
    other.fill("input[name='name.kk']" if lang == "kk" else "input[name='name.ru']", renamed)
    other.click("#save")
    assert other.url.endswith("?saved=1")
    other_ctx.close()
    page.click("#save")
    conflict = page.locator("#conflict")
    assert words["conflict"] in conflict.inner_text() and renamed in conflict.inner_text()
    assert page.locator("input[name=jobs_construction_planned]").input_value() == "1200"  # my change is kept
    shoot(page, "conflict")
    page.click("#save")  # reapplied onto the current version
    assert page.url.endswith(f"/projects/{pid}?saved=1")
    project = api.get(f"/api/v1/projects/{pid}").json()
    assert project["jobs_construction_planned"] == 1200 and project["jobs_permanent_planned"] == 350
    assert renamed in project["name"].values() and project["version"] == 4
    assert project["organisations"][0]["organisation_id"] == org and project["phases"][0]["seq"] == 1

    # 4. its history: who changed what, before and after, with the messages
    page.click("#history")
    text = page.locator("main").inner_text()
    assert words["history"] in page.locator("h1").inner_text()
    assert ("жаңа жоба" if lang == "kk" else "новый проект") in text
    assert "colleague" in text and "analyst" in text and "1200" in text.replace("\u00a0", "").replace(" ", "")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no codes
    shoot(page, "history")
    ctx.close()
