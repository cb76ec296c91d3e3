"""Kazakh business identification number (BIN, БСН/БИН): 12 digits with a check digit."""

from __future__ import annotations

_W1 = range(1, 12)
_W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]


def check_digit(first11: str) -> int | None:
    """The control digit of an IIN/BIN, or None when the number cannot be valid."""
    digits = [int(c) for c in first11]
    for weights in (_W1, _W2):
        d = sum(w * x for w, x in zip(weights, digits, strict=True)) % 11
        if d != 10:
            return d
    return None


def validate_bin(value: str) -> str:
    """Return the BIN if it is well formed, else raise ValueError with the reason."""
    value = (value or "").strip()
    if len(value) != 12 or not value.isdigit():
        raise ValueError("a BIN has exactly 12 digits")
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise ValueError("digits 3-4 of a BIN are the registration month (01-12)")
    if value[4] not in "456":
        raise ValueError("digit 5 of a BIN is the entity type (4, 5 or 6)")
    if check_digit(value[:11]) != int(value[11]):
        raise ValueError("the BIN check digit does not match")
    return value
