"""The one translation mechanism: every user-visible string is a msgid of the gettext catalogs.

- every template (all folders), every ``gettext("...")`` call and ``N_("...")`` marker in ``src``,
  and every vocabulary label has a Kazakh, a Russian and an English entry;
- nothing user-visible bypasses the catalogs: no template text node with letters outside a
  gettext call, no per-language dict literal (``{"kk": ..., "ru": ...}``), no ``WORDS``-like table
  of (kk, ru) tuples, no ``L(kk, ru, en)`` call and no inline ``"…" if lang == "kk" else "…"``.
"""

from __future__ import annotations

import ast
import re
from importlib.resources import files
from pathlib import Path

import jinja2
import pytest

from orken.web.pages import i18n
from orken.web.pages.mapdata import METRIC_TEXT
from orken.web.pages import monitoring as monitoring_pages
from orken.web.pages import render
from orken.web.pages.render import CODE_TEXT, STATUS_TEXT

SRC = Path(files("orken").joinpath("__init__.py")).parent
TEMPLATES = SRC / "web" / "templates"
LANGS = ("kk", "ru", "en")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
LETTERS = re.compile(r"[^\W\d_]{2,}")
SENTENCE = re.compile(r"^[\"'][A-Z][a-z]+[ ,.:]")
#: words that are the same in every language (names of formats, the product, units of the SI)
SAME_IN_EVERY_LANGUAGE = {"ID", "JSON", "CSV", "API", "XLSX", "PDF", "GeoJSON", "OpenAPI", "Orken", "KZT", "USD", "OC4IDS",
                          "KATO", "OKED", "BIN", "Leaflet", "ECharts", "OpenStreetMap", "ODbL", "CC", "BY"}
#: the text pipeline reads documents in their own language: its lexicons are data, not interface text
TEXT_PIPELINE = ("extract/",)


def _py_files():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/static/" in rel or rel.startswith("db/migrations/"):
            continue
        yield rel, path


def _const_str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _joined(node) -> str | None:
    """A string literal, or adjacent/concatenated string literals."""
    if (s := _const_str(node)) is not None:
        return s
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _joined(node.left), _joined(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def source_msgids() -> set[str]:
    """The msgids of every ``gettext("...")``/``_("...")``/``pgettext(lang, ctx, "...")`` call and
    ``N_("...")`` marker in src (a context makes the key ``ctx\\x04msgid``)."""
    ids = set()
    for _rel, path in _py_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _call_name(node)
            if name in ("gettext", "_", "N_") and (msg := _joined(node.args[0])) is not None:
                context = next((_const_str(k.value) for k in node.keywords if k.arg == "context"), None)
                if name == "N_" and len(node.args) > 1:
                    context = _const_str(node.args[1])
                ids.add(f"{context}\x04{msg}" if context else msg)
            elif name == "pgettext" and len(node.args) >= 3:
                context, msg = _const_str(node.args[1]), _joined(node.args[2])
                if context and msg is not None:
                    ids.add(f"{context}\x04{msg}")
    return ids


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


def template_msgids() -> set[str]:
    ids = set()
    for path in _templates():
        text = path.read_text("utf-8")
        ids |= set(re.findall(r'(?<![\w.])_\(\s*"([^"]+)"', text)) | set(re.findall(r"(?<![\w.])_\(\s*'([^']+)'", text))
        ids |= {f"{c}\x04{m}" for c, m in re.findall(r'(?<![\w.])pgettext\(\s*"([^"]+)"\s*,\s*"([^"]+)"', text)}
    return ids


def vocabulary_msgids() -> set[str]:
    from orken.domain import codes

    return {entry.label.key for vocabulary in codes.VOCABULARIES.values() for entry in vocabulary}


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
    from orken.news.serialize import PROPOSED_FIELDS
    from orken.web.api.watch import MEASURE_TEXT
    from orken.web.errors import GRANTS_HELD

    for table in (GRANTS_HELD, MEASURE_TEXT, PROPOSED_FIELDS):  # msgid tables of other packages
        ids |= set(table.values())
    return {getattr(i, "key", i) for i in ids} | template_msgids() | source_msgids() | vocabulary_msgids()


def _entries(lang: str) -> dict[str, str]:
    from orken.i18n import entries

    return entries(lang)


def test_every_interface_string_is_translated():
    ids = used_msgids()
    assert len(ids) > 600
    for lang in ("kk", "ru"):
        missing = sorted(ids - set(i18n.catalog(lang)))
        assert not missing, f"{lang}: untranslated {missing}"
    missing = sorted(ids - set(_entries("en")))  # English msgids are the English text: an entry is enough
    assert not missing, f"en: no entry for {missing}"


def test_every_template_is_walked():
    """Every folder of templates is read, and each has msgids (the old test skipped review/, io/, watch/)."""
    folders = {p.parent.relative_to(TEMPLATES).as_posix() for p in _templates()}
    assert {".", "monitoring", "auth", "review", "io", "watch"} <= folders
    found = template_msgids()
    for folder in folders:
        texts = "".join(p.read_text("utf-8") for p in (TEMPLATES / folder).glob("*.html"))
        assert any(f'"{m}"' in texts or f"'{m}'" in texts for m in found), folder


# --- nothing bypasses the catalogs -------------------------------------------------------------

def template_text_outside_gettext(source: str) -> list[str]:
    """Words of a template that reach the reader without a gettext call: text nodes (tags,
    scripts and styles removed), visible attributes, and Cyrillic string literals in expressions."""
    env = jinja2.Environment()
    pieces, found = [], []
    tokens = list(env.lex(source))
    for i, (_line, kind, value) in enumerate(tokens):
        if kind == "data":
            pieces.append(value)
        else:
            pieces.append("\x00")
            before = [v for _l, k, v in tokens[max(0, i - 3):i] if k not in ("whitespace",)]
            through_gettext = len(before) >= 2 and before[-1] in ("(", ",") and before[-2] in ("_", "gettext", "pgettext")
            if kind == "string" and CYRILLIC.search(value) and not through_gettext:
                found.append(value)
            elif kind == "string" and SENTENCE.search(value) and len(before) >= 2 and before[-1] == "(" \
                    and not through_gettext:
                found.append(f"{before[-2]}({value})")  # another translator (the old t(), words())
    text = "".join(pieces)
    text = re.sub(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", "\x00", text, flags=re.S)
    for attr in re.finditer(r'\b(?:title|alt|placeholder|aria-label|label)="([^"\x00]*)"', text):
        found += [w for w in LETTERS.findall(attr.group(1)) if w not in SAME_IN_EVERY_LANGUAGE]
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    for chunk in text.split("\x00"):
        found += [w for w in LETTERS.findall(chunk) if w not in SAME_IN_EVERY_LANGUAGE]
    return found


def test_templates_have_no_text_outside_gettext():
    problems = {p.relative_to(TEMPLATES).as_posix(): words for p in _templates()
                if (words := template_text_outside_gettext(p.read_text("utf-8")))}
    assert not problems, problems


def test_the_template_detector_finds_bare_text():
    assert template_text_outside_gettext('<p class="x">Projects: {{ n }}</p>') == ["Projects"]
    assert template_text_outside_gettext('<a title="Open it" href="/">{{ _("Open") }}</a>') == ["Open", "it"]
    assert template_text_outside_gettext('{{ x or "ауданы жоқ" }}') == ['"ауданы жоқ"']
    assert template_text_outside_gettext('<h1>{{ t("Review queue") }}</h1>') == ['t("Review queue")']
    assert not template_text_outside_gettext('{{ pgettext("import", "Created") }} {{ url_with(sort="name") }}')
    assert not template_text_outside_gettext('<p class="note">{{ _("Projects") }} · {{ n }} ₸ (ID, JSON)</p>'
                                             '<script>const a = "b";</script>')


def _is_lang_key(node) -> bool:
    return _const_str(node) in LANGS


def _has_words(node) -> bool:
    """A value holding interface text: a string with letters (not a language code), or a container of them."""
    if (s := _const_str(node)) is not None:
        return s not in LANGS and bool(LETTERS.search(s))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_has_words(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_has_words(v) for v in node.values)
    return False


def _words_tuple(node) -> bool:
    """A (kk, ru) or (kk, ru, en) tuple of texts, one of them Cyrillic."""
    if not isinstance(node, ast.Tuple) or len(node.elts) not in (2, 3):
        return False
    texts = [_joined(e) for e in node.elts]
    return all(t is not None for t in texts) and any(CYRILLIC.search(t) for t in texts)


def _lang_test(node) -> bool:
    """``lang == "kk"``, ``b.lang != "ru"``, ``lang in ("kk", "ru")``…"""
    if not isinstance(node, ast.Compare):
        return False
    parts = [node.left, *node.comparators]
    return any(_is_lang_key(p) or (isinstance(p, (ast.Tuple, ast.List)) and p.elts and all(map(_is_lang_key, p.elts)))
               for p in parts) and any(isinstance(p, (ast.Name, ast.Attribute)) and "lang" in ast.unparse(p)
                                       for p in parts)


def _text(node) -> bool:
    if (s := _joined(node)) is not None:
        return s not in LANGS and bool(LETTERS.search(s))
    return isinstance(node, ast.JoinedStr) and any(LETTERS.search(_const_str(v) or "") for v in node.values)


def translation_bypasses(source: str) -> list[str]:
    """Per-language text in Python code: the patterns the one gettext mechanism replaced."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            keys = [k for k in node.keys if k is not None]
            lang_keys = [k for k in keys if _is_lang_key(k)]
            if len(lang_keys) >= 2 and any(_has_words(v) for k, v in zip(node.keys, node.values) if _is_lang_key(k)):
                found.append(f"line {node.lineno}: a per-language dict {{{', '.join(_const_str(k) for k in lang_keys)}: …}}")
            elif sum(_words_tuple(v) for k, v in zip(node.keys, node.values) if re.search("[a-z]", _const_str(k) or "")) >= 2:
                found.append(f"line {node.lineno}: a table of (kk, ru) words")
        elif isinstance(node, ast.Call) and len(node.args) >= 3 and all(_const_str(a) is not None for a in node.args[-3:]):
            texts = [_const_str(a) for a in node.args[-3:]]  # ``L(kk, ru, en)``, ``_u(code, …, kk, ru, en)``
            if all(CYRILLIC.search(t) for t in texts[:2]) and not CYRILLIC.search(texts[2]):
                found.append(f"line {node.lineno}: {_call_name(node)}(…, kk, ru, en)")
        elif isinstance(node, ast.IfExp) and _lang_test(node.test) and (_text(node.body) or _text(node.orelse)):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
        elif isinstance(node, ast.If) and _lang_test(node.test) and any(
                isinstance(n, (ast.Constant, ast.JoinedStr)) and CYRILLIC.search(ast.unparse(n))
                for stmt in node.body for n in ast.walk(stmt)):
            found.append(f"line {node.lineno}: if {ast.unparse(node.test)}: … a Cyrillic text")
    return found


#: the one per-language table that is not a translation: each language's name in itself (the language menu)
AUTONYMS = ("i18n/__init__.py", "line 25: a per-language dict {kk, ru, en: …}")


def test_no_translation_outside_the_catalogs():
    problems = {rel: found for rel, path in _py_files() if not rel.startswith(TEXT_PIPELINE)
                if (found := [f for f in translation_bypasses(path.read_text("utf-8")) if (rel, f) != AUTONYMS])}
    assert not problems, problems


def test_the_code_detector_finds_each_old_mechanism():
    old = '''
WORDS = {"Projects": ("Жобалар", "Проекты"), "Zones": ("Аймақтар", "Зоны")}
MESSAGES = {"required": {"kk": "міндетті мән жоқ", "ru": "не заполнено", "en": "missing"}}
TEXT = {"kk": {"kind": "АНЫҚТАМА"}, "ru": {"kind": "СПРАВКА"}}
column = L("Атауы (қаз.)", "Наименование (каз.)", "Name (kk)")
unit = _u("thousand_t", "mass", "1000", "мың т", "тыс. т", "thousand t")
name = "ауданы көрсетілмеген" if lang == "kk" else "район не указан"
if lang == "kk":
    return f"{year} ж. {roman} тоқсан"
'''
    assert len(translation_bypasses(old)) == 7
    fine = '''
order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en")}
LABELS = {"draft": N_("Draft"), "approved": N_("Approved")}
words = {"завод": "plant", "фабрика": "plant"}
name = row.name_kk if lang == "kk" else row.name_ru
'''
    assert translation_bypasses(fine) == []


def test_translator_and_fallbacks():
    from orken.i18n import N_, pgettext, translator

    assert i18n.translator("kk")("Projects") == "Жобалар"
    assert i18n.translator("ru")("Projects") == "Проекты"
    assert i18n.translator("en")("Projects") == "Projects"
    assert i18n.translator("kk")("A string nobody translated") == "A string nobody translated"
    assert translator("kk")(N_("Projects")) == "Жобалар" and N_("Projects") == "Projects"
    assert pgettext("ru", "no such context", "Projects") == "Projects"
    assert i18n.pick({"kk": None, "ru": "Завод", "en": "Plant"}, "kk") == "Завод"
    assert i18n.pick({"kk": "Зауыт", "ru": None, "en": None}, "en") == "Зауыт"
    assert i18n.pick(None, "ru") == ""


#: values a translation may use that its msgid does not: the English quarter is a digit (``Q3 2025``),
#: Kazakh and Russian write the Roman numeral (``III тоқсан``)
EXTRA_VALUES = {"quarter\x04Q%(q)s %(year)s": {"roman"}}


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_agree(lang):
    """A translation has the placeholders of its msgid (else ``%`` formatting fails at run time)."""
    pattern = re.compile(r"%\((\w+)\)[sdr]")
    def agree(msgid: str, text: str) -> bool:
        used, given = set(pattern.findall(text)), set(pattern.findall(msgid))
        return used <= given | EXTRA_VALUES[msgid] if msgid in EXTRA_VALUES else used == given

    bad = [k for k, v in _entries(lang).items() if v and not agree(k, v)]
    assert not bad, bad
