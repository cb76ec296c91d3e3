"""A failure answered in the reader's words: to a person's browser opening a page, a page in their
language (the header, the title and what happened); to the API, problem+json, in English unless the client
names a language. Before, a browser that opened an unknown address, or any page while the database was
down, was shown raw English JSON ("Not Found", "the database is not available at the moment")."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from orken.web.app import create_app
from orken.web.pages import views

PAGE = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _title(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize("lang, title, detail", [("ru", "Не найдено", "Такой страницы нет."),
                                                 ("kk", "Табылмады", "Мұндай бет жоқ.")])
def test_an_unknown_address_opened_in_a_browser_is_a_page_in_its_language(app, lang, title, detail):
    with TestClient(app) as c:
        r = c.get("/no-such-page", headers={**PAGE, "accept-language": lang})
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html"), r.text[:200]
        assert _title(r.text).startswith(title) and detail in r.text and f'<html lang="{lang}">' in r.text
        assert 'class="site-header"' in r.text and "Not Found" not in r.text
        # a missing object on a page route: the same page; its JSON twin: a problem
        c.cookies.set("orken_lang", lang)
        r = c.get("/projects/987654", headers=PAGE)
        assert r.status_code == 404 and _title(r.text).startswith(title), r.text[:300]
        r = c.get("/projects/987654.json", headers={"accept-language": lang})
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["title"] == title


def test_the_api_answers_problems_in_english_unless_a_language_is_named(app):
    with TestClient(app) as c:
        r = c.get("/api/v1/projects/987654")
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["title"] == "Not found" and "987654" in r.json()["detail"]
        r = c.get("/api/v1/no-such-route", headers={"accept-language": "ru"})
        assert r.status_code == 404 and r.json() == {"type": "about:blank", "title": "Не найдено", "status": 404,
                                                     "detail": "Такой страницы нет."}
        r = c.get("/api/v1/no-such-route", headers=PAGE)  # the API never answers with a page
        assert r.headers["content-type"] == "application/problem+json" and r.json()["title"] == "Not found"


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-orken-dir/no/such.db",
                                 "postgresql+psycopg://orken@127.0.0.1:1/orken?connect_timeout=1"])
def test_a_page_while_the_database_is_down_says_so_in_the_readers_language(url):
    down = create_engine(url)
    with TestClient(create_app(down)) as c:
        r = c.get("/projects?lang=ru", headers=PAGE)
        assert r.status_code == 503 and r.headers["Retry-After"].isdigit()
        assert r.headers["content-type"].startswith("text/html") and _title(r.text).startswith("Сервис недоступен")
        assert "База данных сейчас недоступна" in r.text and "psycopg" not in r.text and "sqlite" not in r.text
        r = c.get("/projects?lang=kk", headers=PAGE)
        assert "Дерекқор қазір қолжетімсіз" in r.text
        c.cookies.clear()  # (the page kept the language asked for, as any page does)
        r = c.get("/api/v1/projects")
        assert r.status_code == 503 and r.headers["content-type"] == "application/problem+json"
        assert r.json()["title"] == "Service unavailable" and r.headers["Retry-After"].isdigit()
    down.dispose()


def test_an_unexpected_failure_is_a_page_without_the_traceback(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/orken")

    monkeypatch.setattr(views, "projects_view", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/projects", headers={**PAGE, "accept-language": "ru"})
        assert r.status_code == 500 and _title(r.text).startswith("Внутренняя ошибка")
        assert "Сервер не смог выполнить запрос" in r.text and "secret" not in r.text and "Traceback" not in r.text
        r = c.get("/projects.json")
        assert r.status_code == 500 and r.json()["title"] == "Internal error" and "secret" not in r.text


def test_a_body_over_the_limit_is_refused_in_the_readers_language(app, monkeypatch):
    from orken.web import limits

    with TestClient(app) as c:
        big = b"x" * (limits.DEFAULT_MAX_BODY + 10)
        r = c.post("/api/v1/projects", content=big, headers={"content-type": "application/json",
                                                              "accept-language": "kk"})
        assert r.status_code == 413 and r.json()["title"] == "Сұрау тым үлкен"
        assert "байттан үлкен" in r.json()["detail"]
        r = c.post("/api/v1/projects", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["detail"].startswith("the request body is larger than")
