"""The database: models, engines and sessions, migrations. Importing it installs the flush socket
(``orken.db.writes``) that refuses every write until ``orken.auth`` installs its guard."""

from orken.db import writes as _writes  # noqa: F401
