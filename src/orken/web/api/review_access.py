"""Who may use the review queue: analysts and curators (the roles that edit projects).

Reading the queue needs a signed-in user holding a project-editing role (``PROJECT_EDITORS`` of
``orken.auth.policy``); acting on it also needs what every write needs
(``orken.web.deps.require_writer``: a token, or a session with its CSRF token). What an accepted
fact may change is then checked by the registry's flush guard against the user's scope: a region
analyst cannot accept a fact into another region's project.
"""

from __future__ import annotations

from fastapi import Depends

from orken.auth.policy import PROJECT_EDITORS, Principal
from orken.web.deps import require_writer, signed_in

review_reader = signed_in(PROJECT_EDITORS, who="the review queue",
                          refusal="the review queue is for analysts and curators")


def reviewer(principal: Principal = Depends(review_reader)) -> str:
    """The audit name of an analyst or curator allowed to write."""
    require_writer(principal)
    return principal.audit_name


def reviewing(principal: Principal = Depends(review_reader)) -> Principal:
    """The analyst or curator allowed to write, whom the review service acts for."""
    require_writer(principal)
    return principal
