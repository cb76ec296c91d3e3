"""The site matcher's ranking and the catalogue's filters on built zones (pure: no database)."""

from decimal import Decimal as D

from orken.domain import sites
from orken.domain.sites import Infra, Need, Site, SiteFilter


def site(id, **kw):
    return Site(id=id, name=kw.pop("name", f"zone {id}"), **kw)


def test_a_zone_lacking_gas_ranks_below_one_that_has_it():
    with_gas = site(1, free_area_ha=D(50), infrastructure=(Infra("gas", "available"), Infra("rail", "available")))
    no_gas = site(2, free_area_ha=D(500), infrastructure=(Infra("gas", "absent"), Infra("rail", "available")))
    ranked = sites.match([no_gas, with_gas], Need(land_ha=D(20), infra=("gas", "rail")))
    assert [m.site.id for m in ranked] == [1, 2]
    assert ranked[0].score == 100 and not ranked[0].missing
    assert [(r.need, r.verdict) for r in ranked[1].missing] == [("gas", "miss")]


def test_planned_infrastructure_ranks_between_available_and_absent():
    zones = [site(1, infrastructure=(Infra("gas", "absent"),)), site(2, infrastructure=(Infra("gas", "planned", year=2027),)),
             site(3, infrastructure=(Infra("gas", "available"),)),
             site(4, infrastructure=(Infra("gas", "under_construction", year=2026),)), site(5)]
    ranked = sites.match(zones, Need(infra=("gas",)))
    assert [m.site.id for m in ranked] == [3, 4, 2, 5, 1]  # unknown (5) is not absent (1)
    planned = next(m for m in ranked if m.site.id == 2).missing[0]
    assert (planned.verdict, planned.state, planned.year) == ("partial", "planned", 2027)
    assert next(m for m in ranked if m.site.id == 5).missing[0].verdict == "unknown"


def test_free_area_below_the_need_is_a_miss():
    small, large, unknown = site(1, free_area_ha=D(40)), site(2, free_area_ha=D(120)), site(3, area_ha=D(300))
    ranked = sites.match([small, unknown, large], Need(land_ha=D(100)))
    assert [m.site.id for m in ranked] == [2, 3, 1]
    miss = ranked[-1].missing[0]
    assert (miss.need, miss.verdict, miss.have, miss.need_value) == ("land", "miss", D(40), D(100))
    assert ranked[1].missing[0].detail == "free_unknown"  # only the whole area is known
    whole_too_small = sites.match([site(4, area_ha=D(30))], Need(land_ha=D(100)))[0].missing[0]
    assert (whole_too_small.verdict, whole_too_small.detail) == ("miss", "area_below")


def test_power_capacity_and_sector():
    big = site(1, infrastructure=(Infra("power", "available", D(200)),), oked=("20",))
    small = site(2, infrastructure=(Infra("power", "available", D(10)),), oked=("C",))
    unsure = site(3, infrastructure=(Infra("power", "available"),), oked=("10",))
    ranked = sites.match([small, unsure, big], Need(power_mw=D(50), sector="20"))
    assert [m.site.id for m in ranked] == [1, 3, 2]
    assert ranked[0].score == 100
    assert ranked[2].missing[0].detail == "capacity_below" and ranked[2].missing[1].verdict == "partial"
    assert sites.sector_fit("C", ("20",)) == 1 and sites.sector_fit("20", ()) == D("0.5")


def test_region_narrows_and_empty_need_scores_nothing():
    zones = [site(1, region="350000000"), site(2, region="550000000")]
    assert [m.site.id for m in sites.match(zones, Need(infra=("gas",), region="550000000"))] == [2]
    assert Need().is_empty()


def test_catalogue_filters():
    a = site(1, kind="sez", free_area_ha=D(91), area_ha=D(185),
             infrastructure=(Infra("gas", "available"), Infra("rail", "available"), Infra("power", "available", D(25))),
             oked=("20", "23"), participants=15)
    b = site(2, kind="industrial_zone", area_ha=D(300), infrastructure=(Infra("gas", "planned"), Infra("rail", "available")),
             incentives=("customs",))
    c = site(3, kind="industrial_park")
    all_ = [a, b, c]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(free_area_min=D(10)))] == [1]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(has=("gas", "rail")))] == [1]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(has_planned=("gas",)))] == [1, 2]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(power_min_mw=D(20)))] == [1]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(power_min_mw=D(30)))] == []
    assert [s.id for s in sites.catalogue(all_, SiteFilter(sector=("C",)))] == [1]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(incentive=("cit",)))] == [1]  # the SEZ regime by law
    assert [s.id for s in sites.catalogue(all_, SiteFilter(incentive=("customs",)))] == [1, 2]
    assert [s.id for s in sites.catalogue(all_, SiteFilter(incentive=("iz_regime",)))] == [2]
    assert [s.id for s in sites.sort_sites(all_, "-free_area")] == [1, 2, 3]  # unknown last
    assert [s.id for s in sites.sort_sites(all_, "-area")] == [2, 1, 3]


def test_readings_of_the_reporting():
    assert sites.read_oked(["building materials", "pharmaceuticals", "food"]) == ["10", "21", "23"]
    assert sites.read_oked(["industry"]) == ["C"] and sites.read_oked(["industry", "furniture"]) == ["31"]
    assert sites.read_oked(["something unheard of"]) == []
    assert sites.read_incentives(["zero corporate income tax", "zero land tax", "tax benefits"]) == ["cit", "land_tax", "tax"]
    assert sites.read_capacity_mw("200 MW GTES by Batys Power") == D(200)
    assert sites.read_capacity_mw("110 kV line and substation") is None


def test_kpi_arithmetic_percent_only_where_a_target_is_set():
    lines = sites.kpi_lines(
        {2025: {"investment": D("1000"), "participants": 8, "jobs": None, "local_content": D("30")},
         2026: {"investment": D(0), "participants": None, "jobs": 100, "local_content": None}},
        {2025: {"investment": D("250"), "participants": 3, "jobs": 40}, 2027: {"participants": 5, "jobs": 7}})
    y25, y26, y27 = lines
    assert y25["investment"] == {"target": "1000", "fact": "250", "percent": "25.0"}
    assert y25["participants"] == {"target": 8, "fact": 3, "percent": "37.5"}
    assert y25["jobs"] == {"target": None, "fact": 40, "percent": None}  # no target: no percent
    assert y25["local_content"] == {"target": "30", "fact": None, "percent": None}  # nothing reports it
    assert y26["investment"]["percent"] is None  # a zero target measures nothing
    assert y26["jobs"] == {"target": 100, "fact": 0, "percent": "0.0"}
    assert y27["participants"] == {"target": None, "fact": 5, "percent": None}


def test_the_same_zone_under_another_form_of_its_name():
    assert sites.same_zone("SEZ Pavlodar", "Pavlodar SEZ")
    assert sites.same_zone("SEZ Seaport Aktau", "Aktau Sea Port SEZ")
    assert sites.same_zone("SEZ Turan", "Turkistan (Turan) SEZ")
    assert sites.same_zone("Saran industrial zone", "Индустриальная зона Сарань") is False  # no transliteration
    assert sites.same_zone("Индустриальная зона Сарань", "Сарань индустриялық аймағы")
    assert not sites.same_zone("SEZ Aktobe", "Aktobe industrial zone (building materials)")  # kinds differ
    assert not sites.same_zone("Aktau industrial zone", "Industrial zone No 8 (Aktau)")  # a numbered one
    assert not sites.same_zone("industrial zone", "Taraz industrial zone")  # names no zone
