"""Every page, as each role, in Kazakh and Russian, at 390 px in Chromium (issue 16):

- no horizontal overflow (``document.documentElement.scrollWidth <= innerWidth``): tables scroll
  inside their box, the header wraps;
- no code or English leaks into the visible text: a snake_case identifier, a Python dict/list repr,
  ``Q3`` (an English quarter), the scope syntax ``dimension:value`` or a bare English code word.

A real server over the sample data with a report in every workflow state and a news fact to review.
Screenshots go to ``ORKEN_SCREENSHOTS`` (``every-page/``) when it is set. SQLite."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_user
from tests.news.conftest import KK
from tests.web.browser import Server, sample_engine
from tests.web.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
KAR = "350000000"
#: user name -> (role, scope); the names are not codes of the interface
PEOPLE = {"aigerim": ("curator", {"region": KAR}), "bolat": ("region_analyst", {"region": KAR}),
          "dana": ("administrator", {}), "erlan": ("investor", {"project_id": 1}), None: (None, {})}

ZERO_TENGE = re.compile(r"(?<![\d,.\u202f\u00a0 ])0 ₸")  # missing data shown as an amount
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
REPR = re.compile(r"[{\[]\s*'[^']*'\s*[:,\]]|\bNone\b|\bTrue\b|\bFalse\b|Decimal\(")
ENGLISH_QUARTER = re.compile(r"\bQ[1-4]\b")
SCOPE_SYNTAX = re.compile(r"\b(?:region|sector|programme|portfolio|dimension):")
CODE_WORDS = re.compile(r"\b(?:country|region|district|sector|division|programme|draft|submitted|approved|returned|"
                        r"overdue|planned|launched|investment|jobs|none|null|undefined|NaN)\b")


#: the page's own words: quoted sources and descriptions (the data, in whatever language it was written) left out,
#: and text people typed, shown in a change history (``.typed``), and records' names offered in a form (``.names``)
VISIBLE_TEXT = """() => {
  for (const e of document.querySelectorAll('.description, .sources, blockquote, .sentence, .typed, select.names, main [lang]'))
    e.style.display = 'none';
  return document.body.innerText;
}"""


def leaks(text: str) -> list[str]:
    found = []
    for pattern in (SNAKE, REPR, ENGLISH_QUARTER, SCOPE_SYNTAX, CODE_WORDS, ZERO_TENGE):
        found += [m.group(0) for m in pattern.finditer(text)]
    return found


def test_the_detector_finds_what_was_seen():
    seen = ["report_overdue: the report for 2026 Q3 is overdue", "region", "{'amount': '5', 'currency': 'KZT'}",
            "'x': write dimension:value with a dimension of region, sector", "investment_planned", "Абай\t2\t0 ₸"]
    assert all(leaks(s) for s in seen)
    assert not leaks("Қарағанды облысы, 2025 ж. III тоқсан: 1,3 млрд ₸ · 850 000 ₸ · 2,0 ₸ · aigerim · JSON · API")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    engine = sample_engine(tmp_path_factory.mktemp("every") / "orken.db")
    admin = make_user(engine, "root", "administrator")
    for name, (role, scope) in PEOPLE.items():
        if name:
            make_user(engine, name, role, password=PASSWORD, **scope)
    from orken.auth.guard import system_session
    from orken.news.ingest import DocumentIn, ingest

    with system_session(engine, "tests") as s:
        ingest(s, DocumentIn(text=KK, title="Алюминий"))
    with Server(engine) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {admin}"})
        pid = api.post("/api/v1/projects", json={
            "name": {"ru": "Завод проверки", "kk": "Тексеру зауыты"}, "region_kato": KAR, "oked": "24",
            "status": "under_construction", "launch_planned": "2026-03-01",
            "investment_planned": {"amount": "500000000", "currency": "KZT"}}).json()["id"]
        reports = {}
        for quarter, steps in ((1, ["submit", "approve"]), (2, ["submit", "return"]), (3, ["submit"])):
            r = api.post("/api/v1/reports", json={"project_id": pid, "year": 2026, "quarter": quarter,
                                                  "investment_period_kzt": "100000000", "jobs_permanent": 12,
                                                  "problems": "Жабдық", "support_received_kzt": "1000000"}).json()
            for step in steps:
                body = {"comment": "Растаңыз"} if step == "return" else None
                assert api.post(f"/api/v1/reports/{r['id']}/{step}", json=body).status_code == 200
            reports[quarter] = r["id"]
        fact = api.get("/api/v1/review").json()["items"][0]["id"]
        zone = api.get("/api/v1/zones", params={"limit": 1}).json()["items"][0]["id"]
        sample_project = api.get("/api/v1/projects", params={"limit": 1}).json()["items"][0]["id"]
        pages = ["/", "/projects", f"/projects/{pid}", f"/projects/{sample_project}", f"/zones/{zone}",
                 f"/regions/{KAR}", "/dashboard", "/monitoring", "/monitoring?group_by=district&region=" + KAR,
                 "/monitoring?group_by=sector", "/monitoring?scope=nonsense", f"/monitoring/region/{KAR}",
                 "/monitoring/inbox", f"/monitoring/reports/new?project={pid}",
                 *(f"/monitoring/reports/{rid}" for rid in reports.values()), f"/monitoring/reports/{reports[2]}/edit",
                 "/auth/login", "/review", f"/review/{fact}", f"/review/{fact}?q=Алюминий",
                 "/review?status=accepted", "/import", "/admin", "/admin/users/2", "/no/such/page",
                 # every object editable in the browser (pages.objects): forms, history, lists
                 "/projects/new", f"/projects/{pid}/edit", f"/projects/{pid}/history", f"/projects/{pid}/delete",
                 f"/zones/{zone}/edit", f"/zones/{zone}/history", "/organisations", "/organisations/new",
                 "/targets", "/targets/new", "/portfolios", "/portfolios/new"]
        yield server, pages
    engine.dispose()


def signed_in(browser, server, user: str | None, lang: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=f"{lang}-KZ")
    page = context.new_page()
    if user:
        page.goto(f"{server.url}/auth/login?lang={lang}")
        page.fill("input[name=username]", user)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
    else:
        page.goto(f"{server.url}/?lang={lang}")  # sets the language cookie
    return context, page


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("user", list(PEOPLE))
def test_every_page_fits_a_phone_and_shows_no_codes(world, browser, user, lang, tmp_path):
    server, pages = world
    out = Path(os.environ.get("ORKEN_SCREENSHOTS") or tmp_path) / "every-page"
    out.mkdir(parents=True, exist_ok=True)
    context, page = signed_in(browser, server, user, lang)
    problems = []
    try:
        for path in pages:
            response = page.goto(f"{server.url}{path}")
            if page.url.startswith(f"{server.url}/auth/login") and path != "/auth/login":
                continue  # signed-in pages send the public to the sign-in form (checked as its own page)
            assert response is not None
            if response.status == 403:
                continue  # a page this role may not open
            if response.status >= 500:
                problems.append(f"{path}: answered {response.status}")
                continue
            page.wait_for_load_state("networkidle")
            width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if width > inner:
                problems.append(f"{path}: {width} px wide in {inner} px")
            text = page.evaluate(VISIBLE_TEXT)
            found = leaks(text)
            if found:
                problems.append(f"{path}: {sorted(set(found))[:8]}")
            if os.environ.get("ORKEN_SCREENSHOTS"):
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "map"
                page.screenshot(path=str(out / f"{lang}-{user or 'public'}-{name}.png"), full_page=True)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_the_map_legend_folds_on_phones_and_keeps_words_whole(world, browser):
    server, _ = world
    for width, folded in ((390, True), (1400, False)):
        context = browser.new_context(viewport={"width": width, "height": 844})
        page = context.new_page()
        page.goto(f"{server.url}/?lang=ru")
        legend = page.locator("#legend")
        assert legend.evaluate("e => e.open") is (not folded), width
        box = legend.bounding_box()
        assert box["height"] < (60 if folded else 400) and box["width"] <= width / 2 + 40, (width, box)
        if not folded:
            heights = page.eval_on_selector_all(".legend-status li", "els => els.map(e => e.getBoundingClientRect().height)")
            assert max(heights) < 1.6 * min(heights)  # one line each: "Восстанавливается" is not broken
            assert "Восстанавливается" in legend.inner_text()
        context.close()
