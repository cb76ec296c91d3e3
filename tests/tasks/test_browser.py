"""Quiet projects in the browser (issue 19), Kazakh and Russian, against a real server: the curator
signs in, finds the task in the inbox, presses "status still current" and the task is gone; the map
draws the status-uncertain ring with its legend entry, the project page says since when. Screenshots
at 1400 and 390 px go to ``ORKEN_SCREENSHOTS`` (e.g. /tmp/shots-quiet) when it is set. SQLite, Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from orken.auth.guard import system_session
from orken.tasks import service
from tests.conftest import make_user
from tests.tasks.conftest import KAR, months_ago
from tests.web.browser import Server, sample_engine
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
LANGS = ("kk", "ru")
WIDTHS = (1400, 390)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("quiet") / "orken.db")
    admin = make_user(engine, "admin", "administrator")
    with Server(engine) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin}"})
        projects = {}
        for lang in LANGS:
            r = api.post("/api/v1/projects", json={
                "name": {"ru": f"Тихий завод {lang}", "kk": f"Тыныш зауыт {lang}"}, "region_kato": KAR, "oked": "24",
                "status": "under_construction", "lat": 49.9 if lang == "kk" else 50.2, "lon": 73.2})
            assert r.status_code == 201, r.text
            projects[lang] = r.json()["id"]
            make_user(engine, f"curator-{lang}", "curator", password=PASSWORD, project_id=projects[lang])
        # every project of the Karaganda region not launched has been quiet for 13 months
        with engine.begin() as conn:
            conn.execute(text("UPDATE projects SET created_at = :t, updated_at = :t WHERE region_kato = :r"),
                         {"t": months_ago(13), "r": KAR})
            conn.execute(text("UPDATE change_log SET time = :t WHERE object_type = 'project'"), {"t": months_ago(13)})
        with system_session(engine, "tests") as s:
            assert len(service.sweep(s).opened) >= 2
        yield server, projects
    engine.dispose()


def shoot(page, name: str) -> None:
    folder = os.environ.get("ORKEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{name}: the page is {wide[0]} px wide in a {wide[1]} px window"


@pytest.mark.parametrize("lang", LANGS)
def test_curator_confirms_in_the_inbox(world, browser, lang):
    server, projects = world
    pid = projects[lang]
    words = {"kk": ("Растауды күтетін мәртебелер", "Мәртебе әлі өзекті", "Рақмет"),
             "ru": ("Статусы на подтверждение", "Статус актуален", "Спасибо")}[lang]
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{lang}-KZ")
        page = context.new_page()
        page.goto(f"{server.url}/projects/{pid}?lang={lang}")
        assert page.locator("#status-unconfirmed").is_visible()
        shoot(page, f"project-{lang}-{width}")
        page.goto(f"{server.url}/?lang={lang}")
        page.wait_for_function("() => Number(document.getElementById('map').dataset.clusters || 0) > 0",
                               timeout=20000)
        legend = page.locator(".legend-uncertain")
        assert legend.count() == 1 and (legend.is_visible() or width < 600)  # a phone folds the legend
        assert page.locator(".cluster-uncertain, path.marker-uncertain").count() > 0
        shoot(page, f"map-{lang}-{width}")
        context.close()
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale=f"{lang}-KZ")
    page = context.new_page()
    page.goto(f"{server.url}/auth/login?lang={lang}")
    page.fill("input[name=username]", f"curator-{lang}")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server.url}/monitoring/inbox?lang={lang}")
        assert page.locator("#tasks").inner_text().startswith(words[0])
        row = page.locator("tr.task")
        assert row.count() == 1 and (f"зауыт {lang}" in row.inner_text() or f"завод {lang}" in row.inner_text())
        shoot(page, f"inbox-{lang}-{width}")
    page.click(f"tr.task form[action$='/confirm'] button:has-text('{words[1]}')")
    page.wait_for_load_state()
    assert words[2] in page.locator("p.notice").inner_text() and page.locator("tr.task").count() == 0
    shoot(page, f"inbox-confirmed-{lang}-{WIDTHS[1]}")
    page.goto(f"{server.url}/projects/{pid}?lang={lang}")
    assert page.locator("#status-unconfirmed").count() == 0
    context.close()
