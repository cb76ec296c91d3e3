"""The monitoring workflow in the browser (issue 16), in Kazakh and Russian, against a real server:
a curator files a report, the region's analyst returns it with a comment, the curator corrects and
resubmits, the analyst approves, and the project page and plan-vs-fact show the approved fact.
Screenshots of every step go to ``ORKEN_SCREENSHOTS`` when it is set. SQLite, Chromium."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest

from tests.conftest import make_user
from tests.web.browser import Server, Shots, sample_engine
from tests.web.browser import sign_in as browser_sign_in
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
KAR = "350000000"
WIDTHS = {"kk": 1400, "ru": 390}  # one journey on a desktop, the other on a phone; both languages


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("journey") / "orken.db")
    admin = make_user(engine, "admin", "administrator")
    make_user(engine, "curator", "curator", password=PASSWORD, region=KAR)
    make_user(engine, "analyst", "region_analyst", password=PASSWORD, region=KAR)
    with Server(engine) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin}"})
        projects = {}
        for lang in WIDTHS:
            r = api.post("/api/v1/projects", json={
                "name": {"ru": f"Завод мониторинга {lang}", "kk": f"Мониторинг зауыты {lang}"},
                "region_kato": KAR, "oked": "24", "status": "under_construction",
                "status_date": f"{date.today().year - 1}-01-10",
                "launch_planned": f"{date.today().year + 1}-06-01",
                "investment_planned": {"amount": "9000000000", "currency": "KZT"}, "jobs_permanent_planned": 200})
            assert r.status_code == 201, r.text
            projects[lang] = r.json()["id"]
        yield server, projects
    engine.dispose()


def sign_in(browser, server, lang: str, user: str):
    return browser_sign_in(browser, server, lang, user, PASSWORD, WIDTHS[lang])


@pytest.mark.parametrize("lang", list(WIDTHS))
def test_report_from_draft_to_approved_fact(world, browser, lang, tmp_path):
    server, projects = world
    pid = projects[lang]
    shoot = Shots(lang, tmp_path, 'journey')
    words = {"kk": {"returned": "Пысықтауға қайтарылды", "approved": "Бекітілді", "approve": "Бекіту"},
             "ru": {"returned": "Возвращён на доработку", "approved": "Утверждён", "approve": "Утвердить"}}[lang]

    # 1. the curator opens the inbox: the project's overdue quarter, linked to the form
    curator_ctx, cur = sign_in(browser, server, lang, "curator")
    cur.click("nav a[href='/monitoring/inbox']")
    assert cur.locator("h1").inner_text()
    shoot(cur, "curator-inbox")
    cur.goto(f"{server.url}/monitoring/reports/new?project={pid}")
    period = cur.locator("select[name=period]").input_value()
    year, quarter = (int(x) for x in period.split("-"))
    assert (year, (quarter - 1) * 3 + 1) < (date.today().year, date.today().month)  # a quarter that has ended
    cur.fill("input[name=investment_period_kzt]", "1 250 000 000")
    cur.fill("input[name=investment_to_date_kzt]", "4 000 000 000,50")
    cur.fill("input[name=jobs_permanent]", "35")
    cur.fill("input[name=support_received_kzt]", "15 000 000")
    cur.fill("textarea[name=problems]", "Жабдық кешігіп келді" if lang == "kk" else "Задержка поставки оборудования")
    shoot(cur, "curator-form")
    cur.click("form.form button[type=submit]")
    assert re.search(r"/monitoring/reports/\d+$", cur.url), cur.url
    report_url = cur.url
    assert "35" in cur.locator("#report-figures").inner_text()
    assert cur.locator("button[value=approve]").count() == 0  # the author is not offered approval
    shoot(cur, "curator-draft")
    cur.click("button[value=submit]")
    assert cur.locator("button[value=submit]").count() == 0
    shoot(cur, "curator-submitted")

    # 2. the region's analyst returns it with a comment (required)
    analyst_ctx, ana = sign_in(browser, server, lang, "analyst")
    ana.goto(f"{server.url}/monitoring/inbox")
    ana.click(f"#review ~ .table-wrap a[href='{report_url.removeprefix(server.url)}'] >> nth=0")
    shoot(ana, "analyst-report")
    comment = "Инвестицияларды құжатпен растаңыз" if lang == "kk" else "Подтвердите инвестиции документами"
    ana.fill("textarea[name=comment]", comment)
    ana.click("button[value=return]")
    assert words["returned"] in ana.locator(".lead").inner_text()
    shoot(ana, "analyst-returned")

    # 3. the curator sees the comment in the inbox, corrects and resubmits
    cur.goto(f"{server.url}/monitoring/inbox")
    assert comment in cur.locator("#returned ~ .table-wrap").first.inner_text()
    shoot(cur, "curator-inbox-returned")
    cur.goto(report_url)
    assert comment in cur.locator(".notice").inner_text()
    cur.click("a[href$='/edit']")
    cur.fill("input[name=jobs_permanent]", "40")
    cur.click("form.form button[type=submit]")
    assert cur.url == report_url
    cur.click("button[value=submit]")
    shoot(cur, "curator-resubmitted")

    # 4. the analyst approves
    ana.goto(report_url)
    ana.click("button[value=approve]")
    assert words["approved"] in ana.locator(".lead").inner_text()
    shoot(ana, "analyst-approved")

    # 5. the project page and plan-vs-fact show the approved fact, with its quarter
    ana.goto(f"{server.url}/projects/{pid}")
    facts = ana.locator("#approved-facts").inner_text()
    assert "40" in facts and str(year) in facts
    assert re.search(r"\b4\s*млрд", facts), facts
    shoot(ana, "project-page")
    ana.goto(f"{server.url}/monitoring?year={year}&region={KAR}&group_by=project")
    row = ana.locator(f"table.plan-fact tr:has(a[href='/projects/{pid}'])").inner_text()
    assert re.search(r"1[,.]3\s*млрд", row) or re.search(r"1[,.]2\s*млрд", row), row  # 1.25 bn, without plan
    assert "%" not in row.split("\t", 4)[-1] or "—" in row  # no percentage: the project has no plan this year
    shoot(ana, "plan-fact")
    for ctx in (curator_ctx, analyst_ctx):
        ctx.close()
