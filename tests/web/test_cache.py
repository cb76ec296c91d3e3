"""The aggregate cache (orken.web.cache): a write is seen by the next read, in this process and in
another one, on SQLite and PostgreSQL; scoped reads are never cached."""

from __future__ import annotations

from sqlalchemy import insert, update

from orken.auth.policy import Grant
from orken.db.engine import make_engine, session_factory
from orken.auth.guard import system_session
from orken.db.models import Project
from orken.registry import query
from orken.registry.query import ProjectFilter
from orken.web import cache

KARAGANDA, ALMATY = "350000000", "750000000"


def region_count(client, region: str, **params) -> int:
    items = client.get("/api/v1/stats", params={"group_by": "region", **params}).json()["items"]
    return next((r["projects"] for r in items if r["key"] == region), 0)


def add_project(client, region: str = KARAGANDA, **fields) -> int:
    r = client.post("/api/v1/projects", json={"name": {"ru": "Завод"}, "region_kato": region, "oked": "24",
                                              "status": "planned", **fields})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def other_process(engine):
    """A second engine on the same database: what another process (CLI, import, worker) would use."""
    return make_engine(engine.url.render_as_string(hide_password=False))


def test_generation_changes_with_every_write(engine):
    with system_session(engine, "tests") as s:
        first = cache.generation(s)
    assert first is not None  # migration 0005 is applied
    with system_session(engine, "tests") as s:
        assert cache.generation(s) == first  # reading changes nothing
    with engine.begin() as conn:  # a plain SQL write, not through the ORM
        conn.execute(insert(Project).values(name_ru="X", region_kato=KARAGANDA, status="planned", sort_name="x",
                                            search_text="x", is_sample=False, version=1))
    with system_session(engine, "tests") as s:
        second = cache.generation(s)
    assert second != first
    with engine.begin() as conn:
        conn.execute(update(Project).values(status="launched"))
    with system_session(engine, "tests") as s:
        assert cache.generation(s) not in (first, second)


def test_a_write_changes_the_next_read(client, engine, sample):
    before = region_count(client, KARAGANDA)
    hits, _ = cache.counters(engine)
    assert region_count(client, KARAGANDA) == before
    assert cache.counters(engine)[0] == hits + 1  # the second read came from the cache
    pid = add_project(client)
    assert region_count(client, KARAGANDA) == before + 1
    client.patch(f"/api/v1/projects/{pid}", json={"region_kato": ALMATY}).raise_for_status()
    assert region_count(client, KARAGANDA) == before
    def building() -> int:
        facets = client.get("/api/v1/projects", params={"facets": "status", "limit": 1}).json()["facets"]["status"]
        return next((f["count"] for f in facets if f["value"] == "under_construction"), 0)

    was = building()
    client.patch(f"/api/v1/projects/{pid}", json={"status": "under_construction"}).raise_for_status()
    assert building() == was + 1
    almaty = region_count(client, ALMATY)
    client.delete(f"/api/v1/projects/{pid}").raise_for_status()
    assert region_count(client, ALMATY) == almaty - 1
    assert building() == was


def test_map_page_and_clusters_follow_writes(client, engine, sample):
    total = client.get("/map.json").json()["total"]
    clusters = client.get("/api/v1/geo/clusters", params={"zoom": 5}).json()
    assert clusters == client.get("/api/v1/geo/clusters", params={"zoom": 5}).json()
    add_project(client, lat=49.8, lon=73.1)
    data = client.get("/map.json").json()
    assert data["total"] == total + 1 == sum(r["projects"] for r in data["regions"])
    assert client.get("/api/v1/geo/clusters", params={"zoom": 5}).json()["total"] == clusters["total"] + 1


def test_a_write_in_another_process_is_not_hidden(client, engine, sample):
    before = region_count(client, KARAGANDA)
    assert region_count(client, KARAGANDA) == before  # cached now
    other = other_process(engine)
    try:
        with other.begin() as conn:  # a bulk insert, as bench/synthetic.py or a restore does
            conn.execute(insert(Project), [{"name_ru": f"P{i}", "region_kato": KARAGANDA, "status": "planned",
                                            "sort_name": "p", "search_text": "p", "is_sample": True, "version": 1}
                                           for i in range(3)])
    finally:
        other.dispose()
    assert region_count(client, KARAGANDA) == before + 3
    assert client.get("/map.json").json()["total"] == sample["projects"] + 3


def test_rolled_back_writes_are_not_kept(engine, sample):
    public = ProjectFilter()
    with system_session(engine, "tests") as s:
        before = cache.stats(s, public, "status")
    session = session_factory(engine)()
    try:
        session.execute(update(Project).values(status="cancelled"))
        inside = cache.stats(session, public, "status")  # sees its own uncommitted change
        assert [r["key"] for r in inside] == ["cancelled"]
    finally:
        session.rollback()
        session.close()
    with system_session(engine, "tests") as s:
        assert cache.stats(s, public, "status") == before
    with engine.begin() as conn:  # a later committed write gets a generation of its own
        conn.execute(update(Project).where(Project.status == "planned").values(status="suspended"))
    with system_session(engine, "tests") as s:
        assert cache.stats(s, public, "status") == query.stats(s, public, "status")


def test_scoped_reads_are_never_cached_nor_served_from_the_cache(engine, sample):
    analyst = [Grant(role="region_analyst", region=KARAGANDA)]
    with system_session(engine, "tests") as s:
        everything = cache.stats(s, ProjectFilter(), "region")
        assert len(everything) > 1
        hits, misses = cache.counters(engine)
        scoped = cache.stats(s, ProjectFilter(scope=analyst), "region")
        assert [r["key"] for r in scoped] == [KARAGANDA]
        assert cache.counters(engine) == (hits, misses)  # neither looked up nor stored
        assert cache.stats(s, ProjectFilter(), "region") == everything
        # same filters, a different scope: computed for that scope
        assert cache.stats(s, ProjectFilter(scope=[]), "region") == []
        assert cache.facets(s, ProjectFilter(scope=analyst), ["region"])["region"][0]["value"] == KARAGANDA
        assert len(cache.facets(s, ProjectFilter(), ["region"])["region"]) == len(everything)


def test_public_and_signed_in_pages_agree(client, anon_client, client_for, sample):
    analyst = client_for("region_analyst", region=KARAGANDA)
    public = anon_client.get("/map.json").json()
    assert client.get("/map.json").json()["regions"] == public["regions"]
    assert analyst.get("/map.json").json()["regions"] == public["regions"]
    # internal fields stay with those who may read them, whatever the cache holds
    assert all("curator" not in p and "note" not in p for p in public["projects"])


def test_callers_get_copies(engine, sample):
    with system_session(engine, "tests") as s:
        rows = cache.stats(s, ProjectFilter(), "region")
        rows[0]["projects"] = -1
        assert cache.stats(s, ProjectFilter(), "region")[0]["projects"] != -1



def test_the_change_log_of_postgresql_is_folded_and_keys_stay_new(engine, monkeypatch):
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps one row
    from sqlalchemy import text

    monkeypatch.setattr(cache, "PRUNE_AT", 3)
    seen = set()
    for i in range(6):
        with engine.begin() as conn:
            conn.execute(insert(Project).values(name_ru=f"P{i}", region_kato=KARAGANDA, status="planned",
                                                sort_name="p", search_text="p", is_sample=False, version=1))
        with system_session(engine, "tests") as s:
            gen = cache.generation(s)  # may fold the rows (in its own transaction)
        with system_session(engine, "tests") as s:
            after = cache.generation(s)
        assert gen not in seen and after not in seen - {gen}
        seen |= {gen, after}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM registry_changes")).scalar() <= 4


def test_the_cache_can_be_switched_off(client, engine, sample, monkeypatch):
    """ORKEN_AGGREGATE_CACHE=off (read at import as ``cache.ENABLED``): every aggregate is computed."""
    monkeypatch.setattr(cache, "ENABLED", False)
    counts = cache.counters(engine)
    first = client.get("/api/v1/stats?group_by=region").json()
    assert client.get("/api/v1/stats?group_by=region").json() == first
    assert cache.counters(engine) == counts  # neither looked up nor stored
