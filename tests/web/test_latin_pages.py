"""Kazakh in the 2021 Latin alphabet (``kk-Latn``) as an interface language: the catalog is the Kazakh
one transliterated, data (names, labels, notes) are transliterated as they are shown, numbers and
dates are written as in Kazakh, and no Cyrillic is left in a page's visible text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from orken import i18n

CYRILLIC = re.compile(r"[\u0400-\u04ff]+")


class _Text(HTMLParser):
    """The visible text of a page (and its ``title``/``placeholder``/``aria-label`` attributes), without
    scripts, styles, the language switch (each language's name is written in its own script) and the
    product's logo (a drawn letter, hidden from screen readers)."""

    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SKIP or {"langs", "logo"} & set((attrs.get("class") or "").split()):
            self.skipping.append(tag)
        elif self.skipping and tag == self.skipping[-1]:
            self.skipping.append(tag)
        if not self.skipping:
            self.parts += [v for k, v in attrs.items() if k in ("title", "placeholder", "aria-label", "alt") and v]

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_visible_text_finder_skips_scripts_and_the_switch_only():
    html = ('<p title="Тақырып">Жоба</p><script>var a="Жоба"</script><ul class="langs"><li><a>Қаз</a></li></ul>'
            '<p>x</p>')
    assert CYRILLIC.findall(visible_text(html)) == ["Тақырып", "Жоба"]


def test_the_latin_catalog_is_the_kazakh_one_transliterated():
    kk, latin = i18n.catalog("kk"), i18n.catalog("kk-Latn")
    assert kk.keys() == latin.keys() and len(latin) > 500
    assert i18n.translator("kk-Latn")("Projects") == "Jobalar"
    assert not [v for v in latin.values() if CYRILLIC.search(re.sub(r"%\([^)]*\)\w|\{[^}]*\}", "", v))]
    assert i18n.translator("kk-Latn")("Dashboard") == i18n.in_script("kk-Latn", i18n.translator("kk")("Dashboard"))


def test_numbers_and_dates_are_written_as_in_kazakh():
    from orken.web import format as fmt

    assert fmt.number("1234567.5", "kk-Latn", 1) == fmt.number("1234567.5", "kk", 1)
    assert fmt.money("2500000000", "kk-Latn") == i18n.in_script("kk-Latn", fmt.money("2500000000", "kk"))
    assert fmt.quarter(2025, 3, "kk-Latn") == i18n.in_script("kk-Latn", fmt.quarter(2025, 3, "kk"))
    assert not CYRILLIC.search(fmt.money("2500000000", "kk-Latn"))


def test_names_fall_back_as_in_kazakh_and_are_shown_in_latin():
    from orken.db.models import Sector
    from orken.web.pages.i18n import pick, pick_tagged

    assert pick({"kk": "Қарағанды облысы", "ru": "Карагандинская"}, "kk-Latn") == "Қарағанды облысы"  # as stored
    assert pick({"kk": None, "ru": "Завод"}, "kk-Latn") == "Завод"
    assert str(pick_tagged({"kk": None, "ru": "Завод"}, "kk-Latn")) == '<span lang="ru-Latn">Завод</span>'
    assert Sector(code="C", name_kk="Өңдеу өнеркәсібі", name_ru="Обрабатывающая").name("kk-Latn") == "Öñdeu önerkäsıbı"


def test_a_form_on_a_latin_page_sends_back_what_is_stored():
    """Saving a form must not rewrite the data in another script: values and textareas are kept."""
    from orken.web.pages.render import in_script

    html = in_script("kk-Latn", '<p>Зауыт</p><input name="name" value="Зауыт"><textarea>Зауыт</textarea>')
    assert html == '<p>Zauyt</p><input name="name" value="Зауыт"><textarea>Зауыт</textarea>'


@pytest.fixture
def pages(sample, client, engine):
    from sqlalchemy import select

    from orken.auth.guard import system_session
    from orken.db.models import Project, Zone

    with system_session(engine, "tests") as s:
        project = s.scalar(select(Project.id).order_by(Project.id))
        zone = s.scalar(select(Zone.id).order_by(Zone.id))
        region = s.scalar(select(Project.region_kato).where(Project.region_kato.is_not(None)).order_by(Project.id))
    return ["/", "/projects", f"/projects/{project}", "/zones", f"/zones/{zone}", f"/regions/{region}", "/dashboard",
            "/auth/login", "/projects/99999999"]


def test_every_public_page_in_latin_kazakh_has_no_cyrillic(pages, anon_client):
    problems = []
    for path in pages:
        r = anon_client.get(path, params={"lang": "kk-Latn"}, headers={"Accept": "text/html"})
        assert r.status_code in (200, 404), (path, r.status_code)
        assert '<html lang="kk-Latn">' in r.text, path
        left = sorted(set(CYRILLIC.findall(visible_text(r.text))))
        if left:
            problems.append(f"{path}: {left[:10]}")
    assert not problems, "\n".join(problems)
    assert anon_client.cookies.get(i18n.COOKIE if hasattr(i18n, "COOKIE") else "orken_lang") == "kk-Latn"
    # the cookie keeps the choice: the next page is in Latin without ?lang=
    assert '<html lang="kk-Latn">' in anon_client.get("/projects").text


def test_the_switch_offers_four_languages(anon_client):
    html = anon_client.get("/", params={"lang": "ru"}).text
    switch = re.search(r'<ul class="langs".*?</ul>', html, re.S).group(0)
    assert [m for m in re.findall(r">([^<>]+)</a>", switch)] == ["Қаз", "Qaz", "Рус", "Eng"]
    assert 'hreflang="kk-Latn"' in switch


def test_exports_accept_latin_kazakh(sample, anon_client):
    csv = anon_client.get("/api/v1/export/projects.csv", params={"lang": "kk-Latn", "region": "350000000"})
    assert csv.status_code == 200, csv.text
    header = csv.text.splitlines()[0]
    assert header and not CYRILLIC.search(header), header
    kk = anon_client.get("/api/v1/export/projects.csv", params={"lang": "kk", "region": "350000000"}).text.splitlines()[0]
    assert header == i18n.in_script("kk-Latn", kk)
