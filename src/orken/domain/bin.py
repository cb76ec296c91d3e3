"""Kazakh business identification number (BIN, БСН/БИН): 12 digits with a check digit."""

from __future__ import annotations

from orken.errors import Refusal
from orken.i18n import N_

#: what a person is told of a malformed BIN (the English message says which rule it breaks)
NOT_A_BIN = N_("This is not a valid BIN (12 digits with a check digit).")

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
        raise Refusal("a BIN has exactly 12 digits", NOT_A_BIN)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise Refusal("digits 3-4 of a BIN are the registration month (01-12)", NOT_A_BIN)
    if value[4] not in "456":
        raise Refusal("digit 5 of a BIN is the entity type (4, 5 or 6)", NOT_A_BIN)
    if check_digit(value[:11]) != int(value[11]):
        raise Refusal("the BIN check digit does not match", NOT_A_BIN)
    return value
