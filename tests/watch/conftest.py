"""The fixture news site: feeds (RSS, Atom), a sitemap, article pages in Kazakh and Russian with
their menus and footers, a reprint on another outlet, redirects, 304s, 404s, slow and broken
answers, and a robots.txt that forbids /private/."""

import pytest

from orken.watch.fetch import Fetcher
from tests.watch.server import Site, broken, conditional, slow

KK_NEWS = ("Павлодар облысында «Қазақстан Алюминий» зауыты салынуда. Жобаның инвестициясы 120 млрд теңгені "
           "құрайды. Кәсіпорында 450 жұмыс орны ашылады. Зауыттың қуаты жылына 50 мың тонна болады.")
RU_NEWS = ("В Карагандинской области в 2024 году запущен завод «Караганда Стил». Объем инвестиций составил "
           "45,5 млрд тенге. На предприятии создано 320 рабочих мест. Предприятие выпускает арматуру и "
           "металлопрокат для строительной отрасли региона.")
#: the same press release as printed by another outlet: its own lead-in, the same body
RU_REPRINT = "Как сообщает пресс-служба акимата области. " + RU_NEWS
#: an independent report (its own words) of the same investment: corroboration
RU_OTHER = ("Металлургический завод «Караганда Стил» в Карагандинской области обошёлся инвесторам в 45,5 млрд "
            "тенге, рассказали в управлении предпринимательства. Сейчас там работают сотни человек, а в "
            "следующем году компания рассчитывает выйти на новые рынки сбыта в Центральной Азии.")
#: an independent report with a different figure for the same plant: a conflict
RU_CONFLICT = ("Инвестиции в завод «Караганда Стил» в Карагандинской области составили 50 млрд тенге, сообщил "
               "аким области на встрече с предпринимателями. По его словам, проект окупится за семь лет, а "
               "продукция уже поставляется строителям Астаны и Алматы.")

MENU = {"kk": "Басты бет | Жаңалықтар | Экономика | Байланыс | Жазылу", "ru": "Главная | Новости | Экономика | Контакты | Подписка"}
FOOT = {"kk": "© 2026 Барлық құқықтар қорғалған. Жарнама. Материалдарды көшіру тыйым салынады.",
        "ru": "© 2026 Все права защищены. Реклама на сайте. Перепечатка материалов запрещена."}


def article(lang: str, title: str, text: str, author: str = "Айгүл Серікова", day: str = "2026-11-20") -> str:
    paras = "".join(f"<p>{s.strip()}.</p>" for s in text.rstrip(".").split(". "))
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Портал</title>
<meta name="author" content="{author}"><meta property="article:published_time" content="{day}T10:00:00+05:00">
</head><body><header><nav>{MENU[lang]}</nav></header>
<aside><h3>Популярное</h3><ul><li><a href="/x">Курс доллара</a></li><li><a href="/y">Погода</a></li></ul></aside>
<main><article><h1>{title}</h1>{paras}</article></main>
<footer>{FOOT[lang]}</footer></body></html>"""


def html(body: str) -> tuple:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, body


def rss(site: Site, paths: list[str]) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link>"
                    f"<pubDate>Fri, 20 Nov 2026 10:00:00 +0500</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{site.base}</link><description>d</description>{items}</channel></rss>")


def atom(site: Site, paths: list[str]) -> str:
    entries = "".join(f'<entry><title>{p}</title><id>{p}</id><link href="{site.url(p)}"/>'
                      f"<updated>2026-11-21T09:00:00Z</updated></entry>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
            f"<id>a</id><updated>2026-11-21T09:00:00Z</updated>{entries}</feed>")


def sitemap(site: Site, entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{site.url(p)}</loc><lastmod>{m}</lastmod></url>" for p, m in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


@pytest.fixture
def site():
    with Site() as s:
        s.pages.update({
            "/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /private/\n"),
            "/kk/aluminium.html": html(article("kk", "Алюминий зауыты салынуда", KK_NEWS)),
            "/ru/steel.html": html(article("ru", "Завод запущен", RU_NEWS, "Иван Петров")),
            "/other/steel-reprint.html": html(article("ru", "В области запущен завод", RU_REPRINT, "Редакция")),
            "/ru/steel-report.html": html(article("ru", "Сколько стоил завод", RU_OTHER, "Ольга Ким", "2026-11-22")),
            "/ru/steel-conflict.html": html(article("ru", "Аким о заводе", RU_CONFLICT, "Ольга Ким", "2026-11-23")),
            "/private/secret.html": html(article("ru", "Секрет", RU_CONFLICT)),
            "/moved": (301, {"Location": "/ru/steel.html"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/slow": slow(3),
            "/broken": broken,
            "/huge": html("<html><body><p>" + "я" * 300_000 + "</p></body></html>"),
            "/empty.html": html("<html><body><nav>Главная</nav></body></html>"),
            "/not-a-feed": html("<html><body>hello</body></html>"),
        })
        yield s


@pytest.fixture
def fetcher():
    with Fetcher(host_interval=0, timeout=1.0, max_bytes=200_000) as f:
        yield f


@pytest.fixture
def sessions(engine):
    """The watcher's sessions, as ``orken watch`` makes them: the system's (the command line)."""
    from orken.auth.guard import system_sessions

    return system_sessions(engine, "tests")


@pytest.fixture
def steel(client):
    r = client.post("/api/v1/projects", json={"name": {"kk": "«Қарағанды Стил» болат зауыты"},
                                              "region_kato": "350000000", "status": "under_construction"})
    assert r.status_code == 201, r.text
    return r.json()


__all__ = ["atom", "conditional", "rss", "sitemap"]


@pytest.fixture
def ingest_doc(session):
    from orken.db.models import Document
    from orken.news.ingest import DocumentIn, ingest

    def run(text: str, **meta) -> Document:
        outcome = ingest(session, DocumentIn(text=text, lang="ru", **meta))
        return session.get(Document, outcome.document_id)

    return run
