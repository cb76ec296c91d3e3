"""The interface catalogs: every string the pages use has a Kazakh and a Russian translation."""

from __future__ import annotations

import re
from importlib.resources import files

from orken.web.pages import i18n
from orken.web.pages.mapdata import METRIC_TEXT
from orken.web.pages.render import CODE_TEXT, STATUS_TEXT


def used_msgids() -> set[str]:
    from orken.stats.indicators import VOCABULARY

    ids = set(STATUS_TEXT.values()) | set(CODE_TEXT.values()) | set(METRIC_TEXT.values())
    ids |= {i.label for i in VOCABULARY.values()}
    for path in files("orken.web").joinpath("templates").iterdir():
        if not (path.is_file() and path.name.endswith(".html")):
            continue  # the sub-folders belong to other parts (monitoring, auth, review)
        text = path.read_text("utf-8")
        ids |= set(re.findall(r'_\("([^"]+)"[,)]', text)) | set(re.findall(r"_\('([^']+)'[,)]", text))
    for path in files("orken.web").joinpath("pages").iterdir():
        if path.name.endswith(".py"):
            ids |= set(re.findall(r'gettext\("([^"]+)"[,)]', path.read_text("utf-8")))
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
