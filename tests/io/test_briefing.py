"""Briefings: the PDF renders to pages with the expected text; the XLSX has its sections."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from orken.db.models import Project
from orken.io import briefing, briefing_pdf, briefing_xlsx
from orken.io.importer import run_import
from orken.errors import NotFound
from orken.sample import loader
from tests.io.sheets import messy_projects


@pytest.fixture
def filled(engine, session, tmp_path):
    loader.load(session)
    session.commit()
    run_import(engine, "projects", messy_projects(tmp_path / "p.xlsx"))


def test_region_pdf_in_kazakh_renders(filled, session, tmp_path):
    b = briefing.gather(session, "350000000", "kk", date(2025, 6, 1))
    region = [p for p in session.query(Project).filter(Project.region_kato == "350000000")]
    assert b.totals["projects"] == len(region) > 9
    assert b.totals["launched"] == sum(p.status in ("launched", "at_design_capacity") for p in region) > 6
    # the sample's real projects report their launch as a year or a month: only the imported one has a due day
    assert [r["name"] for r in b.due] == ["Завод по производству кирпича"]
    assert any("Завод по производству кирпича" in p and "мерзімі өтіп кетті" in p for p in b.problems)
    out = briefing_pdf.render(session, b, tmp_path / "b.pdf")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 2 <= len(pages) <= 6 and all(p.stat().st_size > 5000 for p in pages)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("АНЫҚТАМА", "Қарағанды облысы", "Негізгі көрсеткіштер", "Жоспар мен нақты",
                    "Жобалардың орналасу картасы", "Проблемалық мәселелер", "Дереккөздер", "2025 жылғы 1 маусым"):
        assert heading in text, heading
    planned = briefing.billions(b.totals["investment_planned_kzt"])
    assert "," in planned and planned in text  # planned investment in billions of tenge, the Kazakh/Russian way


def test_national_xlsx_and_russian_pdf(filled, session, tmp_path):
    b = briefing.gather(session, None, "ru", date(2025, 6, 1))
    out = briefing_xlsx.render(b, tmp_path / "kz.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Основные показатели" and "По регионам" in wb.sheetnames
    assert wb.active["A1"].value.startswith("СПРАВКА")
    pdf = briefing_pdf.render(session, b, tmp_path / "kz.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(NotFound):
        briefing.gather(session, "351000000", "ru")  # a city district, not a region


def test_plan_vs_fact_comes_from_approved_monitoring_reports(filled, engine, session, tmp_path):
    from orken.auth.policy import PUBLIC, Grant, Principal, Role
    from orken.monitoring import service
    from orken.monitoring.models import Report
    from orken.monitoring.workflow import Action
    from tests.io.sheets import REPORTS_GOOD, messy_reports

    good = [list(r) for r in REPORTS_GOOD]
    for r in good:
        r[3] = "I кв. 2025"
    assert run_import(engine, "reports", messy_reports(tmp_path / "q1.xlsx", good=good, bad=[[None] * 12] * 4),
                      submit=True).created == 3
    curator = Principal(user_id=1, username="curator", grants=(Grant(Role.CURATOR, region="350000000"),))
    drafts = session.query(Report).order_by(Report.id).all()
    for r in drafts[:2]:  # two approved (120,5 + 500 mln in the quarter); the third stays submitted
        service.act(session, curator, r.id, Action.APPROVE)
    drafts[0].is_public = True
    session.commit()

    b = briefing.gather(session, "350000000", "ru", date(2025, 6, 1))
    pf = b.planfact
    assert (pf["year"], pf["quarter"], pf["reports"]) == (2025, 1, 2)
    assert pf["total"]["fact"]["investment_kzt"] == "620500000.00" and pf["total"]["fact"]["jobs_permanent"] == 125
    assert any("задержка поставки оборудования" in p for p in b.problems)  # the approved report's problem
    public = briefing.gather(session, "350000000", "ru", date(2025, 6, 1), principal=PUBLIC)
    assert public.planfact["reports"] == 1 and public.planfact["total"]["fact"]["investment_kzt"] == "120500000.00"
    assert not any("задержка" in p for p in public.problems)  # report problems are internal

    out = briefing_pdf.render(session, b, tmp_path / "pf.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for phrase in ("План и факт на 2025 год (I квартал)", "по утверждённым отчётам мониторинга (2 отч.",
                   "Всего по реестру", "0,6"):
        assert phrase in text, phrase
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(out), str(tmp_path / "pf")], check=True)
    assert all(p.stat().st_size > 5000 for p in tmp_path.glob("pf-*.png"))
    wb = load_workbook(briefing_xlsx.render(b, tmp_path / "pf.xlsx"))
    assert "План и факт" in wb.sheetnames
