"""The monitoring report workflow: draft -> submitted -> approved, or returned for rework.

The investor or the curator drafts and submits; the curator approves or returns it with a
comment; an approved report is immutable and a correction is a new revision that replaces it
once approved itself. Pure: states, actions and who may take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    CORRECT = "correct"  # open a new revision of an approved report


#: action -> (states it applies to, resulting state, who: "author" or "reviewer")
RULES: dict[Action, tuple[frozenset[State], State, str]] = {
    Action.EDIT: (frozenset({State.DRAFT, State.RETURNED}), State.DRAFT, "author"),
    Action.SUBMIT: (frozenset({State.DRAFT, State.RETURNED}), State.SUBMITTED, "author"),
    Action.APPROVE: (frozenset({State.SUBMITTED}), State.APPROVED, "reviewer"),
    Action.RETURN: (frozenset({State.SUBMITTED}), State.RETURNED, "reviewer"),
    Action.CORRECT: (frozenset({State.APPROVED}), State.DRAFT, "author"),
}


class WorkflowError(ValueError):
    """An action that the report's state does not allow (409), the actor may not take (403), or
    that lacks an input (``field``: the input that is missing, 422)."""

    def __init__(self, message: str, forbidden: bool = False, field: str | None = None):
        super().__init__(message)
        self.forbidden = forbidden
        self.field = field


@dataclass(frozen=True)
class Actor:
    author: bool  # may draft and submit reports of this project
    reviewer: bool  # may approve and return them


def next_state(state: State | str, action: Action | str, actor: Actor, comment: str | None = None) -> State:
    """The state after ``action``; for CORRECT, the state of the new revision."""
    state, action = State(state), Action(action)
    allowed_from, result, who = RULES[action]
    if who == "author" and not actor.author or who == "reviewer" and not actor.reviewer:
        raise WorkflowError(f"you may not {action} reports of this project", forbidden=True)
    if state not in allowed_from:
        if state == State.APPROVED and action == Action.EDIT:
            raise WorkflowError("an approved report cannot be changed; correct it with a new revision")
        raise WorkflowError(f"a {state} report cannot be {_past(action)}; it must be "
                            f"{' or '.join(sorted(allowed_from))}")
    if action == Action.RETURN and not (comment and comment.strip()):
        raise WorkflowError("say why the report is returned (a comment is required)", field="comment")
    return result


def _past(action: Action) -> str:
    return {"edit": "edited", "submit": "submitted", "approve": "approved", "return": "returned",
            "correct": "corrected"}[action]


def is_overdue(state: State | str | None, due: date, today: date) -> bool:
    """A report (or a missing one, state None) is overdue when not submitted by its deadline."""
    return today > due and (state is None or State(state) in (State.DRAFT, State.RETURNED))
