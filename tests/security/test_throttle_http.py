"""The sign-in throttle over real HTTP, against a real ``orken serve`` process (both engines).

Forwarded headers (``X-Forwarded-For``) count only from the proxies named in
``ORKEN_TRUSTED_PROXIES`` (none by default), so a client cannot pick its own address by sending the
header; failures are limited per account and per address, and the limit holds when many wrong
passwords arrive at once (the budget is taken in the database, atomically).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from orken.auth import throttle
from tests.conftest import make_user
from tests.serve import orken_serve

PASSWORD = "correct horse battery"


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _login(base: str, username: str, password: str, forwarded: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return httpx.post(base + "/api/v1/auth/login", json={"username": username, "password": password},
                      headers=headers, timeout=60)


@pytest.fixture
def user(engine):
    make_user(engine, "aigerim", "region_analyst", password=PASSWORD, region="350000000")
    return "aigerim"


def test_a_forged_forwarded_header_does_not_escape_the_throttle(engine, user, tmp_path):
    with orken_serve(_url(engine), tmp_path / "serve.log") as base:
        for i in range(throttle.PER_ADDRESS):
            assert _login(base, f"nobody-{i}", "wrong-guess", f"203.0.113.{i}").status_code == 401
        # a new user name, the right password, a new forwarded address: still the same client
        blocked = _login(base, user, PASSWORD, "198.51.100.77")
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
        assert _login(base, user, PASSWORD).status_code == 429


def test_failures_per_account_are_limited_whatever_the_address(engine, user, tmp_path):
    with orken_serve(_url(engine), tmp_path / "serve.log", ORKEN_TRUSTED_PROXIES="127.0.0.1") as base:
        for i in range(throttle.PER_USER):
            assert _login(base, user, "wrong-guess", f"203.0.113.{i}").status_code == 401
        assert _login(base, user, PASSWORD, "198.51.100.9").status_code == 429


def test_a_trusted_proxy_forwards_the_client_address(engine, user, tmp_path):
    make_user(engine, "dana", "curator", password=PASSWORD, region="350000000")
    with orken_serve(_url(engine), tmp_path / "serve.log", ORKEN_TRUSTED_PROXIES="127.0.0.1/32,::1") as base:
        for i in range(throttle.PER_ADDRESS):
            assert _login(base, f"nobody-{i}", "wrong-guess", "203.0.113.5").status_code == 401
        assert _login(base, "dana", PASSWORD, "203.0.113.5").status_code == 429
        # a client prepending its own entry is still the address the proxy saw (the rightmost)
        assert _login(base, "dana", PASSWORD, "198.51.100.1, 203.0.113.5").status_code == 429
        # another client behind the same proxy is not blocked
        assert _login(base, "dana", PASSWORD, "198.51.100.1").status_code == 200


def test_concurrent_wrong_passwords_get_at_most_the_limit_through(engine, user, tmp_path):
    with orken_serve(_url(engine), tmp_path / "serve.log", ORKEN_TRUSTED_PROXIES="127.0.0.1") as base:
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(lambda i: _login(base, user, f"wrong-{i}", f"203.0.113.{i}").status_code,
                                     range(40)))
        assert set(statuses) <= {401, 429}, statuses
        assert statuses.count(401) == throttle.PER_USER, statuses
        assert _login(base, user, PASSWORD, "198.51.100.9").status_code == 429
