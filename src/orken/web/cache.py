"""A small in-process cache of public registry aggregates (stats, facets, map clusters).

The map page and its API calls compute the same grouped sums over the whole registry on every
request. Here they are kept, per engine, under a key of (the registry *generation*, what was
computed, the filter). The generation is kept by the database itself (triggers of migration
``0005``, see there) and changes with every write to projects, zones, organisations or the
reference tables, from any process, so a write is never hidden by another process's cache: each
read asks the database for the current generation first (one tiny query) and computes afresh
when it has moved.

Only unscoped aggregates are cached: a filter that carries a permission scope
(``ProjectFilter.scope``) is always computed, so one principal's view cannot reach another. The
aggregates themselves carry no internal fields (counts, sums and public reference names).
A transaction that has written (on PostgreSQL: one holding a transaction id) reads past the cache,
so nothing it sees before it commits or rolls back is kept.

``ORKEN_AGGREGATE_CACHE=off`` in the environment turns the cache off (every aggregate is computed;
the benchmarks use it to show the uncached cost).
"""

from __future__ import annotations

import copy
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from orken.registry import query
from orken.registry.query import ProjectFilter

#: entries kept per engine (a map view needs about five; filters vary)
SIZE = 256
#: set ORKEN_AGGREGATE_CACHE=off to compute every aggregate
ENABLED = os.environ.get("ORKEN_AGGREGATE_CACHE", "on").lower() not in {"off", "0", "no", "false"}
#: on PostgreSQL, ``registry_changes`` is folded into one row beyond this many rows
PRUNE_AT = 5000


class _Store:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, Any] = OrderedDict()
        self.generation_table: str | None = None  # found once; None: not found (yet)
        self.hits = 0
        self.misses = 0


_stores: weakref.WeakKeyDictionary[Engine, _Store] = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def _store(engine: Engine) -> _Store:
    with _stores_lock:
        store = _stores.get(engine)
        if store is None:
            store = _stores[engine] = _Store()
        return store


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    engine = bind.engine if hasattr(bind, "engine") else bind
    # the engine of reading requests (``db.engine.read_only``) shares the pool and the cache of its base
    return getattr(engine, "_proxied", engine)


def generation(session: Session) -> tuple | None:
    """The registry's current generation as this session sees it; None: do not cache."""
    engine = _engine(session)
    store = _store(engine)
    if store.generation_table is None:
        wanted = "registry_changes" if engine.dialect.name == "postgresql" else "registry_generation"
        if not inspect(session.connection()).has_table(wanted):
            return None  # not migrated to 0005: compute everything
        store.generation_table = wanted
    if store.generation_table == "registry_changes":
        row = session.execute(text("SELECT count(*), max(xid), txid_current_if_assigned() FROM registry_changes")).one()
        if row[2] is not None:
            return None  # this transaction has written: what it sees may still be rolled back
        if row[0] > PRUNE_AT:
            _prune(engine)
        return (row[0], row[1])
    value = session.execute(text("SELECT value FROM registry_generation WHERE id = 1")).scalar()
    return None if value is None else (value,)


def _prune(engine: Engine) -> None:
    """Fold the change rows into one new row: (count, greatest id) takes a value never seen before."""
    with engine.begin() as conn:
        xid = conn.execute(text("SELECT txid_current()")).scalar()
        conn.execute(text("DELETE FROM registry_changes WHERE xid < :xid"), {"xid": xid})
        conn.execute(text("INSERT INTO registry_changes (xid) VALUES (:xid) ON CONFLICT (xid) DO NOTHING"),
                     {"xid": xid})


def filter_key(f: ProjectFilter) -> tuple:
    d = asdict(f)
    d.pop("scope")
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(d.items()))


def cached(session: Session, f: ProjectFilter, what: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()`` (an aggregate of the selection ``f``), from the cache when the registry has not
    changed since; a copy, so callers may change what they get."""
    if f.scope is not None or not ENABLED:
        return compute()
    gen = generation(session)
    if gen is None:
        return compute()
    store = _store(_engine(session))
    key = (gen, what, filter_key(f))
    with store.lock:
        if key in store.entries:
            store.entries.move_to_end(key)
            store.hits += 1
            return copy.deepcopy(store.entries[key])
        store.misses += 1
    value = compute()
    with store.lock:
        store.entries[key] = copy.deepcopy(value)
        # entries of older generations are never asked for again: drop them first
        for old in [k for k in store.entries if k[0] != gen]:
            del store.entries[old]
        while len(store.entries) > SIZE:
            store.entries.popitem(last=False)
    return value


def stats(session: Session, f: ProjectFilter, group_by: str) -> list[dict]:
    """``query.stats`` through the cache."""
    return cached(session, f, ("stats", group_by), lambda: query.stats(session, f, group_by))


def facets(session: Session, f: ProjectFilter, names: list[str], limit: int = 50) -> dict:
    """``query.facets`` through the cache."""
    return cached(session, f, ("facets", tuple(names), limit), lambda: query.facets(session, f, names, limit))


def counters(engine: Engine) -> tuple[int, int]:
    """(hits, misses) so far, for tests and benchmarks."""
    store = _store(engine)
    return store.hits, store.misses
