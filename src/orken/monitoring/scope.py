"""The ``scope`` of plan-vs-fact and targets: ``country``, or dimensions such as
``region:350000000,sector:C,programme:gpiir-2020-2025`` (a region includes its districts; a
district is ``region:<district KATO>`` too). Pure parsing and matching."""

from __future__ import annotations

from dataclasses import dataclass

DIMENSIONS = ("region", "sector", "programme", "portfolio")


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    region: str | None = None  # region or district KATO
    sector: str | None = None  # OKED section or division
    programme: str | None = None
    portfolio: int | None = None

    @property
    def target_key(self) -> tuple[str | None, str | None, str | None]:
        """The (kato, sector, programme) of the target set for exactly this scope."""
        return self.region, self.sector, self.programme

    def narrowed(self, **dims) -> Scope:
        values = {d: getattr(self, d) for d in DIMENSIONS}
        values.update(dims)
        return Scope(**values)

    def __str__(self) -> str:
        parts = [f"{d}:{getattr(self, d)}" for d in DIMENSIONS if getattr(self, d) is not None]
        return ",".join(parts) or "country"


def parse(text: str | None) -> Scope:
    text = (text or "").strip()
    if text in ("", "country", "all"):
        return Scope()
    values: dict = {}
    for part in text.split(","):
        name, sep, value = part.strip().partition(":")
        if not sep or name not in DIMENSIONS or not value.strip():
            raise ScopeError(f"{part.strip()!r}: write dimension:value with a dimension of {', '.join(DIMENSIONS)}")
        if name in values:
            raise ScopeError(f"{name} is given twice")
        value = value.strip()
        if name == "portfolio":
            if not value.isdigit():
                raise ScopeError("a portfolio is given by its number")
            value = int(value)
        if name == "sector" and value.isalpha():
            value = value.upper()
        values[name] = value
    return Scope(**values)
