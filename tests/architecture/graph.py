"""The import graph of the ``orken`` package, read from the source with ``ast`` (nothing is imported).

Every ``import`` and ``from ... import`` counts, at module level or inside a function, absolute or
relative. A module belongs to the package named by the first component below ``orken`` (``""`` for
``orken/__init__.py``); the modules of an entry point (``orken.layers.ENTRY_POINTS``) form a node of
their own.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import orken
from orken.layers import ENTRY_POINTS

SRC = Path(orken.__file__).resolve().parent


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. orken.db.schema
    path: str  # its file, relative to src/
    line: int
    target: str  # the module imported, e.g. orken.auth.models (or a third-party name)


def module_name(path: Path, root: Path = SRC) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


@functools.lru_cache(maxsize=4)
def imports(root: Path = SRC) -> tuple[Import, ...]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module, is_package = module_name(path, root)
        tree = ast.parse(path.read_text("utf-8"), str(path))
        rel = str(path.relative_to(root.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [Import(module, rel, node.lineno, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[:len(base) - node.level + 1]
                    prefix = ".".join(base)
                else:
                    prefix = ""
                base_name = ".".join(p for p in (prefix, node.module) if p)
                for a in node.names:
                    # ``from orken import cli`` imports the module orken.cli; ``from x import name`` imports x
                    candidate = f"{base_name}.{a.name}"
                    target = candidate if _is_module(candidate, root) else base_name
                    found.append(Import(module, rel, node.lineno, target))
    return tuple(found)


def _is_module(name: str, root: Path = SRC) -> bool:
    if not (name == "orken" or name.startswith("orken.")):
        return False
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def package_of(module: str) -> str | None:
    """The node of an ``orken`` module in the package graph; None for a module outside ``orken``."""
    if module != "orken" and not module.startswith("orken."):
        return None
    rest = module.split(".")[1:]
    dotted = ".".join(rest)
    for entry in ENTRY_POINTS:
        if dotted == entry or dotted.startswith(entry + "."):
            return entry
    return rest[0] if rest else ""


def package_edges(found) -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = {}
    for imp in found:
        src, dst = package_of(imp.module), package_of(imp.target)
        if dst is not None and src != dst:
            edges.setdefault((src, dst), []).append(imp)
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected components of more than one package (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def where(imps: list[Import], most: int = 3) -> str:
    seen = list(dict.fromkeys(f"{i.path}:{i.line} imports {i.target}" for i in imps))
    return "; ".join(seen[:most]) + (f" (+{len(seen) - most} more)" if len(seen) > most else "")
