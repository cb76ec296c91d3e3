"""Interface languages: Kazakh (default), Russian, English.

Catalogs are gettext ``.po`` files in ``orken/web/i18n/<lang>/LC_MESSAGES/messages.po`` with the
English text as msgid. They are read with Babel once, at first use (no compiled ``.mo`` step), so
a fresh clone needs nothing built. To add strings: write ``_("...")`` in a template, then run
``.venv/bin/pybabel extract -F src/orken/web/i18n/babel.cfg -k gettext -o /tmp/messages.pot src/orken/web`` and merge with
``pybabel update -i /tmp/messages.pot -d src/orken/web/i18n`` (``tests/web/test_i18n.py`` checks
that every string has a Kazakh and a Russian translation).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from babel.messages.pofile import read_po
from fastapi import Request

LANGS = ("kk", "ru", "en")
DEFAULT = "kk"
COOKIE = "orken_lang"
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for one language (untranslated entries are left out)."""
    path = files("orken.web").joinpath("i18n", lang, "LC_MESSAGES", "messages.po")
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        po = read_po(fh, locale=lang)
    return {m.id: m.string for m in po if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def translator(lang: str):
    table = catalog(lang)

    def gettext(message: str, **values) -> str:
        text = table.get(message, message)
        return text % values if values else text

    return gettext


def choose(request: Request) -> str:
    """?lang=, else the cookie, else the browser's first supported language, else Kazakh."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGS:
        return cookie
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT


def pick_tagged(names: dict | None, lang: str):
    """``pick`` for page content: a name that falls back to another language than the page's is marked
    with its language (``<span lang="en">``), for screen readers and hyphenation."""
    from markupsafe import Markup

    if not names:
        return ""
    order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}[lang]
    for code in order:
        if names.get(code):
            return names[code] if code == lang else Markup('<span lang="{}">{}</span>').format(code, names[code])
    return ""


def pick(names: dict | None, lang: str) -> str:
    """A kk/ru/en name dict in the chosen language, falling back as ``Names.name`` does."""
    if not names:
        return ""
    order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}[lang]
    for code in order:
        if names.get(code):
            return names[code]
    return ""
