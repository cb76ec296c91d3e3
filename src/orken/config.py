"""Settings, read from the environment.

ORKEN_DATABASE_URL selects the database: ``sqlite:///path.db`` (the default, in ORKEN_DATA_DIR)
or ``postgresql+psycopg://user@host/db``.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from functools import lru_cache
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


# --- the proxies whose forwarded headers are believed ---------------------------------------------


def trusted_proxies_setting() -> str:
    """``ORKEN_TRUSTED_PROXIES``: comma-separated addresses or networks (``10.0.0.5,127.0.0.1/32``) of
    the reverse proxies in front of Orken. Empty (the default): no one's ``X-Forwarded-*`` headers
    are believed, and every client is the address of its TCP connection."""
    return ",".join(p.strip() for p in os.environ.get("ORKEN_TRUSTED_PROXIES", "").split(",") if p.strip())


@lru_cache(maxsize=16)
def _networks(setting: str) -> tuple:
    nets = []
    for part in setting.split(","):
        if part:
            try:
                nets.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                raise ValueError(f"ORKEN_TRUSTED_PROXIES: {part!r} is not an address or network") from None
    return tuple(nets)


def is_trusted_proxy(address: str, setting: str | None = None) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(trusted_proxies_setting() if setting is None else setting))


def client_address(peer: str | None, forwarded_for: str | None, setting: str | None = None) -> str:
    """The client's address: the TCP peer, unless the peer is a trusted proxy; then the rightmost entry
    of ``X-Forwarded-For`` that is not itself a trusted proxy (entries further left were written by
    the client and prove nothing)."""
    address = peer or "unknown"
    if not forwarded_for or not is_trusted_proxy(address, setting):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        address = hop
        if not is_trusted_proxy(hop, setting):
            break
    return address[:100]


def stale_status_years() -> int:
    """Years after which a reported status is stale (ORKEN_STALE_STATUS_YEARS, default 2)."""
    try:
        return max(0, int(os.environ.get("ORKEN_STALE_STATUS_YEARS", "2")))
    except ValueError:
        return 2


def _months(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, str(default))))
    except ValueError:
        return default


def quiet_confirm_months() -> int:
    """Months without news, report or edit after which a project's curator is asked to confirm its
    status (ORKEN_QUIET_CONFIRM_MONTHS, default 12)."""
    return _months("ORKEN_QUIET_CONFIRM_MONTHS", 12)


def quiet_shelved_months() -> int:
    """Months of quiet after which the task says "likely shelved, confirm" (ORKEN_QUIET_SHELVED_MONTHS,
    default 24; never less than the confirm threshold)."""
    return max(_months("ORKEN_QUIET_SHELVED_MONTHS", 24), quiet_confirm_months())


def watch_dask_threshold() -> int:
    """New articles in one ``orken watch`` pass above which fetch and extraction go to the Dask scheduler
    (ORKEN_WATCH_DASK_THRESHOLD, default 200)."""
    try:
        return max(0, int(os.environ.get("ORKEN_WATCH_DASK_THRESHOLD", "200")))
    except ValueError:
        return 200
