"""The whole schema: importing this module registers every table on ``Base.metadata``.

Capabilities keep their models next to their code (e.g. ``orken.monitoring.models``) on the one
``Base``; add an import here when a capability adds tables, so that Alembic and the tests see them.
"""

from orken.db.models import Base  # noqa: F401
import orken.auth.models  # noqa: F401,E402
import orken.monitoring.models  # noqa: F401,E402
import orken.io.models  # noqa: F401,E402
import orken.news.models  # noqa: F401,E402
import orken.watch.models  # noqa: F401,E402
