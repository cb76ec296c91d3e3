"""Places named in a sheet, resolved with the sheet's context through the KATO classifier.

A district, city, okrug or settlement name is looked up in the official classifier
(``orken.reference.kato``) and mapped to the registry's units (regions and districts/cities of
``admin_units``). When the name exists in several regions (there is an «Абайский район» in
Karaganda and in Abai region), the row's region decides; without one, the sheet's context does,
in this order: the heading row above it («Карагандинская область», «г. Темиртау»), then the sheet's
region (the ``--region`` option, the importer's region scope, the title rows, the region column of
the other rows). Only then is it called ambiguous, with the candidates named.

A place that lies in another region than the row's (or the sheet's) is flagged, not silently moved,
except a unit that moved in the 2022 reform (Жезказган is in Ulytau region since 8 June 2022, not
Karaganda): that is mapped to today's region with a note. A name that is not found gets the
nearest names in its message.

Each distinct (name, region, context) is resolved once per import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from orken.io.messages import t
from orken.io.parse import ParseError
from orken.reference import kato

PLACE_LEVELS = ("district", "city", "rural_okrug", "settlement")
_RANK = {"region": 0, "city": 1, "district": 1, "rural_okrug": 2, "settlement": 3}


@dataclass(frozen=True)
class Place:
    region: str
    district: str | None = None
    settlement: str | None = None  # the okrug's or settlement's name (a unit below the registry's districts)
    notes: tuple[str, ...] = field(default_factory=tuple)


def _unit_region(u: kato.Unit) -> str:
    return u.code if u.level == "region" else u.region


class Places:
    """Resolves place names against KATO and the registry's units (``units``: code -> AdminUnit)."""

    def __init__(self, units: dict, lang: str):
        self.units, self.lang = units, lang
        self._cache: dict[tuple, Place | ParseError] = {}

    # --- what a KATO unit is in the registry -------------------------------------------------------

    def _registry_district(self, u: kato.Unit) -> str | None:
        node: kato.Unit | None = u
        while node is not None:
            row = self.units.get(node.code)
            if row is not None and row.level == 2:
                return node.code
            node = kato.get(node.parent) if node.parent else None
        return None

    def _place(self, u: kato.Unit, notes: tuple[str, ...] = ()) -> Place:
        region = _unit_region(u)
        if u.level == "region":
            return Place(region, None, None, notes)
        settlement = u.label(self.lang if self.lang in ("kk", "ru") else "ru") if u.level in (
            "rural_okrug", "settlement") else None
        return Place(region, self._registry_district(u), settlement, notes)

    def region_name(self, code: str) -> str:
        row = self.units.get(code)
        if self.lang == "en" and row is not None and row.name_en:
            return row.name_en
        u = kato.get(code)
        if u is not None:
            return u.label(self.lang if self.lang in ("kk", "ru") else "ru")
        return (row.name_ru if row is not None else None) or code

    def _label(self, u: kato.Unit) -> str:
        return f"{u.label(self.lang if self.lang in ('kk', 'ru') else 'ru')} ({self.region_name(_unit_region(u))})"

    # --- resolution --------------------------------------------------------------------------------

    def resolve(self, value: object, region: str | None, hints: tuple[str | None, ...] = ()) -> Place:
        """The place a district-column cell names. ``region`` is the row's own region (a conflict is
        flagged); ``hints`` are the regions of the context, nearest first (they decide between
        namesakes; a place outside all of them is flagged)."""
        text = str(value).strip()
        hints = tuple(dict.fromkeys(h for h in hints if h))
        cache_key = (text, region, hints)
        found = self._cache.get(cache_key)
        if found is None:
            try:
                found = self._resolve(text, region, hints)
            except ParseError as exc:
                found = exc
            self._cache[cache_key] = found
        if isinstance(found, ParseError):
            raise found
        return found

    def _resolve(self, text: str, region: str | None, hints: tuple[str, ...]) -> Place:
        cands = [u for u in kato.find(text, level=(*PLACE_LEVELS, "region")) if u.level != "region" or u.is_city]
        if not cands:
            parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
            place = self._in_parts(parts, region, hints) if len(parts) > 1 else None
            if place is None:
                raise self._not_found(text, region or (hints[0] if hints else None))
            return place

        scope = (region,) if region else hints
        notes: tuple[str, ...] = ()
        if scope:
            for where in scope:
                inside = [u for u in cands if _unit_region(u) == where]
                if inside:
                    cands = inside
                    break
            else:
                moved = [u for u in cands if kato.REFORM.get(_unit_region(u)) in scope]
                if moved:
                    cands = moved
                    m = kato.moved(moved[0].code)
                    notes = (t("reform_moved", self.lang, value=text, new=self.region_name(m.new_region),
                               old=self.region_name(m.old_region)),)
                else:
                    best = self._best(cands)
                    raise ParseError("place_outside", value=text, region=self.region_name(scope[0]),
                                     actual=", ".join(dict.fromkeys(self._label(u) for u in best[:4])))
        best = self._best(cands)
        places = list(dict.fromkeys(self._place(u, notes) for u in best))
        by_district = {(p.region, p.district) for p in places}
        if len(by_district) == 1:
            return places[0]
        raise ParseError("place_ambiguous", value=text,
                         choices="; ".join(dict.fromkeys(self._label(u) for u in best[:6])))

    def _in_parts(self, parts: list[str], region: str | None, hints: tuple[str, ...]) -> Place | None:
        """A place written from the larger unit to the smaller, parted by commas ("Курчумский р-н, с. Курчум",
        "Алматинская обл., Илийский район, с. Отеген батыр"): the first part that is a district or city
        (a region part before it narrows the search), then a settlement or okrug in it from the parts after;
        a part that names nothing there (a street, a plot) is left to the settlement's text. None when no
        part is a place."""
        place, refused = None, None
        for part in parts:
            if place is None:
                try:
                    place = self._resolve(part, region, hints)
                except ParseError as exc:
                    found = {u.code for u in kato.find(part, level="region") if u.code in self.units}
                    if len(found) == 1 and region in (None, *found):
                        region = found.pop()  # "Алматинская обл.," before the district
                    elif exc.key in ("place_outside", "place_ambiguous") and refused is None:
                        refused = exc  # a place, but not one this row can take: said as it is
                continue
            inside = [self._place(u, place.notes) for u in kato.find(part, level=PLACE_LEVELS)
                      if _unit_region(u) == place.region and u.level in ("rural_okrug", "settlement")
                      and (place.district is None or self._registry_district(u) == place.district)]
            if len({(p.district, p.settlement) for p in inside}) == 1:
                place = inside[0]
        if place is None and refused is not None:
            raise refused
        return place

    @staticmethod
    def _best(cands: list[kato.Unit]) -> list[kato.Unit]:
        top = min(_RANK[u.level] for u in cands)
        return [u for u in cands if _RANK[u.level] == top]

    def _not_found(self, text: str, within: str | None) -> ParseError:
        near = kato.suggest(text, level=("district", "city"), within=within) or kato.suggest(
            text, level=("district", "city"))
        if near:
            return ParseError("place_hint", value=text, hint=", ".join(dict.fromkeys(self._label(u) for u in near)))
        return ParseError("district", value=text)

    def region(self, value: object, fallback) -> str:
        """A region by name or code: the registry's look-up ``fallback`` first, then KATO (a city of
        republican significance, a Kazakh or declined form); unknown names get suggestions."""
        try:
            return fallback(value)
        except ParseError as exc:
            text = str(value).strip()
            if re.fullmatch(r"\d{2}", text) and f"{text}0000000" in self.units:  # "35": a region's first digits
                return f"{text}0000000"
            found = [u for u in kato.find(text, level="region") if u.code in self.units]
            if len({u.code for u in found}) == 1:
                return found[0].code
            if exc.key == "region" and not re.fullmatch(r"\d+", text):
                near = [u for u in kato.suggest(text, level="region") if u.code in self.units]
                if near:
                    raise ParseError("region_hint", value=text,
                                     hint=", ".join(u.label(self.lang if self.lang in ("kk", "ru") else "ru")
                                                    for u in near)) from None
            raise

    def heading(self, text: str, region: str | None) -> Place | None:
        """The place a heading row names («г. Темиртау», «Абайский район»), or None."""
        try:
            return self.resolve(text, region, ())
        except ParseError:
            return None
