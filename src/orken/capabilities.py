"""The capabilities of Orken, and what each one adds: its tables, its routes and its commands.

The one list the rest iterates: the Alembic environment, ``create_all`` callers, the tests and the
benchmarks load every capability's models with ``load_models()``; the app factory
(``orken.web.app``) includes the routes in this order; the command line (``orken.cli``) adds the
commands (the role Datasette's ``register_routes`` and ``register_commands`` hooks play). Adding a
capability is adding an entry here (see docs/architecture.md).

Entries name objects by ``"module:attribute"`` and are imported only when they are used, so this
module imports nothing above the layer it names (``orken.layers``): listing the web routers does not
make the registry depend on the web, and the command line does not import FastAPI.

- ``models``: modules whose import registers their tables on ``orken.db.models.Base``;
- ``entities``: modules declaring entity specs (their guard rules register with them);
- ``routes``: an ``APIRouter`` (included as it is) or an ``install(app)`` function (which includes
  its routers with what they need, e.g. the registry's read gate). Order matters: the app matches a
  request against routes in this order, so ``/api/v1/zones/match`` comes before ``/api/v1/zones/{zone_id}``;
- ``commands``: ``(name, "module:attribute")``: a ``typer.Typer`` becomes the group ``orken NAME``,
  a function the command ``orken NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class Capability:
    name: str
    models: tuple[str, ...] = ()
    #: modules declaring entity specs (``orken.registry.entities.Entity``): declaring one registers its
    #: guard rule, so they load with the models
    entities: tuple[str, ...] = ()
    routes: tuple[str, ...] = ()
    commands: tuple[tuple[str, str], ...] = ()


CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        "registry",  # projects, zones, organisations, reference data, the change log
        models=("orken.db.models",),
        entities=("orken.registry.projects", "orken.registry.others", "orken.registry.contacts"),
        routes=("orken.web.api.zones:router",  # /api/v1/zones/match before /api/v1/zones/{zone_id}
                "orken.web.api.registry:router",
                "orken.web.api.reference:router",
                "orken.web.pages.objects:router"),  # every entity's forms and history (before /projects/{id})
        commands=(("stats", "orken.registry.cli:stats"), ("projects", "orken.registry.cli:projects_app"),
                  ("zones", "orken.registry.cli:zones_app")),
    ),
    Capability(
        "stats",  # regional statistics
        models=("orken.stats.models",),
        routes=("orken.web.api.indicators:router",),
        commands=(("indicators", "orken.stats.cli:indicators_app"),),
    ),
    Capability(
        "extract",  # the text pipeline and its NER model
        commands=(("extract", "orken.extract.cli:extract"), ("ner", "orken.extract.cli:ner_app")),
    ),
    Capability(
        "auth",  # users, grants, sessions, API tokens; the sign-in pages
        models=("orken.auth.models",),
        routes=("orken.web.api.auth:install", "orken.web.pages.admin:router"),
        commands=(("users", "orken.auth.cli:users_app"),),
    ),
    Capability(
        "monitoring",  # quarterly reports, targets, plan against fact
        models=("orken.monitoring.models",),
        entities=("orken.monitoring.service",),
        routes=("orken.web.api.monitoring:router", "orken.web.pages.monitoring:router"),
    ),
    Capability(
        "news",  # facts read from documents, the analysts' review
        models=("orken.news.models",),
        routes=("orken.web.api.review:router", "orken.web.api.review:lookup_router",
                "orken.web.pages.review:router"),
        commands=(("ingest", "orken.news.cli:ingest"), ("review", "orken.news.cli:review_app")),
    ),
    Capability(
        "ledger",  # the promise ledger: dated claims from accepted news, the launches that moved
        models=("orken.ledger.models",),
        routes=("orken.web.api.ledger:router", "orken.web.pages.ledger:router"),
        commands=(("ledger", "orken.news.ledger:ledger_app"),),
    ),
    Capability(
        "io",  # import, export, briefings, backup
        models=("orken.io.models",),
        routes=("orken.web.api.io:router", "orken.web.pages.imports:router"),
        commands=(("export", "orken.io.cli:export"), ("backup", "orken.io.cli:backup_cmd"),
                  ("restore", "orken.io.cli:restore_cmd"), ("import", "orken.io.cli:import_app"),
                  ("report", "orken.io.cli:report_app")),
    ),
    Capability(
        "tasks",  # quiet projects: tasks asking the curator to confirm the status
        models=("orken.tasks.models",),
        routes=("orken.web.api.tasks:router",),
        commands=(("tasks", "orken.tasks.cli:tasks_app"),),
    ),
    Capability(
        "watch",  # feeds polled for news, reprints grouped into stories
        models=("orken.watch.models",),
        routes=("orken.web.api.watch:router", "orken.web.api.watch:pages"),
        commands=(("watch", "orken.watch.cli:watch"), ("sources", "orken.watch.cli:sources_app")),
    ),
)


def resolve(ref: str) -> Any:
    """The object a ``"module:attribute"`` reference names."""
    module, _, attr = ref.partition(":")
    obj = import_module(module)
    return getattr(obj, attr) if attr else obj


def load_models():
    """Import every capability's models; returns ``Base.metadata``, then holding every table."""
    for capability in CAPABILITIES:
        for module in capability.models + capability.entities:
            import_module(module)
    from orken.db.models import Base

    return Base.metadata


def routes() -> list[str]:
    return [ref for capability in CAPABILITIES for ref in capability.routes]


def commands() -> list[tuple[str, str]]:
    return [c for capability in CAPABILITIES for c in capability.commands]
