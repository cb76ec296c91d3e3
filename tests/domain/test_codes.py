"""One vocabulary module: every code list is defined once, in ``orken.domain.codes``, and read from there.

- the API schemas' ``Literal`` types are the vocabularies' codes (no list of codes written in a schema);
- no other module spells out a whole code list (a tuple, list or set of all the codes of a vocabulary);
- the cell words of the importer, the news status markers and the zone search read the same entries;
- the roles and report states of ``auth`` and ``monitoring`` are those of the vocabulary.
"""

from __future__ import annotations

import ast
from importlib.resources import files
from pathlib import Path
from typing import get_args

from orken.domain import codes

SRC = Path(files("orken").joinpath("__init__.py")).parent
#: a whole code list written outside ``codes.py`` on purpose, with the reason
ALLOWED = {
    ("news/statuses.py", "project status"): "the order in which the running-text markers are tried",
    ("domain/sites.py", "zone kind"): "the order in which a search's zone words are tried (the smaller kind first)",
    ("domain/sites.py", "infrastructure kind"): "the order a zone's infrastructure is listed in",
}


def test_every_vocabulary_is_well_formed():
    assert len(codes.VOCABULARIES) >= 15
    for name, vocabulary in codes.VOCABULARIES.items():
        assert vocabulary.name == name and len(vocabulary) >= 2, name
        assert len(set(vocabulary.codes)) == len(vocabulary.codes), name
        for entry in vocabulary:
            assert entry.label and entry.code == entry.code.strip(), (name, entry)
            assert entry.code in vocabulary and vocabulary.label(entry.code) is entry.label
        assert vocabulary.label("no such code") is None and vocabulary.label("no such code", "x") == "x"


def _code_literals(path: Path) -> list[str]:
    """``Literal["a", "b", …]`` subscripts that list string constants in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal":
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if len(items) >= 2 and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
                found.append(f"line {node.lineno}: {ast.unparse(node)[:70]}")
    return found


def test_schemas_write_no_code_list():
    for rel in ("registry/schemas.py", "monitoring/schemas.py"):
        assert not _code_literals(SRC / rel), (rel, _code_literals(SRC / rel))


def test_the_schemas_accept_exactly_the_vocabularies_codes():
    from orken.monitoring import schemas as monitoring
    from orken.registry import schemas as registry

    pairs = {
        registry.OrgKind: codes.ORG_KINDS, registry.OrgRole: codes.ORG_ROLES, registry.ZoneKind: codes.ZONE_KINDS,
        registry.InfraKind: codes.INFRA_KINDS, registry.MapLevel: codes.MAP_LEVELS,
        registry.Precision: codes.LOCATION_PRECISIONS, registry.ProjectType: codes.PROJECT_TYPES,
        registry.SupportKind: codes.SUPPORT_KINDS, registry.SupportStatus: codes.SUPPORT_STATUSES,
        registry.SourceKind: codes.SOURCE_KINDS, registry.ZoneIncentive: codes.ZONE_INCENTIVES,
        registry.DatePrecision: codes.DATE_PRECISIONS,
    }
    for literal, vocabulary in pairs.items():
        assert get_args(literal) == vocabulary.codes, vocabulary.name
    state = registry.InfrastructureIn.model_fields["state"].annotation
    assert get_args(state) == codes.INFRA_STATES.codes
    kind = monitoring.PortfolioIn.model_fields["kind"].annotation
    assert get_args(kind) == codes.PORTFOLIO_KINDS.codes


def whole_code_lists(source: str) -> list[tuple[int, str]]:
    """(line, vocabulary) of each tuple/list/set literal that spells out all the codes of a vocabulary."""
    full = {v.name: set(v.codes) for v in codes.VOCABULARIES.values() if len(v) >= 3}
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for name, wanted in full.items():
                if wanted <= items and len(items) <= len(wanted) + 1:
                    found.append((node.lineno, name))
    return found


def test_no_module_spells_out_a_code_list():
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "domain/codes.py" or rel.startswith(("db/migrations/", "web/static/")):
            continue
        problems += [f"{rel}:{line} ({name})" for line, name in whole_code_lists(path.read_text("utf-8"))
                     if (rel, name) not in ALLOWED]
    assert not problems, problems


def test_the_detector_finds_a_code_list():
    assert whole_code_lists('KINDS = ("sez", "industrial_zone", "small_industrial_zone", "industrial_park", "technopark")')
    assert not whole_code_lists('OPERATING = {"launched", "at_design_capacity"}')


def test_the_word_lists_are_the_vocabularys():
    from orken.domain import sites, vocabulary
    from orken.news import statuses

    assert vocabulary.STATUS_WORDS == {c.code: list(c.synonyms) for c in codes.PROJECT_STATUSES}
    assert vocabulary.ZONE_KIND_WORDS == codes.ZONE_KINDS.synonyms()
    assert vocabulary.status("ведутся СМР") == "under_construction" and vocabulary.status("жоспарланған") == "planned"
    assert set(statuses.MARKERS) == set(codes.PROJECT_STATUSES.codes)
    assert all(statuses.MARKERS[c.code] == c.marker for c in codes.PROJECT_STATUSES)
    assert {kind for kind, _ in sites._KIND_PHRASES} == set(codes.ZONE_KINDS.codes)
    assert sites.read_zone_query("СЭЗ Астана")[0] == ("sez",)


def test_roles_and_states_are_the_vocabularys():
    from orken.auth.policy import Role
    from orken.domain.lifecycle import Status
    from orken.monitoring.workflow import State

    assert tuple(Role) == codes.USER_ROLES.codes
    assert tuple(State) == codes.REPORT_STATES.codes
    assert tuple(Status) == codes.PROJECT_STATUSES.codes


def test_the_extractors_codes_are_the_vocabularys():
    """The text pipeline's verb classes and period cues yield codes of the vocabulary (their running-text
    patterns are the pipeline's own grammar)."""
    from orken.extract import context

    assert {status for _pattern, status in context.STATUS_PATTERNS} <= set(codes.PROJECT_STATUSES.codes)
    assert set(context.PERIOD_CUES) == set(codes.CAPACITY_PERIODS.codes)
