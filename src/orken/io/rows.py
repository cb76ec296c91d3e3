"""Turning one spreadsheet row into the input of a registry service, with problems per column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from orken.domain.bin import validate_bin
from orken.domain.money import Currency
from orken.io import parse
from orken.io.headers import Column
from orken.io.messages import refused, t
from orken.io.parse import ParseError, Reference, blank, norm
from orken.registry.schemas import MAX_AMOUNT, ProjectCreate, ProjectUpdate, ZoneCreate, ZoneUpdate

#: distinct cells remembered with what they read as (``RowReader._get``) before the memory is emptied
SEEN_LIMIT = 20_000
_UNSEEN = object()
TOTALS = re.compile(r"^(итого|всего|барлығы|жиыны|жиынтығы|барлыгы|total|totals|grand total|сумма|subtotal)\b")
#: a note under the table: "* по данным…", "Примечание:", "Ескерту:", "Источник: …"
FOOTNOTE = re.compile(r"^\s*(\*|¹|²|\(\*\)|примечани|прим\.|ескерту|ескертпе|note|notes|источник|дереккөз|source"
                      r"|по данным|деректер бойынша|согласно данным"
                      # who prepared the sheet: "Исп.: Иванова А., тел. …", "Орынд.: …", "Prepared by …"
                      r"|исп\.|исполнитель|исп:|орынд\.|орындаған|дайындаған|подготовил|prepared by)", re.IGNORECASE)
#: a heading over a group of rows that names no single place: "Районы", "Города", "Қалалар", "в том числе"
GROUP_HEADING = re.compile(r"^(районы|города|города областного значения|аудандар|қалалар|облыстық маңызы бар қалалар"
                           r"|в том числе|в т ч|из них|соның ішінде|оның ішінде|по районам|по городам"
                           r"|аудандар бойынша|қалалар бойынша|districts|cities|including|of which)$")


@dataclass
class Problem:
    row: int
    column: str  # "D (Регион)" or "" when the row as a whole is at fault
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "field": self.field, "message": self.message}


@dataclass
class Parsed:
    row: int
    payload: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # things the writer resolves (investor)
    notes: list[Problem] = field(default_factory=list)  # how a value was read, when it was not plain


#: the first words of the ``TOTALS`` labels, and a cell's first word (``norm`` works word by word on
#: these, so a label ``TOTALS`` finds in ``norm(cell)`` is a cell whose first word is one of them)
TOTALS_FIRST = frozenset(w.split()[0] for w in TOTALS.pattern.split("(", 1)[1].split(")", 1)[0].split("|"))
_FIRST_WORD = re.compile(r"[\W_]*([^\W_]+)")


def _totals_label(text: str) -> bool:
    """Whether a cell reads as a totals label («Итого», «Барлығы», "Grand total"...): the whole cell
    normalised only when its first word is the first word of one (most cells are names and numbers,
    each distinct; their first words are few: «Строительство», «Завод»...)."""
    first = _FIRST_WORD.match(text)
    return bool(first and _totals_first(first.group(1)) and TOTALS.match(norm(text)))


@lru_cache(maxsize=4096)
def _totals_first(word: str) -> bool:
    return norm(word) in TOTALS_FIRST


def row_kind(values: list, columns: list[Column]) -> str:
    """'blank', 'totals', 'numbering' (1, 2, 3 ... under a header), 'heading' (one cell) or 'data'."""
    filled = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]  # not blank
    if not filled:
        return "blank"
    for v in values[:6]:
        if isinstance(v, str) and _totals_label(v):
            return "totals"
    if len(filled) >= 3 and all(isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit()) for v in filled):
        # (stops at a row's first cell that is not a whole number: on a row of data, mostly the first)
        if [int(v) for v in filled] == list(range(int(filled[0]), int(filled[0]) + len(filled))):
            return "numbering"
    if len(filled) == 1 and isinstance(filled[0], str):
        return "heading"
    return "data"


class RowReader:
    """Parses rows of one sheet for one entity, in the user's language."""

    def __init__(self, entity: str, columns: list[Column], ref: Reference, lang: str,
                 hints: tuple[str | None, ...] = ()):
        from orken.io.places import Places

        self.entity, self.columns, self.ref, self.lang = entity, columns, ref, lang
        self.by_field = {c.field: c for c in columns}
        self._index = {c.field: c.index for c in columns}
        self.places = Places(ref.units, lang)
        self.hints = tuple(h for h in hints if h)  # the sheet's regions: --region, scope, title, region column
        self.sheet_lang = parse.sheet_language([c.header for c in columns])  # "kk": names without its letters too
        self.context_region: str | None = None  # a heading row «Карагандинская область»
        self.context_place = None  # a heading row «г. Темиртау», «Абайский район»
        self.after_totals = False  # a totals row was read: the table (or a part of it) ended there
        self._seen: dict[tuple, object] = {}  # (field, type, cell) -> what it reads as, or its ParseError

    def heading(self, values: list) -> str | None:
        """What a one-cell row is: a region heading (sets the region of the rows below), a place
        heading (sets their district or city), a group heading («Районы») or a footnote (both
        skipped); None when it is not a heading but a row of data."""
        text = str(next(v for v in values if not blank(v))).strip()
        if FOOTNOTE.match(text):
            return "footnote"
        if GROUP_HEADING.match(norm(text)):
            self.context_place = None
            return "heading"
        try:
            self.context_region = self._region_of(text)
            self.context_place = None
            return "region heading"
        except ParseError:
            pass
        place = self.places.heading(text, None) if len(text) <= 80 else None
        if place is None and self.context_region:
            place = self.places.heading(text, self.context_region)
        if place is None:
            for hint in self.hints:
                place = self.places.heading(text, hint)
                if place:
                    break
        if place is not None:
            self.context_place = place
            self.context_region = place.region
            return "heading"
        # one cell of text under a totals row that names no place: a note under the table, not a project
        return "footnote" if self.after_totals else None

    def _region_of(self, value) -> str:
        return self.places.region(value, self.ref.region)

    def _cell(self, values: list, name: str):
        index = self._index.get(name)  # (a row asks for thirty fields, most sheets have ten)
        if index is None or index >= len(values):
            return None
        value = values[index]
        # ``parse.blank``, inline: this runs for every field of every row
        return None if value is None or (isinstance(value, str) and not value.strip()) else value

    def _problem(self, parsed: Parsed, name: str, key: str, **params) -> None:
        col = self.by_field.get(name)
        where = f"{col.letter} ({col.header})" if col else ""
        parsed.problems.append(Problem(parsed.row, where, name, t(key, self.lang, **params)))

    def _refused(self, parsed: Parsed, name: str, problem) -> None:
        """A validator's or service's refusal of the column ``name`` (``messages.refused``)."""
        col = self.by_field.get(name)
        where = f"{col.letter} ({col.header})" if col else ""
        parsed.problems.append(Problem(parsed.row, where, name, refused(problem, self.lang)))

    def _note(self, parsed: Parsed, column: str, key: str, **params) -> None:
        col = self.by_field.get(column)
        where = f"{col.letter} ({col.header})" if col else ""
        parsed.notes.append(Problem(parsed.row, where, column, t(key, self.lang, **params)))

    def _get(self, parsed: Parsed, values: list, name: str, fn, *args):
        """The cell of ``name`` read by ``fn`` (a pure reading: each field has its one), or None with
        its problem reported. Each distinct cell value of a field is read once per import."""
        if name not in self._index:  # a field the sheet has no column for (most of those a row asks)
            return None
        value = self._cell(values, name)
        if value is None:
            return None
        key = (name, value.__class__, value, *(a if a is None or type(a) in (int, str) else id(a) for a in args)) \
            if args else (name, value.__class__, value)
        try:
            found = self._seen.get(key, _UNSEEN)
        except TypeError:  # an unhashable cell (none a reader gives): read it every time
            return self._read(parsed, name, fn, value, *args)
        if found is _UNSEEN:
            try:
                found = fn(value, *args)
            except ParseError as exc:
                found = exc
            self._remember(key, found)
        if isinstance(found, ParseError):
            self._problem(parsed, name, found.key, **found.params)
            return None
        return found

    def _read(self, parsed: Parsed, name: str, fn, value, *args):
        try:
            return fn(value, *args)
        except ParseError as exc:
            self._problem(parsed, name, exc.key, **exc.params)
            return None

    def _remember(self, key, found) -> None:
        if len(self._seen) >= SEEN_LIMIT:  # a long sheet of distinct values: memory stays bounded
            self._seen.clear()
            if not SEEN_LIMIT:
                return
        self._seen[key] = found

    def _text(self, values: list, name: str) -> str | None:
        if name not in self._index:
            return None
        value = self._cell(values, name)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _amount(self, parsed: Parsed, values: list, name: str) -> Decimal | None:
        """An amount in the column's scale (or the cell's own: "12 млн"), or None with its problem;
        each distinct cell of the column is read once per import."""
        raw = self._cell(values, name)
        if raw is None:
            return None
        key = ("amount", name, raw.__class__, raw)
        found = self._seen.get(key)
        if found is None:
            found = self._read_amount(name, raw)
            self._remember(key, found)
        if isinstance(found, tuple):
            self._problem(parsed, name, found[0], **found[1])
            return None
        return found

    def _read_amount(self, name: str, raw) -> Decimal | tuple[str, dict]:
        if isinstance(raw, str):  # "$80 млн": the number without its currency (``_cell_currency``)
            raw = parse.cell_currency(raw)[1]
        try:
            amount = parse.parse_decimal(raw)
        except ParseError as exc:
            return exc.key, exc.params
        if amount < 0:
            return "negative", {}
        own_scale = (isinstance(raw, str) and not parse.plain_number(raw)
                     and parse.unit_multiplier(raw.replace(",", " ")) != 1)
        amount = amount if own_scale else amount * self.by_field[name].multiplier
        if amount > MAX_AMOUNT:  # more than an amount column holds: a typo, not an investment
            return "number", {"value": raw}
        return amount

    def _count(self, parsed: Parsed, values: list, name: str) -> int | None:
        number = self._get(parsed, values, name, parse.parse_int)
        if number is not None and number < 0:
            self._problem(parsed, name, "negative")
            return None
        return number

    def _jobs(self, parsed: Parsed, values: list, name: str, data: dict) -> int | None:
        """A jobs cell; an aside in brackets giving the jobs during construction ("150 (врем. 300)") fills
        them when their own column does not; any other aside is a note."""
        found = self._get(parsed, values, name, parse.parse_jobs)
        if found is None:
            return None
        number, construction, aside = found
        if number < 0 or (construction or 0) < 0:
            self._problem(parsed, name, "negative")
            return None
        if construction is not None and name.startswith("jobs_permanent"):
            other = name.replace("permanent", "construction")
            if self._cell(values, other) is None:
                data[other] = construction
        elif construction is not None or aside:
            self._note(parsed, name, "aside_left", value=self._text(values, name), count=number)
        return number

    def _names(self, parsed: Parsed, values: list) -> dict | None:
        names = {lang: self._text(values, f"name_{lang}") for lang in ("kk", "ru", "en")}
        generic = self._text(values, "name")
        if generic:
            lang = parse.name_language(generic, self.sheet_lang)
            names[lang] = names[lang] or generic
        if not any(names.values()):
            return None
        return names

    def _place(self, parsed: Parsed, values: list) -> tuple[str | None, str | None]:
        """The row's region and district: its own cells first, then the heading rows above it, then
        the sheet's region; a settlement or okrug in the district column also gives the settlement."""
        own_region = self._get(parsed, values, "region", self._region_of)
        region_cell = self._cell(values, "region")
        if region_cell is not None and own_region is None:
            return None, None  # the region's problem is reported
        column = "district"
        district_cell = self._cell(values, "district")
        if district_cell is None and "district" not in self.by_field:
            # a location column without a district one («Орналасқан жері», «Место реализации») mostly
            # names the district or city; what no place matches stays the settlement's text
            column, district_cell = "settlement", self._cell(values, "settlement")
        hints = tuple(h for h in (self.context_region, *self.hints) if h)
        place = None
        if district_cell is not None:
            try:
                place = self.places.resolve(district_cell, own_region, hints)
            except ParseError as exc:
                if column == "district":
                    self._problem(parsed, "district", exc.key, **exc.params)
                    return own_region, None
        if place is None:
            if own_region is None and self.context_place is not None:
                place = self.context_place
                if place.settlement:
                    parsed.extra.setdefault("settlement", place.settlement)
                return place.region, place.district
            return own_region or self.context_region or (self.hints[0] if len(self.hints) == 1 else None), None
        col = self.by_field[column]
        for note in place.notes:
            parsed.notes.append(Problem(parsed.row, f"{col.letter} ({col.header})", column, note))
        if column == "settlement":
            parsed.extra["place_column"] = True  # the cell was a place: its settlement (if any) is what is kept
        if place.settlement:
            parsed.extra.setdefault("settlement", place.settlement)
        return place.region, place.district

    # --- projects -----------------------------------------------------------------------------

    def project(self, row: int, values: list, existing_status: str | None) -> Parsed:
        p = Parsed(row)
        data: dict[str, Any] = {}
        names = self._names(p, values)
        if names:
            data["name"] = names
        elif existing_status is None:
            p.problems.append(Problem(row, "", "name", t("no_name", self.lang)))
        external_id = self._text(values, "external_id")
        if external_id:
            data["external_id"] = external_id
        region, district = self._place(p, values)
        lat = self._get(p, values, "lat", parse.parse_decimal)
        lon = self._get(p, values, "lon", parse.parse_decimal)
        if region:
            data["region_kato"] = region
        if district:
            data["district_kato"] = district
        if lat is not None and lon is not None:
            data["lat"], data["lon"] = float(lat), float(lon)
        if (existing_status is None and not region and not district and lat is None
                and not any(x.field in ("region", "district", "lat", "lon") for x in p.problems)):
            p.problems.append(Problem(row, "", "region", t("no_place", self.lang)))
        for name in ("settlement", "curator", "note", "significance"):
            text = self._text(values, name)
            if text and not (name == "settlement" and p.extra.get("place_column")):
                data[name] = text
        if "settlement" not in data and p.extra.get("settlement"):
            data["settlement"] = p.extra["settlement"]
        description = self._text(values, "description")
        if description:
            data["description"] = {parse.name_language(description, self.sheet_lang): description}
        capacity = self._text(values, "capacity")
        if capacity:
            found = parse.parse_capacities(capacity)
            if found:
                data["capacities"] = found
            else:  # kept in the file; the row is not refused for it
                self._note(p, "capacity", "capacity_unread", value=capacity)
        oked = self._get(p, values, "oked", self.ref.sector_match)
        if oked:
            data["oked"], matched = oked
            if matched:
                self._note(p, "oked", "sector_matched", value=self._text(values, "oked"), code=oked[0], name=matched)
        zone = self._get(p, values, "zone", self.ref.zone)
        if zone:
            data["zone_id"] = zone
        programmes = self._text(values, "programmes")
        if programmes:
            codes = []
            for part in re.split(r"[;,\n]+", programmes):
                if part.strip():
                    try:
                        codes.append(self.ref.programme(part))
                    except ParseError as exc:
                        self._problem(p, "programmes", exc.key, **exc.params)
            data["programmes"] = codes
        for name, table in (("map_level", parse.MAP_LEVELS), ("project_type", parse.PROJECT_TYPES)):
            value = self._get(p, values, name, parse.choice, table)
            if value:
                data[name] = value
        status = self._get(p, values, "status", parse.status)
        if status:
            data["status"] = status
        currency = self._text(values, "currency")
        if currency:
            currency = currency.upper().replace("ТЕНГЕ", "KZT").replace("₸", "KZT").replace("$", "USD")
            if currency not in Currency.__members__:
                self._problem(p, "currency", "currency", value=currency)
                currency = None
        for kind in ("planned", "actual"):
            amount = self._amount(p, values, f"investment_{kind}")
            if amount is not None:
                col = self.by_field[f"investment_{kind}"]
                raw = self._cell(values, f"investment_{kind}")
                own = parse.cell_currency(raw)[0] if isinstance(raw, str) else None  # "$80 млн" in a tenge column
                data[f"investment_{kind}"] = {"amount": str(amount.quantize(Decimal("0.01"))),
                                              "currency": own or currency or col.currency or "KZT"}
            for what in ("permanent", "construction"):
                jobs = self._jobs(p, values, f"jobs_{what}_{kind}", data)
                if jobs is not None:
                    data.setdefault(f"jobs_{what}_{kind}", jobs)
            launch = self._get(p, values, f"launch_{kind}", parse.parse_launch)
            if launch:
                data[f"launch_{kind}"] = launch[0]
                if launch[1] != "day":
                    data[f"launch_{kind}_precision"] = launch[1]
        for kind in ("planned", "actual"):
            money = data.get(f"investment_{kind}")
            if money and money["currency"] != "KZT":
                on = data.get(f"launch_{kind}") or data.get("launch_planned")
                if on is None:
                    self._problem(p, f"investment_{kind}", "invalid",
                                  detail="an amount in foreign currency needs a date (launch column)")
                else:
                    money["date"] = on
        url = self._text(values, "source_url")
        if url:
            data["sources"] = [{"kind": "document", "url": url if "://" in url else None,
                                "title": None if "://" in url else url}]
        investor, bin_ = self._text(values, "investor"), self._text(values, "investor_bin")
        bin_column = "investor_bin"
        if investor and not bin_:  # "ТОО «X» (БИН 190740012345)": the name, and its BIN
            investor, bin_ = parse.split_bin(investor)
            bin_column = "investor"
            investor = investor or None
        if bin_:
            try:
                bin_ = validate_bin(bin_.zfill(12))
            except ValueError as exc:
                self._refused(p, bin_column, exc)
                bin_ = None
        if investor or bin_:
            p.extra["investor"] = (investor, bin_)
        if existing_status is not None and status and status != existing_status:
            from orken.domain.lifecycle import IllegalTransition, check_transition

            try:
                check_transition(existing_status, status)
            except IllegalTransition:
                self._problem(p, "status", "transition", value=status, current=existing_status)
        model = ProjectCreate if existing_status is None else ProjectUpdate
        self._validate(p, model, data)
        return p

    # --- zones ---------------------------------------------------------------------------------

    def zone(self, row: int, values: list, existing: bool) -> Parsed:
        p = Parsed(row)
        data: dict[str, Any] = {}
        names = self._names(p, values)
        if names:
            data["name"] = names
        elif not existing:
            p.problems.append(Problem(row, "", "name", t("no_name", self.lang)))
        external_id = self._text(values, "external_id")
        if external_id:
            data["external_id"] = external_id
        kind = self._get(p, values, "kind", parse.choice, parse.ZONE_KINDS)
        if kind:
            data["kind"] = kind
        elif not existing and self._cell(values, "kind") is None:
            self._problem(p, "kind", "required")
        region, district = self._place(p, values)
        if region:
            data["region_kato"] = region
        if district:
            data["district_kato"] = district
        for name in ("area_ha", "free_area_ha"):
            value = self._amount(p, values, name) if name in self.by_field else None
            if value is not None:
                data[name] = value
        lat = self._get(p, values, "lat", parse.parse_decimal)
        lon = self._get(p, values, "lon", parse.parse_decimal)
        if lat is not None and lon is not None:
            data["lat"], data["lon"] = float(lat), float(lon)
        if not existing and not region and not district and lat is None and not p.problems:
            p.problems.append(Problem(row, "", "region", t("no_place", self.lang)))
        established = self._get(p, values, "established", parse.parse_date)
        if established:
            data["established"] = established
        description = self._text(values, "description")
        if description:
            data["description"] = description
        self._validate(p, ZoneUpdate if existing else ZoneCreate, data)
        return p

    def _validate(self, p: Parsed, model, data: dict) -> None:
        if p.problems:
            return
        try:
            p.payload = model.model_validate(data)
        except ValidationError as exc:
            for e in exc.errors():
                loc = [str(x) for x in e.get("loc", ())]
                name = loc[0] if loc else ""
                column = {"investment_planned": "investment_planned", "investment_actual": "investment_actual",
                          "region_kato": "region", "district_kato": "district", "zone_id": "zone"}.get(name, name)
                if column == "name" and "name" not in self.by_field:
                    column = next((c for c in ("name_ru", "name_kk", "name_en") if c in self.by_field), "name")
                self._refused(p, column, (e.get("ctx") or {}).get("error") or {"message": e.get("msg", "invalid")})
