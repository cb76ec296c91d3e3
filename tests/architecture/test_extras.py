"""The base install (registry, API, web) works without the optional extras of pyproject.toml.

A subprocess refuses to import the top modules of ``[nlp]``, ``[briefings]`` and ``[cluster]`` (as if
they were not installed), migrates a fresh SQLite database, builds the app and serves the projects
list and page; the command line loads too.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: the top-level modules of each extra's distributions
EXTRA_MODULES = {
    "nlp": {"torch", "natasha", "pymorphy3", "pymorphy3_dicts_ru", "pycrfsuite"},
    "briefings": {"reportlab", "matplotlib", "PIL"},
    "cluster": {"dask", "distributed"},
}
REFUSED = sorted(set().union(*EXTRA_MODULES.values()))

PROGRAM = textwrap.dedent("""
    import importlib.abc, sys

    REFUSED = set(sys.argv[1].split(","))

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in REFUSED:
                raise ModuleNotFoundError(f"No module named {name!r} (an extra, not installed)", name=name)
            return None

    sys.meta_path.insert(0, Refuse())

    from fastapi.testclient import TestClient

    from orken.db import migrate
    from orken.db.engine import make_engine
    from orken.web.app import create_app

    from orken.auth.guard import system_session
    from orken.reference.loader import load_reference
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate

    engine = make_engine(f"sqlite:///{sys.argv[2]}")
    migrate.upgrade(engine)
    with system_session(engine, "test") as session:
        load_reference(session)
        made = projects.create(session, ProjectCreate(name={"ru": "Завод без экстр"}, region_kato="550000000",
                                                      oked="24", status="planned"), "test").id
    with TestClient(create_app(engine)) as client:
        api = client.get("/api/v1/projects")
        assert api.status_code == 200 and [p["id"] for p in api.json()["items"]] == [made], api.text[:500]
        for url in ("/projects", f"/projects/{made}", f"/api/v1/projects/{made}"):
            page = client.get(url)
            assert page.status_code == 200 and "Завод без экстр" in page.text, (url, page.status_code, page.text[:500])
    from orken.cli import app  # noqa: F401  (the command line loads; its nlp/briefing commands import lazily)

    loaded = sorted(m for m in sys.modules if m.split(".")[0] in REFUSED)
    assert not loaded, loaded
    print("served without the extras")
""")


def test_the_extras_list_what_the_test_refuses():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    base = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert {"nlp", "briefings", "cluster", "all"} <= set(extras)

    def names(reqs):
        return {r.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in reqs}

    for heavy in ("torch", "natasha", "python-crfsuite", "dask", "reportlab", "matplotlib"):
        assert heavy not in names(base), f"{heavy} is in the base install"
    assert {"torch", "natasha", "python-crfsuite", "pymorphy3"} <= names(extras["nlp"])
    assert {"reportlab", "matplotlib"} <= names(extras["briefings"])
    assert "dask" in names(extras["cluster"])
    everything = set()
    for req in extras["all"]:  # "orken[nlp,briefings]" names other extras; anything else is a package
        name, _, rest = req.partition("[")
        everything |= set(rest.rstrip("]").split(",")) if name.strip() == "orken" else {req}
    assert {"nlp", "briefings", "cluster"} <= everything


def test_the_base_install_serves_without_the_extras(tmp_path):
    out = subprocess.run([sys.executable, "-c", PROGRAM, ",".join(REFUSED), str(tmp_path / "orken.db")],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0 and "served without the extras" in out.stdout, out.stdout[-3000:] + out.stderr[-6000:]
