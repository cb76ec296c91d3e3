"""Briefings over HTTP in every interface language: kk, ru, en and Kazakh in Latin script (issue 16:
``lang=en`` answered 422). Each PDF has text in its language; each XLSX opens with its title."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook

KAR = "350000000"
#: a word of the regional briefing's title page and the region's name, per language
EXPECTED = {"kk": ("Қарағанды",), "ru": ("Караганд",), "en": ("Karagand",), "kk-Latn": ("Qarağandy",)}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.mark.parametrize("lang", ["kk", "ru", "en", "kk-Latn"])
def test_a_region_briefing_in_every_language(sample, anon_client, lang, tmp_path):
    pdf = anon_client.get(f"/api/v1/briefings/{KAR}.pdf", params={"lang": lang})
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    (tmp_path / "b.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in EXPECTED[lang]:
        assert word in text, (lang, word, text[:400])
    xlsx = anon_client.get(f"/api/v1/briefings/{KAR}.xlsx", params={"lang": lang})
    assert xlsx.status_code == 200, xlsx.text
    wb = load_workbook(io.BytesIO(xlsx.content))
    title = wb.active["A1"].value
    assert any(word in title for word in EXPECTED[lang]), title
    if lang == "kk-Latn":
        headings = [title, *wb.sheetnames]
        assert not [h for h in headings if CYRILLIC.search(h)], headings
        first_page = text.split("\f")[0]
        assert len(CYRILLIC.findall(first_page)) < 0.01 * len(first_page), first_page[:600]


def test_an_unknown_language_is_refused(sample, anon_client):
    assert anon_client.get(f"/api/v1/briefings/{KAR}.pdf", params={"lang": "de"}).status_code == 422


@pytest.mark.parametrize("lang", ["kk", "kk-Latn", "ru", "en"])
def test_region_page_and_dashboard_link_their_briefings_in_the_page_language(sample, anon_client, lang):
    for path, scope in ((f"/regions/{KAR}", KAR), ("/dashboard", "national")):
        html = anon_client.get(path, params={"lang": lang}).text
        for fmt in ("pdf", "xlsx"):
            link = f'href="/api/v1/briefings/{scope}.{fmt}?lang={lang}"'
            assert link in html, (path, fmt)
        twin = anon_client.get(path, params={"lang": lang, "format": "json"}).json()
        assert twin["briefings"]["pdf"] == f"/api/v1/briefings/{scope}.pdf?lang={lang}"
    assert anon_client.get(twin["briefings"]["xlsx"]).status_code == 200
