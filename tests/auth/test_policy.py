"""Permission decisions and login throttling, pure."""

from datetime import datetime, timedelta

import pytest

from orken.auth import throttle
from orken.auth.policy import PUBLIC, Grant, PolicyError, Principal, Subject, check_grant, public_project

KAR = Subject(region="350000000", district="351010000", sector_section="C", sector_division="24",
              programmes=frozenset({"gpiir-2020-2025"}), project_id=7, organisation_ids=frozenset({3}))


def who(*grants):
    return Principal(user_id=1, username="u", grants=tuple(grants))


def test_scopes_cover_what_they_name_and_nothing_else():
    assert who(Grant("region_analyst", region="350000000")).can_edit_project(KAR)
    assert who(Grant("region_analyst", region="351010000")).can_edit_project(KAR)  # a district analyst
    assert not who(Grant("region_analyst", region="550000000")).can_edit_project(KAR)
    assert who(Grant("sector_analyst", sector="C")).can_edit_project(KAR)
    assert who(Grant("sector_analyst", sector="24")).can_edit_project(KAR)
    assert not who(Grant("sector_analyst", sector="B")).can_read_internal(KAR)
    both = who(Grant("region_analyst", region="350000000", sector="B"))
    assert not both.can_read_internal(KAR)  # every field set must match
    assert who(Grant("curator", project_id=7)).can_review_report(KAR)
    assert not who(Grant("curator", project_id=8)).can_read_internal(KAR)
    investor = who(Grant("investor", organisation_id=3))
    assert investor.can_read_internal(KAR) and investor.can_author_report(KAR)
    assert not investor.can_edit_project(KAR) and not investor.can_review_report(KAR)
    assert not PUBLIC.can_read_internal(KAR) and PUBLIC.read_scope() == []
    assert who(Grant("centre_analyst")).read_scope() is None
    assert not who(Grant("centre_analyst")).can_review_report(KAR)
    assert who(Grant("administrator")).can_manage_users() and not who(Grant("centre_analyst")).can_manage_users()


@pytest.mark.parametrize("grant", [
    Grant("region_analyst"), Grant("sector_analyst"), Grant("investor", region="350000000"),
    Grant("centre_analyst", region="350000000"), Grant("curator"), Grant("public"),
])
def test_nonsense_grants_are_refused(grant):
    with pytest.raises(PolicyError):
        check_grant(grant)


def test_public_view_drops_internal_fields():
    d = {"id": 1, "note": "x", "curator": "y", "support": [{"kind": "subsidy", "status": "committed", "amount": "5",
                                                             "description": "secret"}]}
    assert public_project(d) == {"id": 1, "support": [{"kind": "subsidy", "status": "committed"}]}


def test_throttle_per_user_and_per_address():
    now = datetime(2026, 1, 1, 12, 0)
    recent = [now - timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert throttle.decide(now, recent, recent).allowed
    five = recent + [now - timedelta(minutes=10)]
    d = throttle.decide(now, five, five)
    assert not d.allowed and d.retry_after == 5 * 60  # the oldest of the five leaves the window in 5 minutes
    old = [now - timedelta(minutes=16)] * 10
    assert throttle.decide(now, old, old).allowed  # outside the window
    many = [now - timedelta(seconds=s) for s in range(20)]
    assert not throttle.decide(now, [], many).allowed  # one address trying many users
