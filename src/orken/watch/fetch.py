"""Polite HTTP for the watcher: robots.txt, a per-host pace, conditional GETs, bounded everything.

One ``Fetcher`` serves a whole pass. Every request has a timeout, follows at most ``MAX_REDIRECTS``
redirects and reads at most ``max_bytes`` (a longer body is refused, not truncated). robots.txt is
read once per host and pass with ``urllib.robotparser`` (a missing one allows everything, an
unreachable or failing one forbids the host for this pass). Requests to one host are spaced by
``host_interval`` seconds, and a 429/503 answer (with its Retry-After, bounded) pauses that host.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

import orken

USER_AGENT = f"OrkenWatch/{orken.__version__} (+https://github.com/orken; news monitoring)"
MAX_REDIRECTS = 5
MAX_BYTES = int(os.environ.get("ORKEN_WATCH_MAX_BYTES", 5_000_000))
TIMEOUT = float(os.environ.get("ORKEN_WATCH_TIMEOUT", 15))
HOST_INTERVAL = float(os.environ.get("ORKEN_WATCH_HOST_INTERVAL", 1.0))
ALLOW_PRIVATE = os.environ.get("ORKEN_WATCH_ALLOW_PRIVATE", "") == "1"
MAX_PAUSE = 300.0


class FetchError(Exception):
    """A request that gave no usable answer (network, timeout, too big, too many redirects, HTTP error)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def is_private(host: str | None) -> bool:
    """Whether ``host`` is, or resolves to, a loopback, private, link-local or reserved address."""
    if not host:
        return True
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)}
        except (OSError, ValueError):
            return False  # unresolvable: the request itself will fail
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved or a.is_multicast
               or a.is_unspecified for a in addresses)


class PrivateAddress(Exception):
    pass


class Forbidden(FetchError):
    """robots.txt forbids the URL (or the host's robots.txt could not be read)."""


@dataclass
class Answer:
    url: str  # after redirects
    status: int  # 200 or 304
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    host_interval: float = HOST_INTERVAL
    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT
    sleep: object = time.sleep
    robots: dict = field(default_factory=dict)
    _last: dict = field(default_factory=dict)  # host -> monotonic time of its last request
    _paused: dict = field(default_factory=dict)  # host -> monotonic time until which it is paused
    requests: int = 0
    #: fetch loopback/private addresses only for a source an administrator put there (or with
    #: ORKEN_WATCH_ALLOW_PRIVATE=1): a feed or a redirect cannot point the watcher inside the network
    allow_private: bool = ALLOW_PRIVATE
    _private_netloc: str | None = None  # the host:port a private address is allowed for, this request

    def __post_init__(self):
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout), follow_redirects=True, max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            event_hooks={"request": [self._check_address]})

    def _check_address(self, request: httpx.Request) -> None:
        """Every request, redirects included, to a private address is refused unless allowed."""
        if self.allow_private or request.url.netloc.decode("ascii", "replace") == self._private_netloc:
            return
        if is_private(request.url.host):
            raise PrivateAddress(f"{request.url.host} is a private or local address")

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- politeness ------------------------------------------------------------------------------
    def _pace(self, host: str) -> None:
        now = time.monotonic()
        wait = max(self._last.get(host, -1e9) + self.host_interval, self._paused.get(host, 0.0)) - now
        if wait > 0:
            self.sleep(wait)
        self._last[host] = time.monotonic()

    def _pause(self, host: str, response: httpx.Response) -> None:
        retry = response.headers.get("retry-after", "")
        try:
            seconds = float(retry)
        except ValueError:
            try:
                seconds = parsedate_to_datetime(retry).timestamp() - time.time()
            except (TypeError, ValueError):
                seconds = 60.0
        self._paused[urlsplit(str(response.url)).netloc] = time.monotonic() + min(max(seconds, 0.0), MAX_PAUSE)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        parser = self.robots.get(root)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
            try:
                answer = self._get(root + "/robots.txt", {}, check_robots=False)
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    parser.allow_all = True  # no robots.txt: everything is allowed
                else:
                    parser.disallow_all = True  # unreachable or failing: leave the host alone this pass
            self.robots[root] = parser
        return parser.can_fetch(USER_AGENT, url)

    # -- requests --------------------------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            private_ok: bool = False) -> Answer:
        """GET ``url``; ``private_ok``: the URL was chosen by an administrator (a source), so a
        loopback or private address is allowed for its own host (not for a redirect elsewhere)."""
        self._private_netloc = urlsplit(url).netloc if private_ok else None
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers)

    def _get(self, url: str, headers: dict, check_robots: bool = True) -> Answer:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url}")
        if not self.allow_private and urlsplit(url).netloc != self._private_netloc and is_private(
                urlsplit(url).hostname):
            raise FetchError(f"refused: {urlsplit(url).hostname} is a private or local address ({url})")
        if check_robots and not self.allowed(url):
            parts = urlsplit(url)
            parser = self.robots.get(f"{parts.scheme}://{parts.netloc}")
            if parser is not None and parser.disallow_all:
                raise Forbidden(f"robots.txt of {parts.netloc} could not be read: the host is left alone this pass")
            raise Forbidden(f"robots.txt forbids {url}")
        host = urlsplit(url).netloc
        self._pace(host)
        self.requests += 1
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if check_robots and str(response.url) != url and not self.allowed(str(response.url)):
                    raise Forbidden(f"robots.txt forbids {response.url} (redirected from {url})")
                if response.status_code == 304:
                    return Answer(str(response.url), 304, etag=response.headers.get("etag") or headers.get(
                        "If-None-Match"), last_modified=response.headers.get("last-modified") or headers.get(
                        "If-Modified-Since"))
                if response.status_code in (429, 503):
                    self._pause(host, response)
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code} from {response.url}", response.status_code)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{response.url} is larger than {self.max_bytes} bytes")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{response.url} is larger than {self.max_bytes} bytes")
                    chunks.append(chunk)
                return Answer(str(response.url), 200, b"".join(chunks), response.headers.get("etag"),
                              response.headers.get("last-modified"), response.headers.get("content-type", ""))
        except PrivateAddress as exc:
            raise FetchError(f"refused: {exc} ({url})") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}") from None
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.timeout:g} s: {url}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc} ({url})") from None
