"""The interface catalogs: every string the pages use has a Kazakh and a Russian translation."""

from __future__ import annotations

import re
from importlib.resources import files

from orken.web.pages import i18n
from orken.web.pages.mapdata import METRIC_TEXT
from orken.web.pages import monitoring as monitoring_pages
from orken.web.pages import render
from orken.web.pages.render import CODE_TEXT, STATUS_TEXT


def _gettext_calls(text: str) -> set[str]:
    """The literal msgids of ``gettext("...")`` calls, adjacent string literals joined."""
    return {"".join(re.findall(r'"([^"]*)"', m.group(1)))
            for m in re.finditer(r'gettext\(((?:\s*"[^"]*")+)', text)}


def used_msgids() -> set[str]:
    from orken.stats.indicators import VOCABULARY

    ids = set(STATUS_TEXT.values()) | set(CODE_TEXT.values()) | set(METRIC_TEXT.values())
    ids |= {label for _key, _path, label in render.SECTIONS}
    ids |= {i.label for i in VOCABULARY.values()}
    for table in (render.FIELD_TEXT, render.ACTION_TEXT, render.PERIOD_TEXT, render.UNIT_TEXT,
                  render.EVIDENCE_TEXT, render.NOTE_PREFIXES, monitoring_pages.GROUP_TEXT, monitoring_pages.STATE_TEXT,
                  monitoring_pages.ALERT_TEXT, monitoring_pages.REFUSALS):
        ids |= set(table.values())
    ids |= {label for _name, label, _kind in monitoring_pages.REPORT_FIELDS}
    templates = files("orken.web").joinpath("templates")
    for folder in (templates, templates.joinpath("monitoring"), templates.joinpath("auth")):
        for path in folder.iterdir():
            if not (path.is_file() and path.name.endswith(".html")):
                continue  # review/ and io/ translate with their own words (orken.news.words, orken.io.messages)
            text = path.read_text("utf-8")
            ids |= set(re.findall(r'_\("([^"]+)"', text)) | set(re.findall(r"_\('([^']+)'", text))
    for path in files("orken.web").joinpath("pages").iterdir():
        if path.name.endswith(".py"):
            ids |= _gettext_calls(path.read_text("utf-8"))
    ids |= _gettext_calls(files("orken.web").joinpath("pages", "monitoring.py").read_text("utf-8"))
    return ids


def test_every_interface_string_is_translated():
    ids = used_msgids()
    assert len(ids) > 100
    for lang in ("kk", "ru"):
        missing = sorted(ids - set(i18n.catalog(lang)))
        assert not missing, f"{lang}: untranslated {missing}"


def test_translator_and_fallbacks():
    assert i18n.translator("kk")("Projects") == "Жобалар"
    assert i18n.translator("ru")("Projects") == "Проекты"
    assert i18n.translator("en")("Projects") == "Projects"
    assert i18n.translator("kk")("A string nobody translated") == "A string nobody translated"
    assert i18n.pick({"kk": None, "ru": "Завод", "en": "Plant"}, "kk") == "Завод"
    assert i18n.pick({"kk": "Зауыт", "ru": None, "en": None}, "en") == "Зауыт"
    assert i18n.pick(None, "ru") == ""
