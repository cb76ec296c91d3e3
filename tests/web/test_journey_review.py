"""The review queue by clicking (issue 16), in Kazakh (1400 px) and Russian (390 px), against a real
server: a news analyst opens the queue, opens a fact proposing a new project, reads what accepting
will create, clicks "create the project and accept"; a second article about the same plant is linked
through the search by name and accepted with one click; the project page lists each article once
among its sources. No typing of ids anywhere. Screenshots under ``ORKEN_SCREENSHOTS`` (``review/``).
SQLite, Chromium."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.web.browser import Server, Shots, sample_engine
from tests.web.test_browser import pytestmark as browser_marks
from tests.web.test_every_page import leaks, VISIBLE_TEXT
from tests.conftest import make_user

pytestmark = browser_marks
PASSWORD = "correct horse battery staple"
PAVLODAR = "550000000"
WIDTHS = {"kk": 1400, "ru": 390}
#: per language: the article proposing the plant, a second article on it, the plant's name, a search for it
NEWS = {
    "kk": ("Павлодар облысында «Ертіс Полимер» зауыты салынады. Жобаның инвестициясы 30 млрд теңгені құрайды. "
           "Кәсіпорында 250 жұмыс орны ашылады.",
           "Павлодар облысындағы «Ертіс Полимер» кәсіпорнында 260 жұмыс орны ашылады.", "Ертіс Полимер", "ертiс полимер"),
    "ru": ("В Павлодарской области построят завод «Иртыш Полимер». Объем инвестиций составит 30 млрд тенге. "
           "На предприятии будет создано 250 рабочих мест.",
           "На заводе «Иртыш Полимер» в Павлодарской области будет создано 260 рабочих мест.", "Иртыш Полимер", "иртыш пoлимер"),
}
WORDS = {"kk": {"create": "Жобаны құрып, қабылдау", "with_link": "Осы байланыспен қабылдау", "find": "Табу"},
         "ru": {"create": "Создать проект и принять", "with_link": "Принять с этой привязкой", "find": "Найти"}}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from orken.auth.guard import system_session
    from orken.news.ingest import DocumentIn, ingest

    engine = sample_engine(tmp_path_factory.mktemp("review-journey") / "orken.db")
    make_user(engine, "analyst", "region_analyst", password=PASSWORD, region=PAVLODAR)
    docs = {}
    with system_session(engine, "tests") as s:
        for lang, (first, second, _, _) in NEWS.items():
            docs[lang] = (ingest(s, DocumentIn(text=first, title=f"Полимер {lang} 1", lang=lang, publisher="Ertis Info",
                                               url=f"https://news.example.kz/{lang}/1", date=date(2026, 10, 1))).document_id,
                          ingest(s, DocumentIn(text=second, title=f"Полимер {lang} 2", lang=lang, publisher="Pavlodar News",
                                               url=f"https://news.example.kz/{lang}/2", date=date(2026, 11, 1))).document_id)
    with Server(engine) as server:
        yield server, docs
    engine.dispose()


def no_leaks(page, name: str) -> None:
    found = leaks(page.evaluate(VISIBLE_TEXT))
    assert not found, f"{name}: {found}"


@pytest.mark.parametrize("lang", list(WIDTHS))
def test_a_news_analyst_accepts_a_new_project_by_clicking(world, browser, lang, tmp_path):
    server, docs = world
    first_doc, second_doc = docs[lang]
    _, _, plant, search = NEWS[lang]
    words = WORDS[lang]
    shoot = Shots(lang, tmp_path, 'review', no_leaks)
    context = browser.new_context(viewport={"width": WIDTHS[lang], "height": 900}, locale=f"{lang}-KZ")
    page = context.new_page()
    page.goto(f"{server.url}/?lang={lang}")
    page.click("a.account")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()

    # 1. the queue, from the header; the article's investment figure
    page.click("nav a[href='/review']")
    shoot(page, "queue")
    row = page.locator("table.data tbody tr", has_text=plant).filter(has=page.locator("mark", has_text="30"))
    row.first.locator("a").first.click()
    assert re.search(r"/review/\d+$", page.url)
    # 2. what accepting will do, in words: a new project, its name and region, the figure formatted
    will = page.locator(".will-happen").inner_text()
    assert plant in will and "Павлодар" in will and re.search(r"30\s*млрд\s*₸", will), will
    shoot(page, "proposed")
    page.click(f"form.accept button:has-text('{words['create']}')")
    page.wait_for_load_state()
    assert page.locator(".notice.error").count() == 0, page.locator(".notice.error").inner_text()
    project_link = page.locator("dl.facts a[href^='/projects/']")
    project_path = project_link.get_attribute("href")
    shoot(page, "accepted")

    # 3. the second article: found by name (typed with a Latin "o"/"i"), linked and accepted in one click
    page.goto(f"{server.url}/review?status=pending")
    second = page.locator("table.data tbody tr", has_text="260").first
    second.locator("a").first.click()
    page.fill("input[name=q]", search)
    page.click(f"form[role=search] button:has-text('{words['find']}')")
    found = page.locator("ul.found li.candidate", has=page.locator(f"a[href='{project_path}']"))
    assert found.count() == 1
    shoot(page, "found")
    found.locator(f"button:has-text('{words['with_link']}')").click()
    page.wait_for_load_state()
    assert page.locator(".notice.error").count() == 0, page.locator(".notice.error").inner_text()
    shoot(page, "linked-and-accepted")

    # 4. the project page: the plant, its figures, each article once among the sources
    page.goto(f"{server.url}{project_path}")
    assert plant in page.locator("h1").inner_text()
    sources = page.locator("ul.sources > li")
    texts = sources.all_inner_texts()
    assert sum(f"Полимер {lang} 1" in t for t in texts) == 1, texts
    assert sum(f"Полимер {lang} 2" in t for t in texts) == 1, texts
    shoot(page, "project")
    context.close()
