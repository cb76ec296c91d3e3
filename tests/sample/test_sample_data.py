"""Checks of the sample dataset file itself (src/orken/sample/data/sample.json); no database needed."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "src" / "orken" / "sample" / "data" / "sample.json"
GEO = ROOT / "src" / "orken" / "reference" / "data" / "geo"
CORPUS_DIRS = [Path("/work/shared/data/corpus/kk"), ROOT.parent / "shared" / "data" / "corpus" / "kk"]

PROJECT_STATUSES = {"planned", "under_construction", "launched", "at_design_capacity", "suspended", "restoring",
                    "cancelled"}
PROJECT_TYPES = {"new", "expansion", "modernisation", "restart"}
MAP_LEVELS = {"republican", "regional", None}
ORG_KINDS = {"investor", "operator", "joint_venture", "management_company", "development_institution", "akimat"}
ORG_ROLES = {"investor", "operator", "contractor", "joint_venture", "management_company"}
ZONE_KINDS = {"sez", "industrial_zone", "small_industrial_zone", "industrial_park", "technopark"}
INFRA_KINDS = {"power", "gas", "water", "rail", "road", "heat", "sewerage"}
INFRA_STATES = {"available", "planned"}
SUPPORT_KINDS = {"infrastructure", "subsidy", "tax_preference", "customs_preference", "investment_contract",
                 "land_plot"}
SUPPORT_STATUSES = {"committed", "delivered", "overdue"}
UNITS = {"unit", "t", "thousand_t", "m2", "ha", "MW", "MWh", "l", "km", "container"}
PERIODS = {"year", "day", "shift", None}
CURRENCIES = {"KZT", "USD", "EUR", "RUB", "CNY"}
PROGRAMMES = {"gpiir-2010-2014", "gpiir-2015-2019", "gpiir-2020-2025", "business-roadmap", "nurly-zhol",
              "regional-investment-pool"}
SOURCE_KINDS = {"corpus", "public"}
LANGS = ("kk", "ru", "en")
KATO_RE = re.compile(r"^\d{9}$")
OKED_RE = re.compile(r"^\d{2}(\.\d{1,2})?$")


@pytest.fixture(scope="module")
def data():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def _katos(name):
    geo = json.loads((GEO / f"{name}.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["KATO"] for f in geo["features"]}


@pytest.fixture(scope="module")
def regions():
    return _katos("adm1")


@pytest.fixture(scope="module")
def districts():
    return _katos("adm2")


def _all_sources(data):
    for section in ("organisations", "zones", "projects"):
        for rec in data[section]:
            for src in rec["sources"]:
                yield section, rec["key"], src


def _date_ok(value):
    if value is None:
        return True
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def _decimal_ok(value, positive=True):
    if not isinstance(value, str):
        return False
    try:
        d = Decimal(value)
    except InvalidOperation:
        return False
    return d.is_finite() and (d > 0 if positive else d >= 0)


def _name_ok(name):
    return isinstance(name, dict) and set(name) == set(LANGS) and any(name[k] for k in LANGS)


# ------------------------------------------------------------------------------------------------ shape and size

def test_meta_marks_sample(data):
    assert set(data) == {"meta", "documents", "organisations", "zones", "projects"}
    assert data["meta"]["sample"] is True
    assert data["meta"]["description"]
    assert _date_ok(data["meta"]["compiled"])


def _file_zones() -> dict[str, dict]:
    """The zones of zones.jsonl (loaded before sample.json's own zones), by key, with their region's KATO."""
    from orken.sample import zones as zone_file

    return {zone_file.key(r): {**r, "region_kato": zone_file.REGIONS[r["region"]]} for r in zone_file.read()}


def test_minimum_size(data):
    assert len(data["projects"]) >= 40
    assert len({p["region_kato"] for p in data["projects"]}) >= 12
    assert len(data["zones"]) + len(_file_zones()) >= 30


def test_well_known_projects_present(data):
    keys = {p["key"] for p in data["projects"]}
    assert "kazbelaz-karaganda" in keys
    assert "kazsilicon-restart" in keys
    zones = {z["key"] for z in data["zones"]} | set(_file_zones())
    assert {"saryarka-sez", "saran-industrial-zone", "khorgos-sez", "astana-new-city-sez", "pavlodar-sez",
            "chemical-park-taraz-sez", "nipt-sez", "aktau-seaport-sez"} <= zones


@pytest.mark.parametrize("section", ["documents", "organisations", "zones", "projects"])
def test_keys_unique(data, section):
    counts = Counter(r["key"] for r in data[section])
    assert not [k for k, n in counts.items() if n > 1]
    assert all(isinstance(k, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", k) for k in counts)


# ------------------------------------------------------------------------------------------------ references

def test_references_resolve(data):
    docs = {d["key"] for d in data["documents"]}
    orgs = {o["key"] for o in data["organisations"]}
    zones = {z["key"] for z in data["zones"]} | set(_file_zones())
    for o in data["organisations"]:
        for p in o["partners"]:
            assert p["org"] in orgs and p["org"] != o["key"], (o["key"], p)
    for z in data["zones"]:
        assert z["management_company"] is None or z["management_company"] in orgs, z["key"]
    for p in data["projects"]:
        assert p["zone"] is None or p["zone"] in zones, p["key"]
        for link in p["organisations"]:
            assert link["org"] in orgs, (p["key"], link)
        for s in p["support"]:
            assert s["by"] is None or s["by"] in orgs, (p["key"], s)
    for section, key, src in _all_sources(data):
        assert src["document"] is None or src["document"] in docs, (section, key, src["document"])


def test_project_zone_in_same_region(data):
    zones = {**_file_zones(), **{z["key"]: z for z in data["zones"]}}
    for p in data["projects"]:
        if p["zone"]:
            assert zones[p["zone"]]["region_kato"] == p["region_kato"], p["key"]


# ------------------------------------------------------------------------------------------------ sources

def test_every_record_has_a_source(data):
    for section in ("organisations", "zones", "projects"):
        for rec in data[section]:
            assert rec["sources"], (section, rec["key"])


def test_source_shape(data):
    for section, key, src in _all_sources(data):
        assert set(src) == {"document", "kind", "title", "url", "date", "quote"}, (section, key)
        assert src["kind"] in SOURCE_KINDS
        assert src["title"]
        assert _date_ok(src["date"])
        if src["kind"] == "corpus":
            assert src["document"] and isinstance(src["quote"], str) and src["quote"].strip(), (section, key)
        else:
            assert src["document"] is None and src["quote"] is None, (section, key)


def test_public_knowledge_projects_have_no_figures(data):
    for p in data["projects"]:
        if all(s["kind"] == "public" for s in p["sources"]):
            assert p["investment_planned"] is None and p["investment_actual"] is None, p["key"]
            assert p["jobs_permanent_planned"] is None and p["jobs_permanent_actual"] is None, p["key"]
            assert p["jobs_construction_planned"] is None and not p["capacities"], p["key"]
            assert "not verifiable offline" in (p["note"] or ""), p["key"]


def _corpus_dir():
    for d in CORPUS_DIRS:
        if d.is_dir():
            return d
    return None


def test_corpus_quotes_are_verbatim(data):
    corpus = _corpus_dir()
    if corpus is None:
        pytest.skip("corpus folder not available")
    files = {d["key"]: d["file"] for d in data["documents"]}
    texts = {}
    for section, key, src in _all_sources(data):
        if src["kind"] != "corpus":
            continue
        name = files[src["document"]]
        if name not in texts:
            texts[name] = (corpus / name).read_text(encoding="utf-8")
        assert src["quote"] in texts[name], (section, key, src["quote"][:80])


def test_documents(data):
    for d in data["documents"]:
        assert set(d) == {"key", "title", "lang", "date", "publisher", "url", "file"}
        assert d["lang"] in {"kk", "ru", "en"}
        assert _date_ok(d["date"])
        assert d["file"] and "/" not in d["file"]


# ------------------------------------------------------------------------------------------------ geography

def _check_kato(region, district, regions, districts, where):
    assert isinstance(region, str) and KATO_RE.match(region), where
    assert region in regions, where
    if district is not None:
        assert isinstance(district, str) and KATO_RE.match(district), where
        assert district in districts, where
        assert district[:2] == region[:2], where


def test_katos(data, regions, districts):
    for section in ("zones", "projects"):
        for rec in data[section]:
            _check_kato(rec["region_kato"], rec["district_kato"], regions, districts, (section, rec["key"]))


def test_coordinates_in_kazakhstan(data):
    for section in ("zones", "projects"):
        for rec in data[section]:
            lat, lon = rec["lat"], rec["lon"]
            assert (lat is None) == (lon is None), rec["key"]
            if lat is not None:
                assert 40.5 <= lat <= 55.5 and 46.5 <= lon <= 87.5, rec["key"]


# ------------------------------------------------------------------------------------------------ vocabularies

def test_organisations(data):
    for o in data["organisations"]:
        assert o["kind"] in ORG_KINDS, o["key"]
        assert _name_ok(o["name"]), o["key"]
        assert isinstance(o["country"], str) and re.fullmatch(r"[A-Z]{2}", o["country"]), o["key"]
        assert o["bin"] is None or re.fullmatch(r"\d{12}", o["bin"]), o["key"]
        for p in o["partners"]:
            sp = p["share_percent"]
            assert sp is None or (_decimal_ok(sp) and Decimal(sp) <= 100), o["key"]


def test_zones(data):
    for z in data["zones"]:
        assert z["kind"] in ZONE_KINDS, z["key"]
        assert _name_ok(z["name"]), z["key"]
        for f in ("area_ha", "free_area_ha"):
            assert z[f] is None or _decimal_ok(z[f]), (z["key"], f)
        if z["area_ha"] and z["free_area_ha"]:
            assert Decimal(z["free_area_ha"]) <= Decimal(z["area_ha"])
        assert _date_ok(z["established"]), z["key"]
        for i in z["infrastructure"]:
            assert i["kind"] in INFRA_KINDS and i["state"] in INFRA_STATES, z["key"]


def _money_ok(m):
    return m is None or (set(m) == {"amount", "currency", "date"} and _decimal_ok(m["amount"])
                         and m["currency"] in CURRENCIES and _date_ok(m["date"]))


def test_projects(data):
    for p in data["projects"]:
        k = p["key"]
        assert _name_ok(p["name"]), k
        assert p["description"] is None or _name_ok(p["description"]), k
        assert isinstance(p["oked"], str) and OKED_RE.match(p["oked"]), k
        assert set(p["programmes"]) <= PROGRAMMES, k
        assert p["map_level"] in MAP_LEVELS, k
        assert p["project_type"] in PROJECT_TYPES, k
        assert p["status"] in PROJECT_STATUSES, k
        for h in p["status_history"]:
            assert h["status"] in PROJECT_STATUSES and _date_ok(h["date"]), k
        assert _money_ok(p["investment_planned"]) and _money_ok(p["investment_actual"]), k
        for f in ("jobs_construction_planned", "jobs_permanent_planned", "jobs_permanent_actual"):
            v = p[f]
            assert v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0), (k, f)
        assert _date_ok(p["launch_planned"]) and _date_ok(p["launch_actual"]), k
        for c in p["capacities"]:
            assert _name_ok(c["product"]), k
            assert _decimal_ok(c["quantity"]), k
            assert c["unit"] in UNITS and c["period"] in PERIODS, k
        for link in p["organisations"]:
            assert link["role"] in ORG_ROLES, k
        for s in p["support"]:
            assert s["kind"] in SUPPORT_KINDS and s["status"] in SUPPORT_STATUSES and s["description"], k
        assert isinstance(p["phases"], list), k


def test_current_status_matches_history(data):
    for p in data["projects"]:
        if p["status_history"]:
            dated = [h for h in p["status_history"] if h["date"]]
            last = max(dated, key=lambda h: h["date"]) if dated else p["status_history"][-1]
            assert last["status"] == p["status"], p["key"]
