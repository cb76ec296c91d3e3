"""KATO codes (Классификатор административно-территориальных объектов).

A code has nine digits; the first two name the first-level unit (region or city of republican
significance). Lower levels are not a fixed digit pattern (Almaty's city districts are 7512...,
Semey's 1010...), so levels and parents come from the reference data, not from the digits.
"""

from __future__ import annotations


def normalise(code: str | int) -> str:
    code = str(code).strip()
    if not code.isdigit() or len(code) != 9:
        raise ValueError(f"a KATO code has 9 digits, got {code!r}")
    return code


def region_of(code: str | int) -> str:
    """The first-level unit a code belongs to."""
    return normalise(code)[:2] + "0000000"


def is_region(code: str | int) -> bool:
    return normalise(code)[2:] == "0000000"
