"""Grouped stats (``/api/v1/stats``, ``orken.registry.query.stats``): NULLs in the sums, the groups'
names joined in, sector filters mixing sections and divisions, and the permission scope."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from orken.auth.policy import Grant
from orken.db.models import AdminUnit, Sector
from orken.domain.money import from_tiyn
from orken.registry import query
from orken.registry.query import ProjectFilter

KARAGANDA, ALMATY_REGION = "350000000", "190000000"


def stats(client, **params) -> dict:
    response = client.get("/api/v1/stats", params=params)
    assert response.status_code == 200, response.text
    return {r["key"]: r for r in response.json()["items"]}


def test_nulls_count_as_projects_but_not_in_the_sums(client, make):
    make.project(region_kato=KARAGANDA, investment_planned={"amount": "1.50"}, jobs_permanent_planned=4,
                 jobs_construction_planned=9, status="planned")
    make.project(region_kato=KARAGANDA, status="planned")  # no figures at all
    make.project(region_kato=ALMATY_REGION, status="planned")  # a group with nothing to sum
    rows = stats(client, group_by="region")
    assert rows[KARAGANDA]["projects"] == 2
    assert rows[KARAGANDA]["investment_planned_kzt"] == "1.50"
    assert rows[KARAGANDA]["jobs_permanent_planned"] == 4 and rows[KARAGANDA]["jobs_construction_planned"] == 9
    assert rows[KARAGANDA]["investment_unconverted"] == 0
    empty = rows[ALMATY_REGION]
    assert empty["projects"] == 1
    assert (empty["investment_planned_kzt"], empty["investment_actual_kzt"]) == ("0.00", "0.00")
    assert (empty["jobs_permanent_planned"], empty["jobs_permanent_actual"], empty["jobs_construction_planned"]) == (
        0, 0, 0)


def test_groups_carry_their_names_and_a_missing_key_has_none(client, make, session):
    zone = make.zone(name={"ru": "СЭЗ Сарыарка", "kk": "Сарыарқа АЭА"})
    make.project(region_kato=KARAGANDA, oked="24", zone_id=zone["id"], launch_planned="2027-05-01")
    make.project(region_kato=KARAGANDA, programmes=["gpiir-2020-2025"])  # no sector, zone or year
    region = session.get(AdminUnit, KARAGANDA)
    by_region = stats(client, group_by="region")
    assert by_region[KARAGANDA]["label"] == {"kk": region.name_kk, "ru": region.name_ru, "en": region.name_en}
    by_sector = stats(client, group_by="sector")
    section = session.scalar(select(Sector).where(Sector.code == "C"))
    assert by_sector["C"]["label"]["ru"] == section.name_ru and by_sector["C"]["projects"] == 1
    assert by_sector[None]["label"] is None and by_sector[None]["projects"] == 1
    by_zone = stats(client, group_by="zone")
    assert by_zone[zone["id"]]["label"] == {"kk": "Сарыарқа АЭА", "ru": "СЭЗ Сарыарка", "en": None}
    assert by_zone[None]["label"] is None
    by_programme = stats(client, group_by="programme")
    assert list(by_programme) == ["gpiir-2020-2025"] and by_programme["gpiir-2020-2025"]["label"]["ru"]
    by_year = stats(client, group_by="year")
    assert all(r["label"] is None for r in by_year.values())
    assert sum(r["projects"] for r in by_year.values()) == 2


def test_sector_filter_takes_sections_divisions_or_both(client, make):
    make.project(oked="24")  # C, division 24
    make.project(oked="10")  # C, division 10
    make.project(oked="35")  # D, division 35
    make.project(oked="01")  # A, division 01

    def total(**params) -> int:
        return sum(r["projects"] for r in stats(client, group_by="status", **params).values())

    assert total(sector="C") == 2
    assert total(sector="24") == 1
    assert total(sector=["C", "35"]) == 3
    assert total(sector=["24", "35"]) == 2
    assert total(sector=["A", "D"]) == 2
    assert total() == 4


def test_scoped_stats_count_only_the_projects_in_scope(client, make, session):
    make.project(region_kato=KARAGANDA, oked="24", investment_planned={"amount": "10"})
    make.project(region_kato=KARAGANDA, oked="35", investment_planned={"amount": "20"})
    make.project(region_kato=ALMATY_REGION, oked="24", investment_planned={"amount": "40"})
    everything = {r["key"]: r for r in query.stats(session, ProjectFilter(), "region")}
    assert everything[KARAGANDA]["investment_planned_kzt"] == "30.00"
    scoped = query.stats(session, ProjectFilter(scope=[Grant("region_analyst", region=KARAGANDA)]), "region")
    assert [(r["key"], r["projects"], Decimal(r["investment_planned_kzt"])) for r in scoped] == [
        (KARAGANDA, 2, Decimal(30))]
    by_sector = query.stats(session, ProjectFilter(scope=[Grant("sector_analyst", sector="C")]), "region")
    assert {r["key"]: r["projects"] for r in by_sector} == {KARAGANDA: 1, ALMATY_REGION: 1}
    two = query.stats(session, ProjectFilter(scope=[Grant("region_analyst", region=KARAGANDA),
                                                    Grant("sector_analyst", sector="C")]), "sector")
    assert {r["key"]: r["projects"] for r in two} == {"C": 2, "D": 1}
    assert query.stats(session, ProjectFilter(scope=[]), "region") == []


@given(st.integers(min_value=-(10**22), max_value=10**22) | st.none())
def test_money_text_is_the_exact_decimal(tiyn):
    assert query._money(tiyn) == format(from_tiyn(int(tiyn or 0)), "f")
