"""Large public downloads kept on disk per registry generation: the second download is a file send.

An export (CSV, XLSX, GeoJSON, OC4IDS) or a briefing (PDF, XLSX) of the public view is written once
to a file named by the registry *generation* (``orken.web.cache.generation``: it changes with every
write to the registry, from any process) and what was asked (format, filter, language, day). The
next request for the same thing, while the registry has not changed, is answered from that file.
Files of older generations are removed when a newer one is written.

Only what the public sees is kept: a request that carries a principal (internal fields, reports
the caller may read) or a scoped filter is written to a temporary file of its own and removed once
sent. ``ORKEN_CACHE_DIR`` names the folder (share it between the workers of one database); by
default each process keeps its own under the system's temporary folder, removed when it exits.
``ORKEN_FILE_CACHE=off`` writes every download afresh.

**Large registries: built in the background.** Writing the public export of 100,000 projects costs
tens of seconds of a core (serialising every row), far over a request's budget (~2 s). From
``ORKEN_FILE_BACKGROUND_FROM`` projects (default 20,000) a public file that is not there yet is
built by the one background builder (one file at a time, at most ``MAX_PENDING`` waiting); the
request waits up to ``ORKEN_FILE_WAIT_SECONDS`` (1.0) for it and is otherwise answered 503 with
``Retry-After`` ("being prepared"), never held for the whole build. And after the registry
generation changes and then stays put for one poll (``ORKEN_PREBUILD_SECONDS``, default 15; 0 turns
it off), the served app builds the usual public downloads (the routes register them with
``prebuilt``) before anyone asks, so the public's downloads are file sends.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from contextlib import asynccontextmanager
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from fastapi import HTTPException
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import orken
from orken.i18n import N_
from orken.db.engine import read_only, session_scope
from orken.db.models import Project
from orken.web import cache

log = logging.getLogger("orken.web.filecache")

ENABLED = os.environ.get("ORKEN_FILE_CACHE", "on").lower() not in {"off", "0", "no", "false"}
#: files of other generations younger than this are left (one may still be being sent)
GRACE_SECONDS = 120
#: at most this many files are kept; the oldest go first
MAX_FILES = 200

_lock = threading.Lock()
_dirs: dict[str, Path] = {}
hits = 0
misses = 0


def _number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


#: a registry of at least this many projects has its public files built in the background
BACKGROUND_FROM = int(_number("ORKEN_FILE_BACKGROUND_FROM", 20_000))
#: how long a request waits for a background build before it is answered 503
WAIT_SECONDS = _number("ORKEN_FILE_WAIT_SECONDS", 1.0)
#: seconds between two looks at the registry generation (0: no building ahead)
PREBUILD_SECONDS = _number("ORKEN_PREBUILD_SECONDS", 15)
#: builds waiting for the builder at most; beyond, a request is answered 503 at once
MAX_PENDING = 24
RETRY_AFTER = 15

#: (what, suffix, build(session, path)): a file ``file_for`` answers
Job = tuple[tuple, str, Callable[[Session, Path], object]]
_builder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="orken-files")
_pending: dict[Path, Future] = {}
_sizes: dict[tuple, int] = {}
_prebuilds: list[Callable[[], Iterable[Job]]] = []
builds = 0


class Preparing(HTTPException):
    """503: the file is being built in the background; ask again after ``Retry-After`` seconds."""

    def __init__(self) -> None:
        super().__init__(503, N_("the file is being prepared; ask again in a few seconds"),
                         headers={"Retry-After": str(RETRY_AFTER)})


def prebuilt(jobs: Callable[[], Iterable[Job]]) -> Callable[[], Iterable[Job]]:
    """Register the public downloads to build ahead after the registry changes (a function giving jobs)."""
    _prebuilds.append(jobs)
    return jobs


def _folder(session: Session) -> Path:
    engine = cache._engine(session)
    ident = hashlib.sha256(engine.url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    with _lock:
        folder = _dirs.get(ident)
        if folder is None:
            root = os.environ.get("ORKEN_CACHE_DIR")
            if root:
                folder = Path(root) / ident
            else:
                folder = Path(tempfile.mkdtemp(prefix="orken-files-"))
                atexit.register(shutil.rmtree, folder, True)
            folder.mkdir(parents=True, exist_ok=True)
            _dirs[ident] = folder
        return folder


def _tmp(suffix: str, folder: Path | None = None) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False, dir=folder)
    handle.close()
    return Path(handle.name)


def _prune(folder: Path, generation: str) -> None:
    now = time.time()
    try:
        files = sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    keep = []
    for p in files:
        try:
            old = now - p.stat().st_mtime > GRACE_SECONDS
        except OSError:
            continue
        if old and (not p.name.startswith(generation + "-") or p.name.startswith("tmp")):
            p.unlink(missing_ok=True)
        else:
            keep.append(p)
    for p in keep[:-MAX_FILES]:
        p.unlink(missing_ok=True)


def _path(session: Session, generation, what: tuple, suffix: str) -> tuple[Path, Path, str]:
    folder = _folder(session)
    gen = hashlib.sha256(repr(generation).encode()).hexdigest()[:12]
    name = hashlib.sha256(repr((orken.__version__, what)).encode()).hexdigest()[:32]  # an upgrade builds afresh
    return folder, folder / f"{gen}-{name}{suffix}", gen


def _large(session: Session, generation) -> bool:
    key = (id(_folder(session)), generation)
    size = _sizes.get(key)
    if size is None:
        size = session.scalar(select(func.count()).select_from(Project)) or 0
        if len(_sizes) > 64:
            _sizes.clear()
        _sizes[key] = size
    return size >= BACKGROUND_FROM


def _write(session: Session, folder: Path, path: Path, gen: str, suffix: str, build) -> None:
    part = _tmp(suffix, folder)
    try:
        build(session, part)
        os.replace(part, path)  # atomic: a reader sees the whole file or none
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _prune(folder, gen)


def _background(engine: Engine, generation, what: tuple, suffix: str, build, principal) -> None:
    """Build one public file in the builder thread, with a session of its own (the public's view)."""
    global builds
    started = time.perf_counter()
    with session_scope(read_only(engine)) as session:
        session.info["principal"] = principal
        if cache.generation(session) != generation:
            return  # the registry changed meanwhile: the next request (or poll) builds the new one
        folder, path, gen = _path(session, generation, what, suffix)
        if not path.exists():
            _write(session, folder, path, gen, suffix, build)
            builds += 1
            log.info("built %s in %.1f s", what[:2], time.perf_counter() - started)


def _submit(engine: Engine, generation, path: Path, what: tuple, suffix: str, build, principal) -> Future | None:
    with _lock:
        future = _pending.get(path)
        if future is not None:
            return future
        if len(_pending) >= MAX_PENDING:
            return None
        future = _builder.submit(_background, engine, generation, what, suffix, build, principal)
        _pending[path] = future
    future.add_done_callback(lambda _: _forget(path))
    return future


def _forget(path: Path) -> None:
    with _lock:
        _pending.pop(path, None)


def file_for(session: Session, what: tuple, suffix: str, build: Callable[[Session, Path], object],
             public: bool) -> tuple[Path, bool]:
    """(the file answering ``what``, whether it is temporary: remove it once sent). ``build(session,
    path)`` writes the file; it is called only when no file of this generation answers ``what`` yet
    (in the background builder, with a session of its own, for a large registry: then the request
    waits at most ``WAIT_SECONDS`` and is otherwise answered 503 ``Preparing``)."""
    global hits, misses
    generation = cache.generation(session) if public and ENABLED else None
    if generation is None:
        path = _tmp(suffix)
        try:
            build(session, path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, True
    folder, path, gen = _path(session, generation, what, suffix)
    if path.exists():
        hits += 1
        return path, False
    misses += 1
    if _large(session, generation):
        future = _submit(cache._engine(session), generation, path, what, suffix, build, session.info.get("principal"))
        if future is None:
            raise Preparing()
        try:
            future.result(timeout=WAIT_SECONDS)
        except FutureTimeout:
            raise Preparing() from None
        if not path.exists():  # the registry changed while it waited
            raise Preparing()
        return path, False
    _write(session, folder, path, gen, suffix, build)
    return path, False


def build_ahead(engine: Engine, generation=None) -> list[Future]:
    """Queue the registered public downloads of the current generation that are not there yet (the
    builds of a large registry's poll; anyone may call it). Returns their futures."""
    from orken.auth.policy import Principal

    futures = []
    with session_scope(read_only(engine)) as session:
        current = cache.generation(session)
        if current is None or (generation is not None and current != generation):
            return futures
        for jobs in _prebuilds:
            for what, suffix, build in jobs():
                _, path, _ = _path(session, current, what, suffix)
                if not path.exists():
                    future = _submit(engine, current, path, what, suffix, build, Principal())
                    if future is not None:
                        futures.append(future)
    return futures


def _prebuild(engine: Engine, stop: threading.Event) -> None:
    """Every ``PREBUILD_SECONDS``: once the generation has changed and stayed for a poll, build the
    registered public downloads ahead (large registries only)."""
    seen, done = None, None
    while not stop.wait(PREBUILD_SECONDS):
        try:
            with session_scope(read_only(engine)) as session:
                generation = cache.generation(session)
                if generation is None or generation == done:
                    continue
                if generation != seen:  # still moving (an import): wait for it to settle
                    seen = generation
                    continue
                large = _large(session, generation)
            if large:
                build_ahead(engine, generation)
            done = generation
        except Exception:  # a database that is away now is tried again at the next poll
            log.exception("building the public downloads ahead failed")


def install(app) -> None:
    """Build the public downloads ahead while the app is served (its lifespan)."""
    if PREBUILD_SECONDS <= 0 or not ENABLED:
        return
    stop = threading.Event()

    def start() -> None:
        stop.clear()
        threading.Thread(target=_prebuild, args=(app.state.engine, stop), name="orken-prebuild",
                         daemon=True).start()

    served = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a):
        start()
        try:
            async with served(a) as state:
                yield state
        finally:
            stop.set()

    app.router.lifespan_context = lifespan
