"""User-facing messages of import and export: codes to gettext msgids (the catalogs translate them).

An import problem carries a code (``required``, ``number``, …) and its parameters; ``t`` writes it
in the user's language through the one translator (``orken.i18n``).
"""

from __future__ import annotations

from orken.errors import told
from orken.i18n import LANGS, N_, translator

#: the message of each problem code (a msgid with ``%(name)s`` placeholders)
MESSAGES: dict[str, str] = {
    "required": N_("a required value is missing"),
    "number": N_("%(value)r is not a number"),
    "negative": N_("the value cannot be negative"),
    "integer": N_("%(value)r is not a whole number"),
    "date": N_("%(value)r is not a date (e.g. 31.12.2024 or 2024-12-31)"),
    "region": N_("there is no region %(value)r (give its name or KATO code)"),
    "district": N_("there is no district %(value)r"),
    "district_region": N_("district %(value)r is not in the given region"),
    "sector": N_("%(value)r is not an OKED code or sector name"),
    "status": N_("%(value)r is not a known status"),
    "choice": N_("%(value)r is not allowed; use one of %(choices)s"),
    "zone": N_("there is no zone %(value)r"),
    "programme": N_("there is no programme %(value)r"),
    "currency": N_("currency %(value)r is not supported (KZT, USD, EUR, RUB, CNY)"),
    "duplicate": N_("external id %(value)r repeats (already in row %(row)s)"),
    "transition": N_("the status cannot go from %(current)r to %(value)r"),
    "invalid": N_("invalid value: %(detail)s"),
    "no_name": N_("there is no name (in Kazakh, Russian or English)"),
    "no_header": N_("no header row found in the first rows of the file"),
    "no_place": N_("give a region, a district or coordinates"),
    "period": N_("%(value)r is not a reporting quarter (e.g. 2024 Q3, 3-тоқсан 2024, III кв. 2024)"),
    "no_period": N_("the reporting period (year and quarter) is missing"),
    "no_project": N_("the project is missing (its external id or name)"),
    "project_unknown": N_("there is no project %(value)r in the registry"),
    "project_ambiguous": N_("%(count)s projects are named %(value)r; give the external id"),
    "duplicate_period": N_("the report of this project for %(period)s repeats (already in row %(row)s)"),
    "kzt_only": N_("report amounts are in tenge, but the column is in %(value)s"),
    "report_locked": N_(
        "the %(period)s report is %(state)s and cannot be changed by an import (correct an approved report in"
        " the app)"),
    "percent": N_("%(value)r is not a percentage (0–200)"),
    "file_empty": N_("the file %(name)r is empty"),
    "file_unreadable": N_("the file %(name)r cannot be read as %(kind)s: it is damaged or not a spreadsheet"),
    "file_damaged": N_("the file %(name)r is damaged after row %(row)s; nothing was imported"),
    "file_bomb": N_(
        "the file %(name)r unpacks to more than %(mb)s MB (damaged, or built to exhaust the server); split it"
        " or save it again"),
    "import_role": N_("importing %(entity)s needs a role that writes such records (%(roles)s)"),
    "file_encoding": N_("the file %(name)r is not text in UTF-8, UTF-16 or Windows-1251"),
    "file_type": N_("unsupported file type %(suffix)r: use .xlsx, .xls, .ods or .csv"),
    "no_sheet": N_("there is no sheet %(sheet)r; sheets: %(sheets)s"),
    "file_too_large": N_("the file is larger than %(mb)s MB; import it with the orken command"),
    "the_database": N_("the database"),
    "disk_full": N_(
        "the disk is full (%(where)s); nothing was imported and the database is unchanged. Free some space "
        "and run the import again"),
    "place_outside": N_("%(value)r is not in %(region)s: it is %(actual)s"),
    "place_ambiguous": N_("%(value)r exists in several regions: %(choices)s; give the region"),
    "place_hint": N_("%(value)r was not found; did you mean: %(hint)s"),
    "region_hint": N_("there is no region %(value)r; did you mean: %(hint)s"),
    "reform_moved": N_("%(value)r is in %(new)s since 8 June 2022 (was %(old)s); recorded in %(new)s"),
    "sector_matched": N_("%(value)r read as OKED %(code)s %(name)r"),
    "sector_hint": N_("%(value)r is not an OKED code or sector name; did you mean: %(hint)s"),
    "match_ambiguous": N_("the row matches several existing projects (%(ids)s); give the external id"),
    "imported_file": N_("imported file"),
    "duplicate_row": N_("the same project is in row %(row)s of the file"),
    "aside_left": N_("%(value)r read as %(count)s; the words in brackets are not imported"),
    "capacity_unread": N_("%(value)r was not read as a capacity (a number and its unit, e.g. 240 тыс. тонн в год); "
                          "the project is imported without it"),
}


def template(key: str, lang: str = "ru") -> str:
    """The message ``key`` in ``lang`` with its placeholders unfilled (``%(name)s``)."""
    return translator(lang if lang in LANGS else "ru")(MESSAGES[key])


def t(key: str, lang: str = "ru", **params) -> str:
    """The message ``key`` in ``lang`` (falling back to Russian), with its parameters filled in."""
    return translator(lang if lang in LANGS else "ru")(MESSAGES[key], **params)


#: the report workflow's states in the user's language
STATES = {
    "draft": N_("draft", context="report state"),
    "submitted": N_("submitted", context="report state"),
    "approved": N_("approved", context="report state"),
    "returned": N_("returned", context="report state"),
}


def state_name(state: str, lang: str = "ru") -> str:
    return translator(lang if lang in LANGS else "ru")(STATES[state]) if state in STATES else state


def words(lang: str):
    """The translator of the import page: English text in, the user's language out (the catalogs)."""
    return translator(lang)


def refused(problem: dict | BaseException, lang: str = "ru") -> str:
    """A service's or a validator's refusal (an ``InvalidInput`` entry, a ``Refusal``) in ``lang``: what a
    person is told when it says, else "invalid value: " and its English message."""
    gettext = translator(lang if lang in LANGS else "ru")
    detail = problem.get("message", "") if isinstance(problem, dict) else str(problem)
    return told(problem, gettext) or gettext(MESSAGES["invalid"], detail=detail)

