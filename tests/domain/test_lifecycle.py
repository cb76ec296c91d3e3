import pytest

from orken.domain.lifecycle import IllegalTransition, Status, check_transition


@pytest.mark.parametrize("path", [
    ["planned", "under_construction", "launched", "at_design_capacity"],
    ["launched", "suspended", "restoring", "launched"],
    ["planned", "cancelled"],
])
def test_allowed_paths(path):
    for current, target in zip(path, path[1:]):
        assert check_transition(current, target) == Status(target)


@pytest.mark.parametrize("current,target", [
    ("planned", "launched"), ("launched", "planned"), ("cancelled", "planned"), ("at_design_capacity", "launched"),
])
def test_illegal_transitions_explain_what_is_allowed(current, target):
    with pytest.raises(IllegalTransition) as info:
        check_transition(current, target)
    assert f"from '{current}' to '{target}'" in str(info.value)
    assert "allowed next statuses" in str(info.value)


def test_unknown_status_is_an_error():
    with pytest.raises(ValueError):
        check_transition("planned", "finished")
