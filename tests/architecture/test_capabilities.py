"""The capability list (``orken.capabilities``) names every model module, and what it names exists."""

from __future__ import annotations

import ast
import subprocess
import sys

import typer
from fastapi import APIRouter

from orken import capabilities
from orken.db import migrate
from tests.architecture.graph import SRC, module_name


def mapped_modules() -> set[str]:
    """The modules that declare a class on the one declarative ``Base`` (read from the source)."""
    found = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        if any(isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "Base" for b in node.bases)
               for node in tree.body):
            found.add(module_name(path)[0])
    return found


def test_every_module_with_tables_is_a_capabilitys_models():
    listed = {m for c in capabilities.CAPABILITIES for m in c.models}
    missing = sorted(mapped_modules() - listed)
    assert not missing, f"modules declaring tables that no capability lists as its models: {missing}"
    assert not sorted(listed - mapped_modules()), "a capability lists models that declare no table"


def test_every_reference_resolves_to_what_it_must_be():
    names = [c.name for c in capabilities.CAPABILITIES]
    assert len(names) == len(set(names))
    for ref in capabilities.routes():
        assert ref.startswith("orken.web."), f"{ref}: routes live in orken.web"
        route = capabilities.resolve(ref)
        assert isinstance(route, APIRouter) or callable(route), ref
    commands = capabilities.commands()
    assert len({n for n, _ in commands}) == len(commands), "two capabilities add the same command"
    for name, ref in commands:
        command = capabilities.resolve(ref)
        assert isinstance(command, typer.Typer) or callable(command), ref


def test_the_app_and_the_command_line_carry_what_the_list_names():
    import typer.main
    from sqlalchemy import create_engine

    from orken.cli import app as cli
    from orken.web.app import create_app

    app = create_app(create_engine("sqlite://"))
    served = set()
    for route in app.routes:  # included routers, flattened (FastAPI keeps them as included-router entries)
        candidates = getattr(route, "effective_candidates", None)
        for c in (candidates() if callable(candidates) else [route]):
            served.add((getattr(getattr(c, "route", c), "path", None)))
    for ref in capabilities.routes():
        router = capabilities.resolve(ref)
        if isinstance(router, APIRouter):
            assert {router.prefix + r.path if not r.path.startswith(router.prefix) else r.path
                    for r in router.routes} <= served, ref
    group = typer.main.get_command(cli)
    assert {n for n, _ in capabilities.commands()} <= set(group.commands)


def test_load_models_knows_every_table_the_migrations_make(tmp_path):
    from sqlalchemy import inspect

    from orken.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'orken.db'}")
    migrate.upgrade(engine)
    made = set(inspect(engine).get_table_names()) - {"alembic_version"} - migrate.TRIGGER_TABLES
    engine.dispose()
    assert made == set(capabilities.load_models().tables)


def test_a_backup_refuses_tables_no_loaded_model_knows(tmp_path):
    """Without every capability's models, a backup would leave their tables out unseen: it refuses."""
    from orken.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'orken.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    code = (f"from orken.db.engine import make_engine\nfrom orken.io.backup import BackupError, backup\n"
            f"try:\n    backup(make_engine({url!r}), __import__('pathlib').Path({str(tmp_path / 'b.zip')!r}), "
            f"insecure_unsigned=True)\nexcept BackupError as e:\n    print('refused:', e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert "refused: tables with no model loaded" in out.stdout, out.stdout + out.stderr
    assert "auth_users" in out.stdout and "news_facts" in out.stdout
