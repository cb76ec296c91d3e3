"""Login rate limiting, as a pure decision over the recent failed attempts.

At most ``PER_USER`` failed sign-ins per user name and ``PER_ADDRESS`` per client address within
``WINDOW``; beyond that every attempt is refused (429) until the oldest failure in the window ages
out, whether or not the password is right, so guessing cannot continue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
PER_USER = 5
PER_ADDRESS = 20


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds


def decide(now: datetime, user_failures: list[datetime], address_failures: list[datetime],
           per_user: int = PER_USER, per_address: int = PER_ADDRESS, window: timedelta = WINDOW) -> Decision:
    """Allow an attempt unless one of the two budgets is spent within the window."""
    waits = []
    for failures, budget in ((user_failures, per_user), (address_failures, per_address)):
        recent = sorted(t for t in failures if now - t < window)
        if len(recent) >= budget:
            # the attempt is allowed again once enough failures have left the window
            frees_at = recent[len(recent) - budget] + window
            waits.append(max(1, int((frees_at - now).total_seconds() + 0.999)))
    return Decision(False, max(waits)) if waits else Decision(True)
