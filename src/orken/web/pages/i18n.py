"""Interface languages of HTTP requests: Kazakh (default), Kazakh in Latin script (``kk-Latn``), Russian, English.

The catalogs and the translator are ``orken.i18n`` (gettext ``.po`` files read with Babel); this
module only chooses the request's language and re-exports them for the pages.
"""

from __future__ import annotations

from fastapi import Request

from orken.i18n import (DEFAULT, LANG_NAMES, LANG_SHORT, LANGS, N_, ORDER, SCRIPTS, base, catalog, in_script,  # noqa: F401
                        pgettext, translator)  # (used by the pages)

COOKIE = "orken_lang"


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
    for code in ORDER[lang]:
        if names.get(code):
            if code == base(lang):
                return names[code]
            return Markup('<span lang="{}">{}</span>').format(code if lang not in SCRIPTS else f"{code}-Latn",
                                                              names[code])
    return ""


def pick(names: dict | None, lang: str) -> str:
    """A kk/ru/en name dict in the chosen language, falling back as ``Names.name`` does. As stored: on a
    page in another script (``kk-Latn``) the renderer writes what is shown in it (``render.in_script``),
    and what a form sends back stays as stored."""
    if not names:
        return ""
    for code in ORDER[lang]:
        if names.get(code):
            return names[code]
    return ""
