"""The soak's world: a PostgreSQL database (a throw-away server, or one given by URL) or a SQLite file
in a temporary folder, migrated and loaded like ``orken setup`` does, users with API tokens for several roles, "counter" projects, and
the real server (``orken serve``) as a subprocess on a free port of the loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.pgserver

from orken.db import migrate  # noqa: E402
from orken.db.engine import make_engine  # noqa: E402
from orken.auth.guard import system_session  # noqa: E402

#: the region the writers work in (Karaganda region: most sample projects)
REGION = "350000000"
#: users of the soak: name -> (role, scope)
USERS = {
    "soak-admin": ("administrator", {}),
    "soak-centre": ("centre_analyst", {}),
    "soak-analyst": ("region_analyst", {"region": REGION}),
    "soak-curator-a": ("curator", {"region": REGION}),
    "soak-curator-b": ("curator", {"region": REGION}),
}


@dataclass
class World:
    url: str  # SQLAlchemy URL of the soak's database
    engine: Engine
    tokens: dict[str, str]  # user name -> API token
    counters: list[int]  # project ids of the counters
    region_projects: list[int]  # projects in REGION when the soak starts
    all_projects: list[int]
    regions: list[str]
    cleanup: list = field(default_factory=list)

    def close(self) -> None:
        self.engine.dispose()
        for step in reversed(self.cleanup):
            step()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(admin_url: str) -> str:
    name = f"orken_soak_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def prepare(database: str | None, counters: int, engine_name: str = "postgresql") -> World:
    """A new database on the given server (else on a throw-away one), or a new SQLite file, ready for the soak."""
    from orken.auth import service
    from orken.auth.policy import Grant
    from orken.db.models import AdminUnit, Project
    from orken.reference.loader import load_reference
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate
    from orken.sample import loader
    from sqlalchemy import select

    cleanup = []
    if engine_name == "sqlite":
        import shutil

        folder = tempfile.mkdtemp(prefix="orken-soak-")
        cleanup.append(lambda: shutil.rmtree(folder, ignore_errors=True))
        url = f"sqlite:///{folder}/orken.db"
    elif database is None:
        from tests.pgserver import PostgresServer

        server = PostgresServer()
        admin_url = server.start()
        cleanup.append(server.stop)
    else:
        admin_url = database
    if engine_name != "sqlite":
        url = create_database(admin_url)
        cleanup.append(lambda: drop_database(admin_url, url))
    engine = make_engine(url)
    migrate.upgrade(engine)  # what `orken db upgrade` / `orken setup` do
    with system_session(engine, "bench") as s:
        load_reference(s)
        loader.load(s)
    tokens = {}
    with system_session(engine, "bench") as s:
        for name, (role, scope) in USERS.items():
            user = service.add_user(s, name, grants=[Grant(role=role, **scope)])
            tokens[name] = service.create_token(s, user, "soak")
        ids = [projects.create(s, ProjectCreate(name={"ru": f"Счётчик {i}", "en": f"Counter {i}"},
                                                region_kato=REGION, jobs_permanent_planned=0), "soak").id
               for i in range(counters)]
    with system_session(engine, "bench") as s:
        region_projects = list(s.scalars(select(Project.id).where(Project.region_kato == REGION,
                                                                  Project.id.not_in(ids))))
        all_projects = list(s.scalars(select(Project.id)))
        regions = list(s.scalars(select(AdminUnit.kato).where(AdminUnit.level == 1)))
    return World(url, engine, tokens, ids, region_projects, all_projects, regions, cleanup)


class Server:
    """``orken serve`` in a subprocess against the world's database."""

    def __init__(self, url: str, workers: int = 1) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="orken-soak-server-", suffix=".log", delete=False)  # noqa: SIM115
        self.keep_log = False  # kept when the soak saw errors, for the tracebacks
        orken = Path(sys.executable).with_name("orken")
        command = [str(orken)] if orken.exists() else [sys.executable, "-c", "from orken.cli import app; app()"]
        env = {**os.environ, "ORKEN_DATABASE_URL": url}
        self.process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if httpx.get(f"{self.base}/api/v1/regions?level=1", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer in {timeout} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def tracebacks(self, limit: int = 3) -> str:
        """The first ``limit`` tracebacks in the server's log (what the errors were)."""
        found, current = [], None
        for line in Path(self.log.name).read_text(errors="replace").splitlines():
            if line.startswith(("Traceback", "ERROR:")):
                if current and len(found) < limit:
                    found.append("\n".join(current))
                current = [line]
            elif current is not None and not line.startswith("INFO:"):
                current.append(line)
        if current and len(found) < limit:
            found.append("\n".join(current))
        return "\n\n".join(block[-4000:] for block in found)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if not self.keep_log:
            Path(self.log.name).unlink(missing_ok=True)
