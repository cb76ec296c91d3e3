"""The package layers of Orken, bottom to top: the one statement of what may import what.

A module may import its own package, the packages of its own layer and those of the layers below
it, never a package of a layer above; and no two packages may import each other (directly or
round a longer cycle), within a layer either. ``tests/architecture`` reads this list and checks the
import graph of every module under ``src/orken`` against it.

The migration scripts (``orken.db.migrations``) are an entry point, like the command line: they may
import the top layer (``orken.capabilities``, to load every capability's models).
"""

from __future__ import annotations

#: bottom to top; a name is a subpackage or top-level module of ``orken`` ("" is ``orken`` itself)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("", "layers", "config", "errors", "metrics", "i18n"),  # ground: settings, errors, catalogues
    ("domain",),  # pure rules and values: no SQLAlchemy, no web
    ("extract",),  # the text pipeline (incl. extract/ner); no database
    ("db",),
    ("auth",),
    ("reference",),
    ("registry",),
    ("ledger",),  # the promise ledger: claims made in accepted news about projects
    ("monitoring",),
    ("stats",),
    ("news",),
    ("tasks",),  # quiet projects: tasks asking their curator to confirm the status
    ("watch",),
    ("io",),
    ("sample",),
    ("capabilities",),  # the list of capabilities (names their models, routers, commands)
    ("web", "cli"),  # the entry points: the app factory and the command line
)

#: modules that are entry points although they live inside a lower package: they may import any layer
ENTRY_POINTS: tuple[str, ...] = ("db.migrations",)

#: third-party packages only ``web`` may import
WEB_ONLY: tuple[str, ...] = ("fastapi", "starlette")


def layer_of(package: str) -> int:
    """The index of a package's layer (0 the bottom); KeyError for a package the list does not name."""
    for i, layer in enumerate(LAYERS):
        if package in layer:
            return i
    raise KeyError(package)
