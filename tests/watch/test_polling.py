"""Polling sources over real HTTP on loopback: what is fetched, skipped, ingested once, recorded."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from orken.db.models import Document, utcnow
from orken.news.models import NewsFact
from orken.errors import InvalidInput
from orken.watch import poll
from orken.watch.fetch import FetchError, Forbidden
from orken.watch.models import WatchItem, WatchSource
from tests.watch.conftest import atom, conditional, rss, sitemap


def add(sessions, url, kind="rss", lang="auto", every="1h"):
    with sessions() as s:
        src = poll.add_source(s, url, kind, lang, every)
        s.commit()
        return src.id


def items(sessions, source_id):
    with sessions() as s:
        return {i.url.rsplit("/", 1)[-1]: i for i in s.scalars(select(WatchItem).where(WatchItem.source_id == source_id))}


def test_rss_articles_are_fetched_extracted_and_ingested_once(site, sessions, fetcher, session):
    site.pages["/feed.rss"] = conditional(rss(site, ["/kk/aluminium.html", "/ru/steel.html", "/private/secret.html",
                                                    "/missing.html", "/moved"]), '"v1"')
    sid = add(sessions, site.url("/feed.rss"))
    [r] = poll.run_pass(sessions, fetcher)
    assert r.ok and r.listed == 5 and r.ingested == 2
    assert r.known == 1  # /moved redirects to /ru/steel.html: same text, stored once
    assert r.failed == 1 and r.skipped == 1  # the 404, and robots.txt's /private/
    assert site.fetched("/private/secret.html") == 0 and site.fetched("/robots.txt") == 1
    seen = items(sessions, sid)
    assert seen["secret.html"].status == "robots" and seen["missing.html"].status == "error"
    assert "404" in seen["missing.html"].error
    assert seen["steel.html"].author == "Иван Петров"

    docs = {d.lang: d for d in session.scalars(select(Document))}
    assert set(docs) == {"kk", "ru"}
    ru = docs["ru"]
    assert ru.title == "Завод запущен" and ru.date.isoformat() == "2026-11-20" and ru.url == site.url("/ru/steel.html")
    assert "Караганда Стил" in ru.text and "Все права защищены" not in ru.text and "Подписка" not in ru.text
    assert ru.text.startswith("В Карагандинской области")  # the headline is the title, not part of a sentence
    assert "Басты бет" not in docs["kk"].text and "120 млрд" in docs["kk"].text
    assert session.scalar(select(func.count()).select_from(NewsFact).where(NewsFact.document_id == ru.id)) >= 2

    # the next pass: the feed answers 304 to its ETag, nothing is fetched again, nothing duplicated
    before = len(site.log)
    [again] = poll.run_pass(sessions, fetcher, everything=True)
    assert again.ok and again.not_modified and again.ingested == 0
    assert [p for _, p, _ in site.log[before:]] == ["/feed.rss"]
    assert site.log[-1][2].get("If-None-Match") == '"v1"'
    with sessions() as s:
        src = s.get(WatchSource, sid)
        assert src.items_seen == 5 and src.items_ingested == 2 and src.failures == 0 and src.last_error is None
        assert src.etag == '"v1"' and src.last_success_at is not None
    assert session.scalar(select(func.count()).select_from(Document)) == 2


def test_a_changed_feed_fetches_only_the_new_items_and_retries_failures(site, sessions, fetcher):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, ["/ru/steel.html",
                                                                                       "/missing.html"]))
    sid = add(sessions, site.url("/feed.rss"))
    poll.run_pass(sessions, fetcher)
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, [
        "/ru/steel.html", "/missing.html", "/kk/aluminium.html"]))
    [r] = poll.run_pass(sessions, fetcher, everything=True)
    assert r.ingested == 1 and r.skipped == 1 and r.failed == 1
    assert site.fetched("/ru/steel.html") == 1 and site.fetched("/missing.html") == 2
    for _ in range(3):
        poll.run_pass(sessions, fetcher, everything=True)
    assert site.fetched("/missing.html") == poll.MAX_ATTEMPTS  # then left alone
    assert items(sessions, sid)["missing.html"].attempts == poll.MAX_ATTEMPTS


def test_atom_and_sitemap_with_lastmod(site, sessions, fetcher, session):
    site.pages["/atom.xml"] = (200, {"Content-Type": "application/atom+xml"}, atom(site, ["/kk/aluminium.html"]))
    site.pages["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, sitemap(site, [
        ("/ru/steel.html", "2026-11-20"), ("/private/secret.html", "2026-11-20")]))
    add(sessions, site.url("/atom.xml"), "atom", "kk")
    sm = add(sessions, site.url("/sitemap.xml"), "sitemap", "ru")
    reports = poll.run_pass(sessions, fetcher)
    assert [r.ingested for r in reports] == [1, 1]
    with sessions() as s:
        assert {d.lang for d in s.scalars(select(Document))} == {"kk", "ru"}
    # an unchanged lastmod is not fetched again; a new lastmod is (the text is the same: stored once)
    poll.run_pass(sessions, fetcher, everything=True)
    assert site.fetched("/ru/steel.html") == 1
    site.pages["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, sitemap(site, [
        ("/ru/steel.html", "2026-11-25")]))
    [_, r] = poll.run_pass(sessions, fetcher, everything=True)
    assert site.fetched("/ru/steel.html") == 2 and r.known == 1 and r.ingested == 0
    assert items(sessions, sm)["steel.html"].lastmod == "2026-11-25"
    assert site.fetched("/private/secret.html") == 0


def test_one_bad_source_never_stops_the_others(site, sessions, fetcher):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, ["/ru/steel.html"]))
    bad = [add(sessions, site.url(p), kind) for p, kind in (
        ("/not-a-feed", "rss"), ("/missing-feed.xml", "atom"), ("/slow", "rss"), ("/broken", "page"),
        ("/loop", "rss"), ("/huge", "page"))]
    closed = add(sessions, "http://127.0.0.1:9/feed.xml")  # discard port: connection refused
    good = add(sessions, site.url("/feed.rss"))
    now = utcnow()
    reports = {r.source_id: r for r in poll.run_pass(sessions, fetcher, now=now)}
    assert reports[good].ok and reports[good].ingested == 1
    with sessions() as s:
        for sid in [*bad, closed]:
            src = s.get(WatchSource, sid)
            assert not reports[sid].ok and src.failures == 1 and src.last_error, sid
            assert src.last_success_at is None
            assert poll.aware(src.next_poll_at) == now + timedelta(seconds=2 * 3600)  # backed off
        errors = {s.get(WatchSource, sid).url.rsplit("/", 1)[-1]: s.get(WatchSource, sid).last_error for sid in bad}
    assert "not a feed" in errors["not-a-feed"] and "404" in errors["missing-feed.xml"]
    assert "timed out" in errors["slow"] and "redirects" in errors["loop"] and "larger than" in errors["huge"]
    assert errors["broken"]
    # a second pass a minute later: the failed sources are not due, the good one neither
    assert poll.run_pass(sessions, fetcher, now=now + timedelta(minutes=1)) == []
    # a second failure doubles the back-off again
    poll.run_pass(sessions, fetcher, now=now + timedelta(hours=3))
    with sessions() as s:
        src = s.get(WatchSource, bad[0])
        assert src.failures == 2 and poll.aware(src.next_poll_at) == now + timedelta(hours=3, seconds=4 * 3600)


def test_a_page_source_and_an_empty_page(site, sessions, fetcher, session):
    page = add(sessions, site.url("/kk/aluminium.html"), "page")
    empty = add(sessions, site.url("/empty.html"), "page")
    reports = {r.source_id: r for r in poll.run_pass(sessions, fetcher)}
    assert reports[page].ingested == 1 and reports[empty].ok and reports[empty].skipped == 1
    assert items(sessions, empty)["empty.html"].status == "empty"


def test_robots_and_fetch_limits(site, fetcher):
    with pytest.raises(Forbidden):
        fetcher.get(site.url("/private/secret.html"), private_ok=True)
    assert fetcher.get(site.url("/moved"), private_ok=True).url == site.url("/ru/steel.html")
    with pytest.raises(FetchError, match="redirects"):
        fetcher.get(site.url("/loop"), private_ok=True)
    with pytest.raises(FetchError, match="timed out"):
        fetcher.get(site.url("/slow"), private_ok=True)
    # a host whose robots.txt fails (5xx) is left alone; one without robots.txt is open
    del site.pages["/robots.txt"]
    fetcher.robots.clear()
    assert fetcher.get(site.url("/private/secret.html"), private_ok=True).status == 200
    site.pages["/robots.txt"] = (500, {}, b"oops")
    fetcher.robots.clear()
    with pytest.raises(Forbidden):
        fetcher.get(site.url("/ru/steel.html"), private_ok=True)


def test_the_per_host_pace_waits_between_requests(site):
    from orken.watch.fetch import Fetcher

    waits = []
    with Fetcher(host_interval=2.0, sleep=waits.append) as f:
        f.get(site.url("/ru/steel.html"), private_ok=True)
        f.get(site.url("/kk/aluminium.html"), private_ok=True)
    assert len(waits) == 2 and all(0 < w <= 2.0 for w in waits)  # robots.txt, then the second page


def test_source_input_is_checked(sessions):
    for url, kind, lang, every in (("ftp://x/feed", "rss", "auto", "1h"), ("http://x/f", "json", "auto", "1h"),
                                   ("http://x/f", "rss", "en", "1h"), ("http://x/f", "rss", "kk", "5s"),
                                   ("http://x/f", "rss", "kk", "soon")):
        with sessions() as s, pytest.raises(InvalidInput):
            poll.add_source(s, url, kind, lang, every)
    add(sessions, "http://127.0.0.1/f")
    with sessions() as s, pytest.raises(InvalidInput, match="already"):
        poll.add_source(s, "http://127.0.0.1/f")
    assert poll.parse_every("90m") == 5400 and poll.parse_every("1d") == 86400


def test_a_feed_or_a_redirect_cannot_point_the_watcher_inside_the_network(site, sessions, fetcher):
    port = site.base.rsplit(":", 1)[1]
    inside = f"http://localhost:{port}/ru/steel.html"  # another host, on a loopback address
    site.pages["/to-inside"] = (302, {"Location": inside}, b"")
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, ["/kk/aluminium.html"])
                               .replace("</channel>", f"<item><link>{inside}</link></item><item><link>"
                                                      f"http://169.254.169.254/latest/meta-data/</link></item>"
                                                      f"<item><link>{site.url('/to-inside')}</link></item></channel>"))
    sid = add(sessions, site.url("/feed.rss"))
    [r] = poll.run_pass(sessions, fetcher)
    assert r.ingested == 1 and r.failed == 3  # the source's own host is allowed: the administrator chose it
    assert site.fetched("/ru/steel.html") == 0
    errors = [i.error for i in items(sessions, sid).values() if i.status == "error"]
    assert len(errors) == 3 and all("private or local address" in e for e in errors)
    with pytest.raises(FetchError, match="private"):
        fetcher.get(site.url("/ru/steel.html"))  # not a source's own URL: refused
    assert fetcher.get(site.url("/ru/steel.html"), private_ok=True).status == 200


def test_forever_polls_then_sleeps_until_the_next_source_is_due(site, sessions):
    site.pages["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss(site, ["/ru/steel.html"]))
    add(sessions, site.url("/feed.rss"), every="1m")
    naps = []
    poll.forever(sessions, stop=lambda: len(naps) >= 2, sleep=naps.append)
    assert site.fetched("/feed.rss") == 1 and site.fetched("/ru/steel.html") == 1  # the second pass: not due
    assert len(naps) == 2 and all(5 <= n <= 60 for n in naps)
