"""Settings, read from the environment.

ORKEN_DATABASE_URL selects the database: ``sqlite:///path.db`` (the default, in ORKEN_DATA_DIR)
or ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(os.environ.get("ORKEN_DATA_DIR") or Path(base) / "orken")


@dataclass(frozen=True)
class Settings:
    database_url: str
    tile_url: str | None = None
    #: a status reported longer ago than this is shown as stale (ORKEN_STALE_STATUS_YEARS)
    stale_status_years: int = 2

    @classmethod
    def from_env(cls) -> Settings:
        url = os.environ.get("ORKEN_DATABASE_URL")
        if not url:
            data_dir = default_data_dir()
            data_dir.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{data_dir / 'orken.db'}"
        return cls(database_url=url, tile_url=os.environ.get("ORKEN_TILE_URL") or None,
                   stale_status_years=stale_status_years())


def stale_status_years() -> int:
    """Years after which a reported status is stale (ORKEN_STALE_STATUS_YEARS, default 2)."""
    try:
        return max(0, int(os.environ.get("ORKEN_STALE_STATUS_YEARS", "2")))
    except ValueError:
        return 2
