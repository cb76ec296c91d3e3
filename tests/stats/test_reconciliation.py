"""Reconciliation arithmetic and the estimates toggle (both engines)."""

from datetime import date
from decimal import Decimal

from orken.registry import projects
from orken.registry.schemas import ProjectCreate
from orken.stats import estimates, service


def _project(session, name, region, inv=None, year=None, oked="24", jobs=None, status="planned"):
    return projects.create(session, ProjectCreate(
        name={"en": name}, region_kato=region, oked=oked, status=status,
        investment_planned={"amount": str(inv), "currency": "KZT"} if inv is not None else None,
        launch_planned=date(year, 6, 1) if year else None, jobs_permanent_planned=jobs), "test")


def test_reconcile_flags():
    assert service.reconcile(Decimal(1000), Decimal(250)) == {"share": "0.2500", "flag": "ok"}
    assert service.reconcile(Decimal(1000), Decimal(1500))["flag"] == "exceeds_official"
    assert service.reconcile(Decimal(1000), Decimal(49)) == {"share": "0.0490", "flag": "explains_little"}
    assert service.reconcile(Decimal(1000), Decimal(50))["flag"] == "ok"
    assert service.reconcile(None, Decimal(5))["flag"] == "no_official"


def test_reconciliation_per_region_and_year(session, client):
    kar = "350000000"
    _project(session, "A", kar, 300, 2024)
    _project(session, "B", kar, 200, 2024)
    _project(session, "C", kar, 5000, 2023)
    _project(session, "D", "550000000", 999, 2024)  # another region
    for year, months, value in ((2024, 9, 800), (2024, 12, 1000), (2023, 12, 4000), (2022, 12, 700)):
        service.upsert(session, indicator="investment_fixed_capital", region_kato=kar, year=year, months=months,
                       period_text=None, value=Decimal(value), unit="KZT", source_url="https://stat.gov.kz/x",
                       is_sample=False)
    session.commit()
    rows = {r["year"]: r for r in service.reconciliation(session, kar)}
    assert rows[2024]["registry_kzt"] == "500.00" and rows[2024]["official_kzt"] == "1000"
    assert rows[2024]["official_months"] == 12  # the whole year, not the 9 months
    assert rows[2024]["share"] == "0.5000" and rows[2024]["flag"] == "ok"
    assert rows[2023]["flag"] == "exceeds_official" and rows[2023]["share"] == "1.2500"
    assert rows[2022]["registry_kzt"] == "0.00" and rows[2022]["flag"] == "explains_little"
    body = client.get("/api/v1/indicators/reconciliation", params={"region": kar}).json()
    assert [r["year"] for r in body["items"]] == [2022, 2023, 2024]
    assert client.get("/api/v1/indicators", params={"region": kar, "year": 2024}).json()["total"] == 2
    assert client.get("/api/v1/indicators", params={"indicator": "nonsense"}).status_code == 422


def test_estimates_are_flagged_and_only_added_when_asked(session, client):
    kar = "350000000"
    for i, (inv, jobs) in enumerate(((100, 10), (200, 20), (300, 30), (10_000, 1000))):
        _project(session, f"P{i}", kar, inv, 2024 if i < 3 else 2005, jobs=jobs)
    target = _project(session, "No figures", kar, None, 2025)
    _project(session, "Other sector", kar, None, 2025, oked="01")  # no comparables in section A: no estimate
    session.commit()
    est = estimates.estimates(session)
    assert set(est) == {target.id}
    assert est[target.id]["investment_kzt"]["value"] == "200.00"  # median of 100, 200, 300 (2005 is too far)
    assert est[target.id]["jobs_permanent"]["value"] == 20
    assert "median of 3 projects" in est[target.id]["investment_kzt"]["method"]
    plain = client.get("/api/v1/stats", params={"group_by": "region"}).json()["items"]
    kar_row = next(r for r in plain if r["key"] == kar)
    assert kar_row["investment_planned_kzt"] == "10600.00" and "estimated" not in kar_row
    with_est = client.get("/api/v1/stats", params={"group_by": "region", "estimates": "true"}).json()["items"]
    kar_row = next(r for r in with_est if r["key"] == kar)
    assert kar_row["investment_planned_kzt"] == "10600.00"  # the reported sum is unchanged
    assert kar_row["estimated"]["investment_kzt"] == "200.00" and kar_row["estimated"]["projects"] == 1
    assert kar_row["estimated"]["jobs_permanent"] == 20
    # never written into the reported fields
    session.refresh(target)
    assert target.investment_planned is None and target.jobs_permanent_planned is None
