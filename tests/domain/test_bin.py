import pytest

from orken.domain.bin import validate_bin


def test_valid_bin():
    # 0*1+4*2+0*3+6*4+4*5 = 52, 52 mod 11 = 8
    assert validate_bin("040640000008") == "040640000008"


@pytest.mark.parametrize("value,reason", [
    ("04064000000", "12 digits"), ("04064000000A", "12 digits"), ("041340000008", "month"),
    ("040610000008", "entity type"), ("040640000009", "check digit"),
])
def test_invalid_bins_say_why(value, reason):
    with pytest.raises(ValueError, match=reason):
        validate_bin(value)
