"""Checks of the shipped reference data files (ОКЭД, priority sectors, programmes, rates)."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "src" / "orken" / "reference" / "data"

# NACE Rev. 2 / ОКЭД: each section and the two-digit divisions it holds.
NACE_SECTIONS = {
    "A": range(1, 4), "B": range(5, 10), "C": range(10, 34), "D": [35], "E": range(36, 40),
    "F": range(41, 44), "G": range(45, 48), "H": range(49, 54), "I": range(55, 57), "J": range(58, 64),
    "K": range(64, 67), "L": [68], "M": range(69, 76), "N": range(77, 83), "O": [84], "P": [85],
    "Q": range(86, 89), "R": range(90, 94), "S": range(94, 97), "T": range(97, 99), "U": [99],
}
EXPECTED_PARENT = {f"{d:02d}": s for s, divs in NACE_SECTIONS.items() for d in divs}

REQUIRED_PROGRAMMES = {"gpiir-2010-2014", "gpiir-2015-2019", "gpiir-2020-2025", "business-roadmap",
                       "nurly-zhol", "regional-investment-pool"}
KINDS = {"state_programme", "business_programme", "infrastructure_programme", "regional_pool"}
CURRENCIES = {"USD", "EUR", "RUB", "CNY"}


def load(name: str):
    return json.loads((DATA / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def oked():
    return load("oked.json")


@pytest.fixture(scope="module")
def programmes():
    return load("programmes.json")


@pytest.fixture(scope="module")
def sectors():
    return load("priority_sectors.json")


def check_names(name, *, need_kk: bool = False):
    assert set(name) == {"kk", "ru", "en"}
    for lang in ("ru", "en"):
        assert isinstance(name[lang], str) and name[lang].strip() == name[lang] and name[lang]
    kk = name["kk"]
    assert kk is None or (isinstance(kk, str) and kk.strip() == kk and kk)
    if need_kk:
        assert kk is not None
    assert not re.search(r"[A-Za-z]", name["ru"]), f"Latin letters in a Russian name: {name['ru']}"


# --- ОКЭД -----------------------------------------------------------------------------------


def test_oked_counts(oked):
    assert sum(r["level"] == "section" for r in oked) == 21
    assert sum(r["level"] == "division" for r in oked) == 88
    assert len(oked) == 109


def test_oked_records_well_formed(oked):
    for r in oked:
        assert set(r) == {"code", "level", "parent", "name"}, r
        assert r["level"] in {"section", "division"}
        check_names(r["name"])
        if r["level"] == "section":
            assert re.fullmatch(r"[A-U]", r["code"]) and r["parent"] is None
        else:
            assert re.fullmatch(r"\d{2}", r["code"]) and r["parent"] is not None


def test_oked_codes_unique(oked):
    codes = [r["code"] for r in oked]
    assert len(codes) == len(set(codes))


def test_oked_sections_are_a_to_u(oked):
    assert [r["code"] for r in oked if r["level"] == "section"] == list("ABCDEFGHIJKLMNOPQRSTU")


def test_oked_divisions_match_nace(oked):
    divisions = {r["code"]: r["parent"] for r in oked if r["level"] == "division"}
    assert divisions == EXPECTED_PARENT


def test_oked_parents_are_sections(oked):
    levels = {r["code"]: r["level"] for r in oked}
    for r in oked:
        if r["level"] == "division":
            assert levels.get(r["parent"]) == "section", r


@pytest.mark.parametrize("code,section", [("01", "A"), ("06", "B"), ("10", "C"), ("24", "C"), ("33", "C"),
                                          ("35", "D"), ("41", "F"), ("62", "J"), ("68", "L"), ("84", "O"),
                                          ("99", "U")])
def test_oked_known_parents(oked, code, section):
    assert {r["code"]: r["parent"] for r in oked}[code] == section


def test_oked_english_titles_spot_check(oked):
    en = {r["code"]: r["name"]["en"] for r in oked}
    assert en["C"] == "Manufacturing"
    assert en["24"] == "Manufacture of basic metals"
    assert en["19"] == "Manufacture of coke and refined petroleum products"
    assert en["06"] == "Extraction of crude petroleum and natural gas"


def test_oked_file_order_keeps_divisions_under_their_section(oked):
    current = None
    for r in oked:
        if r["level"] == "section":
            current = r["code"]
        else:
            assert r["parent"] == current, r


# --- programmes ------------------------------------------------------------------------------


def test_programmes_codes(programmes):
    codes = [p["code"] for p in programmes]
    assert len(codes) == len(set(codes))
    assert set(codes) == REQUIRED_PROGRAMMES


def test_programmes_well_formed(programmes):
    for p in programmes:
        assert set(p) == {"code", "kind", "name", "start", "end", "note"}, p
        assert p["kind"] in KINDS
        check_names(p["name"])
        assert p["note"] is None or (isinstance(p["note"], str) and p["note"])
        start = date.fromisoformat(p["start"]) if p["start"] else None
        end = date.fromisoformat(p["end"]) if p["end"] else None
        if start and end:
            assert start <= end, p["code"]
        if end:
            assert start, f"{p['code']}: an end without a start"


def test_programme_kinds_and_periods(programmes):
    by_code = {p["code"]: p for p in programmes}
    for code in ("gpiir-2010-2014", "gpiir-2015-2019", "gpiir-2020-2025"):
        assert by_code[code]["kind"] == "state_programme"
        first, last = code.split("-")[1:]
        assert by_code[code]["start"] == f"{first}-01-01"
        assert by_code[code]["end"] == f"{last}-12-31"
    assert by_code["business-roadmap"]["kind"] == "business_programme"
    assert by_code["nurly-zhol"]["kind"] == "infrastructure_programme"
    assert by_code["nurly-zhol"]["start"] == "2015-01-01"
    pool = by_code["regional-investment-pool"]
    assert pool["kind"] == "regional_pool"
    assert pool["start"] is None and pool["end"] is None and pool["note"]


def test_gpiir_periods_do_not_overlap(programmes):
    gpiir = sorted((p for p in programmes if p["code"].startswith("gpiir-")), key=lambda p: p["start"])
    for a, b in zip(gpiir, gpiir[1:]):
        assert a["end"] < b["start"]


# --- priority sectors ------------------------------------------------------------------------


def test_priority_sectors(sectors, oked, programmes):
    divisions = {r["code"] for r in oked if r["level"] == "division"}
    manufacturing = {r["code"] for r in oked if r["parent"] == "C"}
    programme_codes = {p["code"] for p in programmes}
    codes = [s["code"] for s in sectors]
    assert codes and len(codes) == len(set(codes))
    for s in sectors:
        assert set(s) == {"code", "name", "oked", "programmes"}, s
        assert re.fullmatch(r"[a-z][a-z0-9-]*", s["code"])
        check_names(s["name"])
        assert s["oked"] and len(s["oked"]) == len(set(s["oked"]))
        assert set(s["oked"]) <= divisions, s["code"]
        assert set(s["oked"]) <= manufacturing, f"{s['code']}: priority sectors are manufacturing"
        assert len(s["programmes"]) == len(set(s["programmes"]))
        assert set(s["programmes"]) <= programme_codes, s["code"]


def test_priority_sectors_do_not_share_divisions(sectors):
    seen = {}
    for s in sectors:
        for code in s["oked"]:
            assert code not in seen, f"division {code} in both {seen.get(code)} and {s['code']}"
            seen[code] = s["code"]


def test_metallurgy_is_basic_metals(sectors):
    assert {s["code"]: s["oked"] for s in sectors}["metallurgy"] == ["24"]


# --- rates -----------------------------------------------------------------------------------


def test_rates_csv():
    with (DATA / "rates.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["date", "currency", "rate_kzt", "source"]
        rows = list(reader)
    seen = set()
    for n, row in enumerate(rows, start=2):
        date.fromisoformat(row["date"])
        assert row["currency"] in CURRENCIES, f"line {n}"
        try:
            rate = Decimal(row["rate_kzt"])
        except InvalidOperation:
            pytest.fail(f"line {n}: rate is not a decimal: {row['rate_kzt']!r}")
        assert rate.is_finite() and rate > 0, f"line {n}"
        assert row["source"] and row["source"].strip(), f"line {n}: no source"
        key = (row["date"], row["currency"])
        assert key not in seen, f"line {n}: duplicate rate"
        seen.add(key)


# --- SOURCES.md ------------------------------------------------------------------------------


def test_sources_md_covers_every_file():
    text = (DATA / "SOURCES.md").read_text("utf-8")
    for name in ("oked.json", "priority_sectors.json", "programmes.json", "rates.csv", "geo/SOURCE.md"):
        assert name in text
