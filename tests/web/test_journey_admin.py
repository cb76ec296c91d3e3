"""An administrator adds a user and a grant in the browser (issue 16, journey 3), in Kazakh on a desktop
and in Russian on a phone, against a real server; the new user signs in and sees only their scope:
the internal fields of their region's project, not another region's, and no administration.
Screenshots of every step go to ``ORKEN_SCREENSHOTS`` (``journey-admin/``) when it is set. SQLite, Chromium."""

from __future__ import annotations


import httpx
import pytest

from tests.conftest import make_user
from tests.web.browser import Server, Shots, sample_engine
from tests.web.browser import sign_in as browser_sign_in
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
HOME, AWAY = "350000000", "550000000"  # Karaganda, Pavlodar
WIDTHS = {"kk": 1400, "ru": 390}
#: the new user's words (the notice after each step) per language
ADDED = {"kk": "Пайдаланушы қосылды.", "ru": "Пользователь добавлен."}
GRANTED = {"kk": "Рөл берілді.", "ru": "Роль назначена."}
NEEDS_SCOPE = {"kk": "Бұл рөлге аумақ керек", "ru": "Этой роли нужна область"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("journey-admin") / "orken.db")
    token = make_user(engine, "admin", "administrator", password=PASSWORD)
    with Server(engine) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})
        projects = {}
        for place, region in (("home", HOME), ("away", AWAY)):
            r = api.post("/api/v1/projects", json={
                "name": {"ru": f"Завод {place}", "kk": f"Зауыт {place}"}, "region_kato": region, "oked": "24",
                "status": "under_construction", "curator": f"Curator-{place}-x7",
                "investment_planned": {"amount": "9000000000", "currency": "KZT"}})
            assert r.status_code == 201, r.text
            projects[place] = r.json()["id"]
        yield server, projects
    engine.dispose()


def sign_in(browser, server, lang: str, user: str, password: str):
    return browser_sign_in(browser, server, lang, user, password, WIDTHS[lang])


@pytest.mark.parametrize("lang", list(WIDTHS))
def test_an_administrator_adds_a_user_and_a_grant(world, browser, lang, tmp_path):
    server, projects = world
    shot = Shots(lang, tmp_path, 'journey-admin')
    username, password = f"aliya-{lang}", f"first password {lang}"
    context, page = sign_in(browser, server, lang, "admin", PASSWORD)
    try:
        page.click("header nav a[href='/admin']")  # the header's link, there for administrators
        page.wait_for_load_state()
        assert page.url.endswith("/admin")
        shot(page, "users")
        page.fill("#u-username", username)
        page.fill("#u-name", "Әлия Сәрсенова")
        page.fill("#u-password", password)
        page.select_option("#g-role", "region_analyst")  # without its region: refused beside the field
        page.click("form[action='/admin/users'] button[type=submit]")
        page.wait_for_load_state()
        assert NEEDS_SCOPE[lang] in page.locator("#e-role").inner_text()
        assert page.input_value("#u-username") == username  # what was typed is kept
        shot(page, "needs-a-scope")
        page.fill("#u-password", password)
        page.select_option("#g-role", "")  # the account first, its role next
        page.click("form[action='/admin/users'] button[type=submit]")
        page.wait_for_load_state()
        assert ADDED[lang] in page.locator(".notice").inner_text()
        shot(page, "added")
        page.select_option("#g-role", "region_analyst")
        page.select_option("#g-region", HOME)
        page.click("form[action$='/grants'] button[type=submit]")
        page.wait_for_load_state()
        assert GRANTED[lang] in page.locator(".notice").inner_text()
        roles = page.locator("#roles + .table-wrap").inner_text()
        assert ("Қарағанды" if lang == "kk" else "Караганд") in roles
        shot(page, "granted")
    finally:
        context.close()
    context, page = sign_in(browser, server, lang, username, password)
    try:
        assert page.locator("header nav a[href='/admin']").count() == 0
        assert page.goto(f"{server.url}/admin").status == 403
        page.goto(f"{server.url}/projects/{projects['home']}")
        assert "Curator-home-x7" in page.inner_text("main")  # their region's internal fields
        shot(page, "own-region")
        page.goto(f"{server.url}/projects/{projects['away']}")
        assert "Curator-away-x7" not in page.content()  # not another region's
        shot(page, "other-region")
    finally:
        context.close()
