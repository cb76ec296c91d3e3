"""The one translation mechanism: gettext catalogs, read with Babel (ground layer: imports nothing of Orken).

Catalogs are gettext ``.po`` files in ``orken/i18n/<lang>/LC_MESSAGES/messages.po`` with the English
text as msgid. They are read once, at first use (no compiled ``.mo`` step), so a fresh clone needs
nothing built. Pages, API messages, import messages, alerts, briefings, exports and CLI output all
translate through ``translator(lang)``.

- In code, write ``gettext("...")`` (the call is found by ``tests/web/test_i18n.py``); a msgid
  declared at import time (a table of codes to labels, a vocabulary entry) is marked ``N_("...")``
  and translated later. A msgid that needs a context (the same English word, two translations)
  is marked ``N_("...", context="...")`` and looked up with ``pgettext``.
- Placeholders are ``%(name)s`` (or ``%(name)r``), filled by ``gettext(msgid, name=value)``.
- New entries are appended at the end of each ``.po`` file by hand (never ``pybabel update``: it
  reorders everything and makes merges impossible); ``tests/web/test_i18n.py`` fails on any msgid
  used in the code or templates that lacks a Kazakh, Russian or English entry.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

LANGS = ("kk", "ru", "en", "kk-Latn")
DEFAULT = "kk"
LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English", "kk-Latn": "Qazaqşa"}
#: the languages with a catalog of their own (a ``.po`` file); the others are scripts of one of them
CATALOG_LANGS = ("kk", "ru", "en")
#: a language written in another script: its catalog and data are those of the base language,
#: transliterated (``kk-Latn``: Kazakh in the 2021 Latin alphabet, ``orken.i18n.latin``)
SCRIPTS = {"kk-Latn": "kk"}
#: the short names of the language switch, in the order offered
LANG_SHORT = (("kk", "Қаз"), ("kk-Latn", "Qaz"), ("ru", "Рус"), ("en", "Eng"))
#: which language's name a name falls back to, per language
ORDER = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk"), "kk-Latn": ("kk", "ru", "en")}
#: the separator of a context and a msgid in a catalog key (as in compiled gettext catalogs)
CONTEXT_SEP = "\x04"


class Msgid(str):
    """A msgid marked for translation at import time (``N_``); ``context`` is its msgctxt, if any, and
    ``key`` its key in a catalog (``context\x04msgid``, or the msgid)."""

    context: str | None = None
    key: str


def N_(message: str, context: str | None = None) -> Msgid:
    """Mark ``message`` as a msgid to translate later (a no-op at run time: it returns the text)."""
    m = Msgid(message)
    m.context = context
    m.key = f"{context}{CONTEXT_SEP}{message}" if context else str(message)
    return m


def _catalog_path(lang: str):
    return files("orken.i18n").joinpath(lang, "LC_MESSAGES", "messages.po")


def base(lang: str) -> str:
    """The language whose catalog and data ``lang`` shows (``kk`` for ``kk-Latn``)."""
    return SCRIPTS.get(lang, lang)


def in_script(lang: str, value: str) -> str:
    """``value`` (a name, a label, any text of the base language) written in ``lang``'s script."""
    if lang in SCRIPTS and value:
        from orken.i18n.latin import to_latin

        return to_latin(value)
    return value


@lru_cache(maxsize=None)
def entries(lang: str) -> dict[str, str]:
    """Every entry of one catalog, translated or not: key (``context\\x04msgid`` or msgid) -> msgstr. The
    catalog of a script of another language (``kk-Latn``) is generated from that language's at first use."""
    from babel.messages.pofile import read_po

    if lang in SCRIPTS:
        return {k: in_script(lang, v) for k, v in entries(SCRIPTS[lang]).items()}

    path = _catalog_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        po = read_po(fh, locale=lang)
    out = {}
    for m in po:
        if m.id and isinstance(m.id, str) and not m.fuzzy:
            out[f"{m.context}{CONTEXT_SEP}{m.id}" if m.context else m.id] = m.string or ""
    return out


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """msgid -> translation for one language (untranslated entries are left out)."""
    return {k: v for k, v in entries(lang).items() if v}


@lru_cache(maxsize=None)
def translator(lang: str):
    """``gettext(msgid, **values)`` for ``lang``: the translation (else the msgid), with ``%(name)s`` filled."""
    table = catalog(lang if lang in LANGS else DEFAULT)

    def gettext(message: str, **values) -> str:
        text = table.get(getattr(message, "key", message)) or str(message)
        return text % values if values else text

    return gettext


def pgettext(lang: str, context: str, message: str, **values) -> str:
    """The translation of ``message`` in ``context`` (a msgctxt) for ``lang``."""
    return translator(lang)(N_(message, context), **values)


def text(lang: str, message: str, **values) -> str:
    """One message in ``lang`` (``translator(lang)(message, **values)``)."""
    return translator(lang)(message, **values)
