"""Importing quarterly monitoring reports through the monitoring service: workflow, permissions, change log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from orken.auth.policy import Grant, Principal, Role
from orken.cli import app
from orken.db.models import ChangeRecord, Project
from orken.io.importer import run_import
from orken.monitoring import service
from orken.monitoring.models import Report
from orken.monitoring.workflow import Action
from tests.conftest import make_user
from tests.io.sheets import REPORTS_BAD, REPORTS_GOOD, messy_projects, messy_reports

runner = CliRunner()


@pytest.fixture
def registry(engine, tmp_path):
    """The three Karaganda projects of the messy project sheet (KRG-001, KRG-002, KRG-003)."""
    assert run_import(engine, "projects", messy_projects(tmp_path / "p.xlsx")).created == 3


def reports(session) -> dict[str, Report]:
    out = {}
    for r, external_id in session.execute(select(Report, Project.external_id).join(Project)
                                          .order_by(Report.revision)):
        out[external_id] = r
    return out


def test_messy_report_sheet_goes_in_as_drafts_and_each_bad_row_is_reported(engine, session, registry, tmp_path):
    path = messy_reports(tmp_path / "q3.xlsx")
    report = run_import(engine, "reports", path, lang="ru")

    assert report.committed and (report.rows, report.created, report.rejected) == (7, 3, 4)
    assert report.skipped == {"numbering": 1, "blank": 1, "region heading": 1, "totals": 1}
    assert report.columns["Инвестиции, млн тенге за квартал"] == "investment_period_kzt"
    assert report.columns["Рабочие места временные"] == "jobs_temporary"
    by_row: dict[int, dict] = {}
    for p in report.problems:
        by_row.setdefault(p.row, {})[p.field] = p
    assert sorted(by_row) == [10, 12, 13, 14]
    assert "KRG-404" in by_row[10]["external_id"].message and by_row[10]["external_id"].column == "B (Код проекта)"
    assert "строке 8" in by_row[12]["period"].message and by_row[12]["period"].column == "D (Отчётный период)"
    assert set(by_row[13]) == {"period", "jobs_permanent", "capacity_utilisation"}
    assert by_row[13]["capacity_utilisation"].column == "J (Загрузка мощности, %)"
    assert "не указан проект" in by_row[14]["project"].message
    rejected = (tmp_path / "q3.rejected.csv").read_text("utf-8-sig")
    assert rejected.count("\n") == 5 and "KRG-404" in rejected

    stored = reports(session)
    assert set(stored) == {"KRG-001", "KRG-002", "KRG-003"}
    assert {(r.year, r.quarter, r.state, r.current) for r in stored.values()} == {(2024, 3, "draft", False)}
    brick, glass = stored["KRG-001"], stored["KRG-002"]
    assert brick.investment_period_kzt == Decimal("120500000.00")  # "120,5" in a "млн тенге" column
    assert brick.investment_to_date_kzt == Decimal("980300000.00") and brick.jobs_temporary == 110
    assert brick.capacity_utilisation == Decimal(85) and brick.problems == "задержка поставки оборудования"
    assert glass.capacity_utilisation == Decimal(92)  # an Excel percentage cell, 0.92
    assert glass.output_value_kzt == Decimal("1200000000.00") and glass.exports_kzt == Decimal("35500000.00")
    assert brick.created_by == "import:q3.xlsx"
    log = session.scalars(select(ChangeRecord).where(ChangeRecord.object_type == "report")).all()
    assert len(log) == 3 and {c.actor for c in log} == {"import:q3.xlsx"}


def test_reimport_updates_drafts_leaves_approved_reports_alone_and_submits_on_request(engine, session, registry,
                                                                                       tmp_path):
    path = messy_reports(tmp_path / "q3.xlsx")
    run_import(engine, "reports", path)
    again = run_import(engine, "reports", path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert session.scalar(select(func.count()).select_from(Report)) == 3

    # a curator submits the brick plant's report and another approves it (separation of duties); the region
    # sends corrected figures for all three
    curator = Principal(user_id=1, username="curator", grants=(Grant(Role.CURATOR, region="350000000"),))
    reviewer = Principal(user_id=2, username="reviewer", grants=(Grant(Role.CURATOR, region="350000000"),))
    brick = reports(session)["KRG-001"]
    service.act(session, curator, brick.id, Action.SUBMIT)
    service.act(session, reviewer, brick.id, Action.APPROVE)
    session.commit()
    good = [list(r) for r in REPORTS_GOOD]
    good[0][6], good[1][6], good[2][7] = "46", 81, 41
    corrected = run_import(engine, "reports", messy_reports(tmp_path / "q3b.xlsx", good=good), lang="en",
                           submit=True)
    assert (corrected.created, corrected.updated, corrected.submitted) == (0, 2, 2)
    locked = [p for p in corrected.problems if p.row == 8]
    assert len(locked) == 1 and "approved" in locked[0].message and "cannot be changed" in locked[0].message
    session.expire_all()
    stored = reports(session)
    assert stored["KRG-001"].jobs_permanent == 45 and stored["KRG-001"].state == "approved"
    assert stored["KRG-002"].jobs_permanent == 81 and stored["KRG-002"].state == "submitted"
    assert stored["KRG-002"].submitted_by == "import:q3b.xlsx"
    assert "approved" not in {r.state for k, r in stored.items() if k != "KRG-001"}


def test_all_or_nothing_and_dry_run_write_nothing(engine, session, registry, tmp_path):
    path = messy_reports(tmp_path / "q3.xlsx")
    assert not run_import(engine, "reports", path, all_or_nothing=True).committed
    dry = run_import(engine, "reports", path, dry_run=True)
    assert dry.rows == 7 and dry.rejected == 4 and not dry.committed
    assert session.scalar(select(func.count()).select_from(Report)) == 0
    clean = run_import(engine, "reports", messy_reports(tmp_path / "ok.xlsx", bad=[[None] * 12] * 4),
                       all_or_nothing=True)
    assert clean.committed and clean.created == 3


def test_only_authors_of_the_project_may_import_its_reports(engine, session, registry, tmp_path):
    path = messy_reports(tmp_path / "q3.xlsx")
    analyst = Principal(user_id=7, username="analyst", grants=(Grant(Role.REGION_ANALYST, region="350000000"),))
    report = run_import(engine, "reports", path, principal=analyst, lang="en")
    assert report.created == 0 and report.rejected == 7
    assert any("may not report on project" in p.message for p in report.problems)
    glass = session.scalar(select(Project.id).where(Project.external_id == "KRG-002"))
    investor = Principal(user_id=8, username="investor", grants=(Grant(Role.INVESTOR, project_id=glass),))
    report = run_import(engine, "reports", path, principal=investor)
    assert report.created == 1 and reports(session)["KRG-002"].created_by == "user:investor"


def test_cli_imports_reports_as_a_user(engine, session, registry, tmp_path, monkeypatch):
    monkeypatch.setenv("ORKEN_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    make_user(engine, "aigerim", "curator", region="350000000")
    path = messy_reports(tmp_path / "q3.xlsx")
    result = runner.invoke(app, ["import", "reports", str(path), "--as", "aigerim", "--submit", "--lang", "kk"])
    assert result.exit_code == 0, result.output
    assert "3 created" in result.stdout and "3 submitted for review" in result.stdout
    assert "KRG-404" in result.stdout and "жобасы тізілімде табылмады" in result.stdout
    assert {r.submitted_by for r in reports(session).values()} == {"user:aigerim"}
    assert runner.invoke(app, ["import", "reports", str(path), "--as", "nobody"]).exit_code == 1
    assert len(REPORTS_BAD) == 4
