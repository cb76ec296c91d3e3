"""Response schemas of the API routes outside the registry's entities (reference data, statistics,
auth, review, import, watch, map clusters). The entities' own output models are in
``orken.registry.outputs`` and ``orken.monitoring.schemas``.

An answer whose items vary in shape is an ``Open`` model: its declared keys are checked (by
schemathesis, ``tests/fuzz``) and further keys are allowed.
"""

from __future__ import annotations

from typing import Any

from orken.registry.outputs import Open, Out

Item = dict[str, Any]


class Items(Open):
    items: list[Item]


class Page(Open):
    """A list with its cursor envelope: ``items``, ``total`` and the ``next`` cursor (None: the last page)."""

    items: list[Item]
    total: int
    next: str | None = None


# --- reference and statistics ------------------------------------------------------------------


class AdminUnitOut(Open):
    kato: str
    level: int
    parent: str | None = None
    name: dict[str, str | None]


class RegionPage(Page):
    items: list[AdminUnitOut]
    attribution: Any = None


class Located(Out):
    region: str | None = None
    district: str | None = None
    method: str | None = None
    ambiguous: bool


class SectorPage(Page):
    priority: Any = None


class Stats(Page):
    group_by: str


class Indicators(Page):
    pass


class Reconciliation(Open):
    region: str | None = None
    items: list[Item]
    low_share: str


# --- auth --------------------------------------------------------------------------------------


class Grant(Open):
    role: str


class Me(Out):
    signed_in: bool
    username: str | None = None
    via: str | None = None
    roles: list[str]
    grants: list[Grant]
    csrf_token: str | None = None


class TokenOut(Open):
    id: int
    name: str | None = None


class TokenList(Out):
    items: list[TokenOut]


class NewToken(Out):
    name: str | None = None
    token: str


class UserOut(Open):
    id: int
    username: str


class UserList(Out):
    items: list[UserOut]


# --- review and documents ----------------------------------------------------------------------


class FactOut(Open):
    id: int


class FactPage(Page):
    items: list[FactOut]


class Place(Out):
    kato: str
    name: dict[str, str | None] | None = None


class LookupItem(Out):
    """A registry object or a place found by name: only what the public may read."""

    type: str
    id: int | str
    name: dict[str, str | None]
    score: float
    kind: str | None = None
    status: str | None = None
    region: Place | None = None
    district: Place | None = None


class Lookup(Out):
    query: str
    items: list[LookupItem]


class DocumentOut(Open):
    id: int
    key: str | None = None
    title: str | None = None
    lang: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    text: str | None = None


# --- import ------------------------------------------------------------------------------------


class ImportStarted(Out):
    token: str
    status: str
    preview: Any = None


class ImportJob(Open):
    token: str
    entity: str | None = None
    status: str


class ImportConfirmed(Out):
    token: str
    status: str
    report: Any = None


class OC4IDSPackage(Open):
    """The OC4IDS project package of an ``export/projects.oc4ids.json``."""

    projects: list[Item]


# --- watch -------------------------------------------------------------------------------------


class WatchSourceOut(Open):
    id: int
    url: str
    kind: str | None = None


class WatchSourceList(Out):
    items: list[WatchSourceOut]


class Story(Open):
    pass


class Conflicts(Out):
    items: list[Item]


class Corroboration(Out):
    items: dict[str, Any]


# --- map ---------------------------------------------------------------------------------------


class Clusters(Open):
    zoom: int
    clusters: list[Any]
    total: int
