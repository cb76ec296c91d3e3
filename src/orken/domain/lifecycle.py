"""The project status lifecycle of the Industrialization Map.

planned -> under_construction -> launched -> at_design_capacity is the normal path; a project
can be suspended from any active state, restored (restoring) and brought back, or cancelled.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    PLANNED = "planned"
    UNDER_CONSTRUCTION = "under_construction"
    LAUNCHED = "launched"
    AT_DESIGN_CAPACITY = "at_design_capacity"
    SUSPENDED = "suspended"
    RESTORING = "restoring"
    CANCELLED = "cancelled"


S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.PLANNED: frozenset({S.UNDER_CONSTRUCTION, S.SUSPENDED, S.CANCELLED}),
    S.UNDER_CONSTRUCTION: frozenset({S.LAUNCHED, S.SUSPENDED, S.CANCELLED}),
    S.LAUNCHED: frozenset({S.AT_DESIGN_CAPACITY, S.SUSPENDED}),
    S.AT_DESIGN_CAPACITY: frozenset({S.SUSPENDED}),
    S.SUSPENDED: frozenset({S.RESTORING, S.CANCELLED}),
    S.RESTORING: frozenset({S.UNDER_CONSTRUCTION, S.LAUNCHED, S.AT_DESIGN_CAPACITY, S.SUSPENDED, S.CANCELLED}),
    S.CANCELLED: frozenset(),
}

#: statuses in which a project is operating (counts as "launched" in roll-ups)
OPERATING = frozenset({S.LAUNCHED, S.AT_DESIGN_CAPACITY})


class IllegalTransition(ValueError):
    def __init__(self, current: Status, target: Status):
        self.current, self.target = current, target
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (final status)"
        super().__init__(
            f"a project cannot go from '{current}' to '{target}'; allowed next statuses: {allowed}"
        )


def check_transition(current: Status | str, target: Status | str) -> Status:
    """Return the target status if the move is allowed, else raise IllegalTransition."""
    current, target = Status(current), Status(target)
    if current == target:
        return target
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    return target
