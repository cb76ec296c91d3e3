"""The write guard denies by default (issue 14): every mapped class has a declared rule, a class
without one is never written, a session with neither a principal nor the system context writes
nothing, and rows the old guard did not know (targets, reports, reference data, news facts, import
jobs, watched sources, auth's own tables...) are refused under an investor's principal."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Integer, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from orken.auth.policy import Grant, Principal, Role
from orken.db.engine import session_scope
from orken.errors import Forbidden, Unauthorized

SRC = Path(__file__).resolve().parents[2] / "src" / "orken"


def _system(engine):
    """A set-up session writing as the system (before issue 14, any session without a principal did)."""
    try:
        from orken.auth.guard import system_session
    except ImportError:  # the old guard: shown failing on it
        return session_scope(engine)
    return system_session(engine, "tests")


def test_every_mapped_class_has_a_declared_rule():
    """Load every capability's models as the Alembic environment does, and ask the guard for each."""
    from orken.capabilities import load_models

    load_models()  # what migrations/env.py does
    from orken.auth.rules import UnguardedClass, rule_for
    from orken.db.models import Base

    missing = []
    for mapper in Base.registry.mappers:
        try:
            rule_for(mapper.class_)
        except UnguardedClass:
            missing.append(f"{mapper.class_.__module__}.{mapper.class_.__name__}")
    assert len(Base.registry.mappers) >= 40
    assert not missing, f"no write rule for {missing}"


def test_a_class_without_a_rule_is_not_written_even_by_the_system():
    from orken.auth.guard import trusted
    from orken.auth.rules import UnguardedClass

    class Other(DeclarativeBase):
        pass

    class Stray(Other):
        __tablename__ = "stray"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)

    engine = create_engine("sqlite://")
    Other.metadata.create_all(engine)
    with Session(engine) as s, pytest.raises(UnguardedClass, match="Stray has no write rule"):
        with trusted(s, "tests"):
            s.add(Stray(id=1))
            s.flush()
    with engine.connect() as conn:
        assert conn.execute(select(Stray.id)).all() == []


def _project(session, **fields):
    from orken.registry import projects
    from orken.registry.schemas import ProjectCreate

    return projects.create(session, ProjectCreate(name={"ru": "Завод"}, region_kato="550000000", status="planned",
                                                  **fields), "tests")


def test_a_session_with_no_principal_and_no_system_context_writes_nothing(engine):
    from orken.auth.guard import NoWriteContext
    from orken.db.models import Project

    with _system(engine) as s:
        pid = _project(s).id
    for write in (lambda s: _project(s), lambda s: setattr(s.get(Project, pid), "note", "changed"),
                  lambda s: s.delete(s.get(Project, pid))):
        with pytest.raises(NoWriteContext, match="neither an acting principal nor the system context"):
            with session_scope(engine) as s:
                write(s)
                s.flush()
    with session_scope(engine) as s:
        p = s.get(Project, pid)
        assert p is not None and p.note is None and s.scalar(select(Project.id).where(Project.id != pid)) is None


def test_the_database_layer_refuses_writes_while_no_guard_is_installed(engine, monkeypatch):
    from orken.auth.guard import system_session
    from orken.db import writes

    monkeypatch.setattr(writes, "_check", None)
    with pytest.raises(writes.NoWriteGuard):
        with system_session(engine, "tests") as s:
            _project(s)


def test_a_fresh_process_importing_only_the_database_layer_cannot_write(engine, tmp_path):
    """Nothing need import the guard for it to hold: db's models and session factory alone refuse."""
    if engine.dialect.name != "sqlite":
        pytest.skip("one engine is enough for the import graph")
    script = (
        "import sys\n"
        "from orken.db.engine import make_engine, session_scope\n"
        "from orken.db.models import Organisation\n"
        "try:\n"
        "    with session_scope(make_engine(sys.argv[1])) as s:\n"
        "        s.add(Organisation(name_ru='ТОО', kind='investor'))\n"
        "except Exception as exc:\n"
        "    print('REFUSED', type(exc).__name__)\n"
        "else:\n"
        "    print('WRITTEN')\n")
    out = subprocess.run([sys.executable, "-c", script, str(engine.url)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(SRC.parent), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.stdout.split() in (["REFUSED", "NoWriteContext"], ["REFUSED", "NoWriteGuard"]), out.stdout + out.stderr


INVESTOR = Principal(user_id=10**6, username="investor", grants=(Grant(Role.INVESTOR, organisation_id=1),),
                     via="token")


def _rows(s, zone_id: int, project_id: int):
    """A new row of each class the old guard let through, built as a writer would."""
    from orken.auth.models import ApiToken, LoginAttempt, SignInSession, User, UserGrant
    from orken.db.models import (AdminUnit, Document, ExchangeRate, PrioritySector, Programme, Sector, UnitChange,
                                 ZoneTarget)
    from orken.io.models import HeaderMapping, ImportJob
    from orken.monitoring.models import Portfolio, PortfolioProject, Report, Target
    from orken.news.models import NewsFact
    from orken.db.models import AnnualRate
    from orken.stats.models import IndicatorValue
    from orken.news.models import WatchEcho
    from orken.watch.models import WatchBand, WatchItem, WatchMember, WatchSource, WatchStory

    return {
        "Target": Target(year=2026, kato="550000000", investment_kzt=Decimal(1)),
        "Portfolio": Portfolio(name_ru="Пул", kind="pool"),
        "PortfolioProject": PortfolioProject(portfolio_id=1, project_id=project_id),
        "Report": Report(project_id=project_id, year=2026, quarter=1, revision=1, state="draft",
                         due=date(2026, 4, 30)),
        "ZoneTarget": ZoneTarget(zone_id=zone_id, year=2026),
        "AdminUnit": AdminUnit(kato="559999999", level=2, parent_kato="550000000", name_ru="Новый район"),
        "UnitChange": UnitChange(date=date(2026, 1, 1), kind="split", from_kato="550000000", to_kato="551000000"),
        "Sector": Sector(code="99", level=2, name_ru="Новый"),
        "PrioritySector": PrioritySector(code="new", name_ru="Новый"),
        "Programme": Programme(code="new-programme", name_ru="Новая"),
        "ExchangeRate": ExchangeRate(date=date(2026, 1, 1), currency="USD", rate_kzt=Decimal(1)),
        "Document": Document(key="doc-1", text="Текст"),
        "NewsFact": NewsFact(document_id=1, seq=0, sentence_start=0, sentence_end=1, span_start=0, span_end=1,
                             text="x", measure="investment", region_kato="550000000"),
        "ImportJob": ImportJob(token="t", entity="projects", filename="p.xlsx", status="preview", actor="x"),
        "HeaderMapping": HeaderMapping(entity="projects", header_key="имя", field="name"),
        "WatchSource": WatchSource(url="https://example.kz/rss", kind="rss", lang="ru", every_s=3600),
        "WatchItem": WatchItem(source_id=1, url="https://example.kz/1"),
        "WatchStory": WatchStory(),
        "WatchMember": WatchMember(document_id=1, story_id=1),
        "WatchBand": WatchBand(key=1, document_id=1),
        "WatchEcho": WatchEcho(fact_id=1, document_id=1),
        "IndicatorValue": IndicatorValue(indicator="grp", region_kato="550000000", year=2025, value=Decimal(1),
                                         unit="kzt"),
        "AnnualRate": AnnualRate(year=2030, currency="USD", rate_kzt=Decimal(1)),
        "User": User(username="intruder"),
        "UserGrant": UserGrant(user_id=1, role="administrator"),
        "ApiToken": ApiToken(user_id=1, name="x", token_hash="0" * 64),
        "SignInSession": SignInSession(user_id=1, key_hash="0" * 64, csrf="x", expires_at=date(2030, 1, 1)),
        "LoginAttempt": LoginAttempt(username="x", address="x"),
    }


#: every class the old guard did not know (it let them all through, whoever was writing)
FORMERLY_UNKNOWN = [
    "Target", "Portfolio", "PortfolioProject", "Report", "ZoneTarget", "AdminUnit", "UnitChange", "Sector",
    "PrioritySector", "Programme", "ExchangeRate", "Document", "NewsFact", "HeaderMapping",
    "WatchSource", "WatchItem", "WatchStory", "WatchMember", "WatchBand", "WatchEcho", "IndicatorValue",
    "AnnualRate", "User", "UserGrant", "ApiToken", "SignInSession", "LoginAttempt"]


@pytest.fixture
def placed(engine):
    """A zone and a project in Pavlodar region (which the investor's grant does not cover)."""
    from orken.registry import others
    from orken.registry.schemas import ZoneCreate

    with _system(engine) as s:
        zone = others.create_zone(s, ZoneCreate(name={"ru": "СЭЗ"}, kind="sez", region_kato="550000000"), "tests")
        return zone.id, _project(s).id


@pytest.mark.parametrize("name", FORMERLY_UNKNOWN)
def test_an_investor_cannot_write_rows_the_old_guard_let_through(engine, placed, name):
    with session_scope(engine) as s:
        s.info["principal"] = INVESTOR
        row = _rows(s, *placed)[name]
        with pytest.raises((Forbidden, Unauthorized)):
            s.add(row)
            s.flush()
        s.rollback()


def test_the_public_cannot_write_an_import_job_and_its_uploader_can(engine, placed):
    from orken.auth.policy import PUBLIC

    with session_scope(engine) as s:
        s.info["principal"] = Principal()  # the public, as a request without credentials
        with pytest.raises(Unauthorized):
            s.add(_rows(s, *placed)["ImportJob"])
            s.flush()
        s.rollback()
        s.info["principal"] = INVESTOR
        s.add(_rows(s, *placed)["ImportJob"])
        s.flush()
    assert not PUBLIC.signed_in


def test_an_investor_cannot_change_or_delete_the_change_log(engine, placed):
    from orken.db.models import ChangeRecord

    with session_scope(engine) as s:
        s.info["principal"] = INVESTOR
        entry = s.scalar(select(ChangeRecord).limit(1))
        entry.actor = "someone else"
        with pytest.raises(Forbidden, match="never changed or deleted"):
            s.flush()
        s.rollback()
        s.delete(s.scalar(select(ChangeRecord).limit(1)))
        with pytest.raises(Forbidden):
            s.flush()
        s.rollback()


def test_a_target_written_through_the_service_by_an_investor_is_refused_and_by_an_analyst_not(engine):
    from orken.monitoring import service
    from orken.monitoring.schemas import TargetIn

    with session_scope(engine) as s:  # no system context: the service writes as the principal it is handed
        with pytest.raises(Forbidden):
            service.create_target(s, INVESTOR, TargetIn(year=2026, kato="550000000", projects_launched=3))
        s.rollback()
        analyst = Principal(user_id=7, username="analyst", grants=(Grant(Role.REGION_ANALYST, region="550000000"),),
                            via="token")
        t = service.create_target(s, analyst, TargetIn(year=2026, kato="550000000", projects_launched=3))
        assert t.id is not None and "principal" not in s.info


def test_the_command_line_writes_as_the_system_only_for_its_run(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from orken.auth import guard
    from orken.cli import app
    from orken.db.engine import engine_for

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ORKEN_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["load-reference"])
    assert result.exit_code == 0, result.output
    assert guard._system.get() is None  # the run's context ended with it
    with pytest.raises(guard.NoWriteContext):
        with session_scope(engine_for(url)) as s:
            _project(s)


def test_monitoring_compares_roles_through_the_policy_never_as_strings():
    roles = {r.value for r in Role}
    found = []
    for path in sorted((SRC / "monitoring").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in roles:
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert not found, found


def test_nothing_decides_by_matching_text_inside_an_error_message():
    """``"comment" in str(exc)`` and ``exc.args`` decide by an error's wording: errors carry what matters."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        handlers = {h.name for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.name}
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops):
                for side in node.comparators:
                    if (isinstance(side, ast.Call) and getattr(side.func, "id", None) in ("str", "repr")
                            and side.args and isinstance(side.args[0], ast.Name) and side.args[0].id in handlers):
                        found.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "args" and isinstance(node.value, ast.Name) \
                    and node.value.id in handlers:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found, found
