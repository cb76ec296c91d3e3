"""A real uvicorn server over a SQLite registry with reference and sample data, for browser tests
and the web benchmark."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

CHROMIUM = "/usr/bin/chromium"


def sample_engine(path: Path):
    """A migrated SQLite registry at ``path`` with reference data and the sample loaded."""
    from orken.db import migrate
    from orken.db.engine import make_engine
    from orken.auth.guard import system_session
    from orken.reference.loader import load_reference
    from orken.sample.loader import load

    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with system_session(engine, "tests") as s:
        load_reference(s)
        load(s)
    return engine


@contextmanager
def chromium() -> Iterator:
    """Debian's headless Chromium under Playwright."""
    import playwright.sync_api as playwright_api

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn serving ``create_app(engine)`` in a thread on a free loopback port."""

    def __init__(self, engine):
        from orken.web.app import create_app

        self.port = free_port()
        config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def not_blank(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of the most common colour) of a screenshot."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((320, 200))
    colours = image.getcolors(320 * 200)
    top = max(count for count, _ in colours)
    return len(colours), top / (320 * 200)


def no_overflow(page, name: str) -> None:
    """Fails when the page scrolls sideways (wider than its window)."""
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{name}: the page is {wide[0]} px wide in a {wide[1]} px window"


class Shots:
    """A journey's screenshots: each step saved as ``<lang>-<n>-<name>.png`` under ``ORKEN_SCREENSHOTS``
    (else the test's tmp folder) in ``folder``, and checked for sideways overflow and, given ``check``,
    by ``check(page, name)`` too."""

    def __init__(self, lang: str, tmp: Path, folder: str, check=None):
        import os

        self.dir = Path(os.environ.get("ORKEN_SCREENSHOTS") or tmp) / folder
        self.dir.mkdir(parents=True, exist_ok=True)
        self.lang, self.n, self.check = lang, 0, check

    def __call__(self, page, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(self.dir / f"{self.lang}-{self.n:02d}-{name}.png"), full_page=True)
        no_overflow(page, name)
        if self.check is not None:
            self.check(page, name)


def sign_in(browser, server, lang: str, user: str, password: str, width: int):
    """A new browser context at ``width`` px signed in as ``user`` through the header's sign-in link
    (on every page); (context, page) on the front page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=f"{lang}-KZ")
    page = context.new_page()
    page.goto(f"{server.url}/?lang={lang}")
    page.click("a.account")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("form.account .user").inner_text() == user
    return context, page
