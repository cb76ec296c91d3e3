"""The package layering of ``orken.layers.LAYERS`` holds for every module under src/orken."""

from __future__ import annotations

from orken.layers import ENTRY_POINTS, LAYERS, WEB_ONLY, layer_of
from tests.architecture.graph import SRC, cycles, imports, package_edges, package_of, where


def test_every_package_has_a_layer():
    packages = {package_of(i.module) for i in imports()}
    unknown = sorted(p for p in packages - set(ENTRY_POINTS) if not any(p in layer for layer in LAYERS))
    assert not unknown, f"packages with no layer in orken.layers.LAYERS: {unknown}"


def test_no_package_imports_a_layer_above_it():
    upward = []
    for (src, dst), imps in sorted(package_edges(imports()).items()):
        if src in ENTRY_POINTS or dst in ENTRY_POINTS:
            continue
        if layer_of(dst) > layer_of(src):
            upward.append(f"{src or 'orken'} -> {dst}: {where(imps)}")
    assert not upward, "imports of a higher layer:\n" + "\n".join(upward)


def test_no_cycle_between_packages():
    edges = package_edges(imports())
    found = cycles(edges)
    detail = []
    for comp in found:
        # the edges that close a cycle: from a package to one of the same or a lower layer that imports it back
        for (a, b), imps in sorted(edges.items()):
            if a in comp and b in comp and (b, a) in edges:
                detail.append(f"  {a or 'orken'} <-> {b or 'orken'}: {where(imps)}")
    assert not found, f"package cycles {found}:\n" + "\n".join(detail)


def test_only_web_imports_the_web_framework():
    outside = [i for i in imports() if i.target.split(".")[0] in WEB_ONLY
               and package_of(i.module) != "web"]
    assert not outside, "FastAPI/Starlette outside orken.web: " + where(outside)


def test_the_graph_reader_sees_every_kind_of_import(tmp_path):
    """The reader itself: a function-level import, a relative one and ``from orken import x`` all count."""
    found = imports(SRC)
    by = {(i.module, i.target) for i in found}
    assert len(found) > 500
    # web.app imports `orken` itself (for the version) and web modules relatively or absolutely
    assert any(m.startswith("orken.") and t == "orken" for m, t in by)
    pkg = tmp_path / "orken"
    (pkg / "a").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "a" / "x.py").write_text("def f():\n    from ..b import y\n    import orken.c.z\n    from orken import d\n")
    (pkg / "b.py").write_text("")
    (pkg / "d.py").write_text("")
    targets = {i.target for i in imports(pkg)}
    assert {"orken.b", "orken.c.z", "orken.d"} <= targets
