"""The sources API and page (administrators only, kk/ru/en with a JSON twin), and who reads stories
and conflicts."""

import re
from importlib.resources import files

import pytest

from orken.watch import poll
from orken.web.pages import i18n


@pytest.fixture
def failing_source(sessions, site, fetcher):
    with sessions() as s:
        poll.add_source(s, site.url("/missing-feed.xml"), "atom", "ru", "2h")
        s.commit()
    poll.run_pass(sessions, fetcher)


def test_sources_api_is_for_administrators(client, anon_client, client_for, failing_source):
    r = client.get("/api/v1/sources")
    assert r.status_code == 200, r.text
    [src] = r.json()["items"]
    assert src["kind"] == "atom" and src["every_s"] == 7200 and src["failures"] == 1 and "404" in src["last_error"]
    assert src["last_success_at"] is None and src["items_seen"] == 0
    assert anon_client.get("/api/v1/sources").status_code == 401
    for role, scope in (("centre_analyst", {}), ("curator", {"region": "350000000"})):  # every role: the sweep
        assert client_for(role, **scope).get("/api/v1/sources").status_code == 403, role
    r = client.post("/api/v1/sources", json={"url": "https://example.kz/rss", "kind": "rss", "lang": "kk",
                                             "every": "30m"})
    assert r.status_code == 201, r.text
    assert r.json()["every_s"] == 1800
    bad = client.post("/api/v1/sources", json={"url": "file:///etc/passwd", "kind": "rss"})
    assert bad.status_code == 422 and "url" in bad.text
    assert anon_client.post("/api/v1/sources", json={"url": "https://x.kz/rss"}).status_code == 401
    assert client_for("centre_analyst").post("/api/v1/sources", json={"url": "https://x.kz/rss"}).status_code == 403
    assert len(client.get("/api/v1/sources").json()["items"]) == 2


def test_stories_and_conflicts_are_for_the_review_queue_readers(anon_client, client_for):
    assert anon_client.get("/api/v1/conflicts").status_code == 401
    assert anon_client.get("/api/v1/stories/1").status_code == 401
    assert client_for("region_analyst", region="350000000").get("/api/v1/conflicts").json() == {"items": []}
    assert client_for("curator", region="350000000").get("/api/v1/corroboration").json() == {"items": {}}


@pytest.mark.parametrize("lang,title", [("kk", "Жаңалық көздері"), ("ru", "Источники новостей"),
                                        ("en", "News sources")])
def test_the_sources_page_in_each_language(client, failing_source, lang, title):
    r = client.get("/sources", params={"lang": lang})
    assert r.status_code == 200 and title in r.text
    assert "missing-feed.xml" in r.text and "404" in r.text
    twin = client.get("/sources.json")
    assert twin.status_code == 200 and twin.json()["items"][0]["kind"] == "atom"


def test_the_sources_page_sends_the_public_to_sign_in(anon_client, client_for):
    r = anon_client.get("/sources", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/auth/login")
    assert client_for("centre_analyst").get("/sources").status_code == 403


def test_the_sources_page_strings_are_translated():
    text = files("orken.web").joinpath("templates", "watch", "sources.html").read_text("utf-8")
    ids = set(re.findall(r'_\("([^"]+)"', text))
    assert len(ids) >= 10
    for lang in ("kk", "ru"):
        assert not ids - set(i18n.catalog(lang)), lang


def test_the_conflicts_page_shows_both_sentences(client, anon_client, client_for, sessions, site, fetcher, steel):
    from tests.watch.conftest import rss

    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, [
        "/ru/steel.html", "/ru/steel-conflict.html"]))
    with sessions() as s:
        poll.add_source(s, site.url("/feed.rss"), "rss", "ru")
        s.commit()
    poll.run_pass(sessions, fetcher)
    for lang, words in (("ru", ("Противоречащие цифры", "Инвестиции", "45,5 млрд ₸", "50 млрд ₸")),
                        ("kk", ("Қайшы деректер",)), ("en", ("Conflicting figures", "Investment"))):
        r = client.get("/conflicts", params={"lang": lang})
        assert r.status_code == 200, r.text
        for w in words:
            assert w in r.text, (lang, w)
    r = client.get("/conflicts", params={"lang": "ru"})
    assert "Объем инвестиций составил 45,5 млрд тенге" in r.text and "составили 50 млрд тенге" in r.text
    assert "/conflicts" in client.get("/review", params={"lang": "ru"}).text  # linked from the queue
    [c] = [c for c in client.get("/conflicts.json").json()["items"] if c["measure"] == "investment"]
    assert c["project_id"] == steel["id"]
    assert anon_client.get("/conflicts", follow_redirects=False).status_code == 303


def test_the_conflicts_page_strings_are_translated():
    from orken.web.api.watch import MEASURE_TEXT

    text = files("orken.web").joinpath("templates", "watch", "conflicts.html").read_text("utf-8")
    ids = set(re.findall(r'_\("([^"]+)"', text)) | set(MEASURE_TEXT.values())
    for lang in ("kk", "ru"):
        assert not ids - set(i18n.catalog(lang)), lang
