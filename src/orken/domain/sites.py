"""Zones as sites for an investor: the catalogue's filters and the site matcher. Pure (no web, no database).

A zone is described by ``Site`` (what the registry knows of it; anything may be unknown). The
catalogue keeps the sites that pass a ``SiteFilter``; the matcher scores every site against an
investor's ``Need`` and says, need by need, why it fits and what is missing.

Infrastructure has a *state*: ``available`` > ``under_construction`` > ``planned`` > ``absent``.
A need met by planned infrastructure counts as planned: between available and absent. A need the
zone's reporting says nothing about is *unknown* (ranked below planned, above absent): unknown is
not the same as absent. Free land below the need is a miss.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from orken.domain import codes

INFRA_KINDS = ("power", "gas", "water", "sewerage", "heat", "rail", "road")
STATES = codes.INFRA_STATES.codes
#: how far a need is met, per state of the infrastructure (unknown: the zone's reporting is silent)
STATE_SCORE = {"available": Decimal(1), "under_construction": Decimal("0.6"), "planned": Decimal("0.4"),
               None: Decimal("0.15"), "absent": Decimal(0)}
#: incentives a zone's reporting may name (codes; the web layer translates them)
INCENTIVES = codes.ZONE_INCENTIVES.codes
#: the legal regime of a kind of zone (Law of the RK on special economic and industrial zones)
REGIMES = {"sez": "sez_regime", "industrial_zone": "iz_regime", "small_industrial_zone": "iz_regime"}
#: what the SEZ regime gives its participants by law; an IZ gives land with infrastructure brought to it
REGIME_INCENTIVES = {"sez_regime": ("cit", "land_tax", "property_tax", "vat", "customs"),
                     "iz_regime": ("land_plot", "infrastructure")}
#: weights of the needs in a match's score
WEIGHTS = {"land": Decimal(3), "power": Decimal(2), "sector": Decimal(1)}
INFRA_WEIGHT = Decimal(2)


@dataclass(frozen=True)
class Infra:
    kind: str
    state: str  # one of STATES
    capacity_mw: Decimal | None = None
    year: int | None = None


@dataclass(frozen=True)
class Site:
    id: int
    name: str = ""
    kind: str = ""
    region: str | None = None
    area_ha: Decimal | None = None
    free_area_ha: Decimal | None = None
    infrastructure: tuple[Infra, ...] = ()
    oked: tuple[str, ...] = ()  # sections (letters) and divisions (two digits)
    incentives: tuple[str, ...] = ()
    participants: int | None = None
    established_year: int | None = None

    def infra(self, kind: str) -> Infra | None:
        """The best-state line of a kind (a zone may report power twice: a line now, a plant planned)."""
        lines = [i for i in self.infrastructure if i.kind == kind]
        return min(lines, key=lambda i: (STATES.index(i.state) if i.state in STATES else 9,
                                         -(i.capacity_mw or 0))) if lines else None

    def all_incentives(self) -> set[str]:
        """Reported incentives, the regime of the kind, and what that regime gives by law."""
        out = set(self.incentives)
        regime = REGIMES.get(self.kind)
        if regime:
            out |= {regime, *REGIME_INCENTIVES[regime]}
        return out


# --- reading the words of the reporting -------------------------------------------------------------

#: OKED divisions (NK RK 03-2019) read from specialisation words (English and Russian stems)
_OKED_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("01", ("agro", "agricultur", "greenhouse", "livestock", "сельск", "агро", "тепли")),
    ("10", ("food", "meat", "dairy", "agricultural produce", "пищев", "продовольств", "мясо", "молоч")),
    ("13", ("textile", "cotton", "текстил", "хлопк", "хлопок")),
    ("14", ("garment", "apparel", "clothing", "sewing", "швейн", "одежд")),
    ("16", ("wood", "timber", "деревообр", "древесин")),
    ("19", ("oil refin", "refinery", "нефтепереработ")),
    ("20", ("chemic", "petrochem", "fertili", "polymer", "polyethylene", "polypropylene", "caustic", "химич",
            "нефтехим", "удобрен", "gas chemistry", "urea", "explosive", "pesticid")),
    ("21", ("pharma", "фармацевт")),
    ("22", ("rubber", "plastic", "резин", "пластмасс", "polymer film")),
    ("23", ("building material", "construction material", "refractor", "cement", "glass", "brick", "стройматериал",
            "строительных материал", "огнеупор", "цемент", "стекл", "кирпич")),
    ("24", ("metallurg", "aluminium", "aluminum", "steel", "металлург", "алюмини", "сталь")),
    ("25", ("pipe", "valve", "metal product", "cartridge", "труб", "арматур", "металлоизделия")),
    ("26", ("electronic", "электрон")),
    ("27", ("household appliance", "electrical equipment", "бытов", "электротехн")),
    ("28", ("machine building", "machinery", "engineering industry", "машиностро")),
    ("29", ("automotive", "car assembly", "автомоб")),
    ("31", ("furniture", "мебел")),
    ("52", ("logistic", "dry port", " port", "seaport", "warehous", "логист", " порт", "склад")),
    ("51", ("airport", "aerohub", "аэропорт", "авиахаб")),
    ("55", ("tourism", "hotel", "туризм", "гостиниц")),
    ("62", ("information technolog", "software", " it ", "информационн")),
    ("72", ("r&d", "research", "innovation", "new technolog", "start-up", "startup", "high-tech", "инновац",
            "исследован", "научн")),
    ("82", ("exhibition", "выставк")),
)
#: words that name a whole section (manufacturing at large, trade)
_SECTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("C", ("industry", "industrial processing", "processing industry", "manufactur", "промышлен", "производств",
           "обрабатыва")),
    ("G", ("trade", "торгов")),
)
_SECTIONS = (("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43), ("G", 45, 47),
             ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68), ("M", 69, 75),
             ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96),
             ("T", 97, 98), ("U", 99, 99))


def section_of(code: str) -> str | None:
    """The OKED section (letter) of a section, division or longer code; None when it is not one."""
    code = (code or "").strip().upper()
    if re.fullmatch(r"[A-U]", code):
        return code
    m = re.match(r"(\d{2})", code)
    if not m:
        return None
    n = int(m.group(1))
    return next((letter for letter, lo, hi in _SECTIONS if lo <= n <= hi), None)


def read_oked(words: Iterable[str]) -> list[str]:
    """OKED divisions (and sections where only a section is named) a specialisation's words name.

    A reading, not a classification: a word it does not know adds nothing.
    """
    found: list[str] = []
    for text in words:
        t = f" {(text or '').casefold()} "
        for code, stems in _OKED_WORDS:
            if code not in found and any(s in t for s in stems):
                found.append(code)
        for code, stems in _SECTION_WORDS:
            if code not in found and any(s in t for s in stems):
                found.append(code)
    divisions = sorted(c for c in found if c.isdigit())
    sections = sorted(c for c in found if not c.isdigit() and c not in {section_of(d) for d in divisions})
    return sections + divisions


_INCENTIVE_WORDS = (
    ("cit", ("corporate income tax", "кпн", "корпоративн")),
    ("land_tax", ("land tax", "земельн")),
    ("property_tax", ("property tax", "имуществ")),
    ("vat", ("vat", "ндс", "value added")),
    ("customs", ("customs", "таможен", "free customs zone")),
    ("land_plot", ("land plot", "land free of charge", "земельный участок")),
    ("infrastructure", ("infrastructure", "инфраструктур")),
)


def read_incentives(words: Iterable[str]) -> list[str]:
    """Incentive codes named by the reporting's words ('zero land tax' -> land_tax); 'tax benefits'
    that name no tax -> tax."""
    found: list[str] = []
    for text in words:
        t = (text or "").casefold()
        hit = [code for code, stems in _INCENTIVE_WORDS if any(s in t for s in stems)]
        if not hit and ("tax" in t or "налог" in t):
            hit = ["tax"]
        found += [c for c in hit if c not in found]
    return [c for c in INCENTIVES if c in found]


_MW = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:MW|МВт)\b", re.IGNORECASE)


def read_capacity_mw(text: str | None) -> Decimal | None:
    """'200 MW GTES' -> 200 (a power line's capacity in MW); '110 kV line' -> None (a voltage is no capacity)."""
    m = _MW.search(text or "")
    return Decimal(m.group(1).replace(",", ".")) if m else None


# --- the catalogue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteFilter:
    free_area_min: Decimal | None = None
    area_min: Decimal | None = None
    has: tuple[str, ...] = ()  # infrastructure available
    has_planned: tuple[str, ...] = ()  # available, under construction or planned
    power_min_mw: Decimal | None = None
    sector: tuple[str, ...] = ()  # any of these OKED codes
    incentive: tuple[str, ...] = ()  # all of these
    participants_min: int | None = None

    def keeps(self, s: Site) -> bool:
        if self.free_area_min is not None and (s.free_area_ha is None or s.free_area_ha < self.free_area_min):
            return False
        if self.area_min is not None and (s.area_ha is None or s.area_ha < self.area_min):
            return False
        for kind in self.has:
            line = s.infra(kind)
            if line is None or line.state != "available":
                return False
        for kind in self.has_planned:
            line = s.infra(kind)
            if line is None or line.state == "absent":
                return False
        if self.power_min_mw is not None:
            line = s.infra("power")
            if line is None or line.state == "absent" or line.capacity_mw is None \
                    or line.capacity_mw < self.power_min_mw:
                return False
        if self.sector and not any(sector_fit(code, s.oked) >= Decimal("0.7") for code in self.sector):
            return False
        if self.incentive and not set(self.incentive) <= s.all_incentives():
            return False
        if self.participants_min is not None and (s.participants is None or s.participants < self.participants_min):
            return False
        return True


def catalogue(sites: Iterable[Site], f: SiteFilter) -> list[Site]:
    return [s for s in sites if f.keeps(s)]


SORTS = ("name", "free_area", "area", "participants", "established", "region")


def sort_sites(sites: list[Site], sort: str) -> list[Site]:
    """Sort by one of SORTS ('-' prefix: descending); unknown values last either way."""
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}")
    value = {"name": lambda s: s.name.casefold(), "free_area": lambda s: s.free_area_ha,
             "area": lambda s: s.area_ha, "participants": lambda s: s.participants,
             "established": lambda s: s.established_year, "region": lambda s: s.region}[key]
    known = sorted((s for s in sites if value(s) is not None), key=lambda s: (value(s), s.id), reverse=desc)
    return known + sorted((s for s in sites if value(s) is None), key=lambda s: s.name.casefold())


# --- the matcher ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    sector: str | None = None  # OKED section or division
    land_ha: Decimal | None = None
    power_mw: Decimal | None = None
    infra: tuple[str, ...] = ()  # gas, water, rail, ... (power with a capacity: power_mw)
    region: str | None = None

    def is_empty(self) -> bool:
        return not (self.sector or self.land_ha or self.power_mw or self.infra)


@dataclass(frozen=True)
class Reason:
    """One need judged against one zone: ``verdict`` fit, partial (planned, under construction, less
    than asked), unknown (not reported) or miss. ``have``/``need`` are figures where there are any."""

    need: str  # land, power, sector or an infrastructure kind
    verdict: str
    state: str | None = None
    year: int | None = None
    have: Decimal | None = None
    need_value: Decimal | None = None
    detail: str | None = None  # e.g. 'free_unknown' (only the total area is known)

    def as_dict(self) -> dict:
        return {"need": self.need, "verdict": self.verdict, "state": self.state, "year": self.year,
                "have": plain(self.have), "need_value": plain(self.need_value), "detail": self.detail}


@dataclass
class Match:
    site: Site
    score: Decimal  # 0..100
    reasons: list[Reason] = field(default_factory=list)

    @property
    def fits(self) -> list[Reason]:
        return [r for r in self.reasons if r.verdict == "fit"]

    @property
    def missing(self) -> list[Reason]:
        return [r for r in self.reasons if r.verdict != "fit"]

    def as_dict(self) -> dict:
        return {"zone_id": self.site.id, "score": format(self.score, "f"),
                "fits": [r.as_dict() for r in self.fits], "missing": [r.as_dict() for r in self.missing]}


def _verdict(score: Decimal, state: str | None) -> str:
    if score >= 1:
        return "fit"
    if state is None:
        return "unknown"
    return "miss" if score == 0 else "partial"


def sector_fit(code: str, oked: Iterable[str]) -> Decimal:
    """How well a zone's specialisation takes a sector: 1 named, 0.7 its section named, 0.5 no
    specialisation reported (open), 0.2 another specialisation."""
    oked = [c.upper() for c in oked]
    code = (code or "").strip().upper()
    if not oked:
        return Decimal("0.5")
    section = section_of(code)
    if code in oked or (code.isdigit() and code[:2] in oked):
        return Decimal(1)
    if not code[:1].isdigit():  # a section asked: any of its divisions named
        if any(section_of(c) == code for c in oked):
            return Decimal(1)
    elif section in oked:
        return Decimal("0.7")
    return Decimal("0.2")


def _land(site: Site, need: Decimal) -> tuple[Decimal, Reason]:
    if site.free_area_ha is not None:
        ok = site.free_area_ha >= need
        return (Decimal(1) if ok else Decimal(0),
                Reason("land", "fit" if ok else "miss", have=site.free_area_ha, need_value=need))
    if site.area_ha is not None:
        if site.area_ha < need:
            return Decimal(0), Reason("land", "miss", have=site.area_ha, need_value=need, detail="area_below")
        return Decimal("0.3"), Reason("land", "unknown", have=site.area_ha, need_value=need, detail="free_unknown")
    return Decimal("0.1"), Reason("land", "unknown", need_value=need)


def _infra(site: Site, kind: str) -> tuple[Decimal, Reason]:
    line = site.infra(kind)
    if line is None:
        return STATE_SCORE[None], Reason(kind, "unknown")
    score = STATE_SCORE.get(line.state, STATE_SCORE[None])
    return score, Reason(kind, _verdict(score, line.state), state=line.state, year=line.year, have=line.capacity_mw)


def _power(site: Site, need: Decimal) -> tuple[Decimal, Reason]:
    line = site.infra("power")
    if line is None:
        return STATE_SCORE[None], Reason("power", "unknown", need_value=need)
    score = STATE_SCORE.get(line.state, STATE_SCORE[None])
    detail = None
    if line.state != "absent":
        if line.capacity_mw is None:
            score, detail = score * Decimal("0.7"), "capacity_unknown"
        elif line.capacity_mw < need:
            score, detail = score * Decimal("0.3"), "capacity_below"
    verdict = "partial" if detail and score > 0 else _verdict(score, line.state)
    return score, Reason("power", verdict, state=line.state, year=line.year, have=line.capacity_mw,
                         need_value=need, detail=detail)


def match(sites: Iterable[Site], need: Need) -> list[Match]:
    """Every site (in the need's region, if one is given) scored against the need, best first.

    The score is the weighted share of the needs met (0-100); ties go to more free land, then the name.
    """
    out = []
    for s in sites:
        if need.region and s.region != need.region:
            continue
        parts: list[tuple[Decimal, Decimal, Reason]] = []
        if need.land_ha is not None:
            parts.append((WEIGHTS["land"], *_land(s, need.land_ha)))
        if need.power_mw is not None:
            parts.append((WEIGHTS["power"], *_power(s, need.power_mw)))
        for kind in dict.fromkeys(need.infra):
            if kind == "power" and need.power_mw is not None:
                continue
            parts.append((INFRA_WEIGHT, *_infra(s, kind)))
        if need.sector:
            fit = sector_fit(need.sector, s.oked)
            verdict = "fit" if fit >= 1 else "unknown" if not s.oked else "partial" if fit >= Decimal("0.7") else "miss"
            parts.append((WEIGHTS["sector"], fit, Reason("sector", verdict, detail=need.sector.upper())))
        weight = sum((w for w, _, _ in parts), Decimal(0))
        score = (sum((w * v for w, v, _ in parts), Decimal(0)) * 100 / weight) if weight else Decimal(0)
        out.append(Match(s, score.quantize(Decimal("0.1")), [r for _, _, r in parts]))
    out.sort(key=lambda m: (-m.score, -(m.site.free_area_ha or m.site.area_ha or 0), m.site.name.casefold(), m.site.id))
    return out


def plain(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- zone KPIs: targets beside facts --------------------------------------------------------------------

KPI_MEASURES = ("investment", "participants", "jobs", "output", "local_content")


def kpi_lines(targets: dict[int, dict], facts: dict[int, dict]) -> list[dict]:
    """One line per year that has a target or a fact: each measure's target, fact and percent.

    The plan-vs-fact rule of the regions (``orken.domain.percent.progress``): a percent only
    where a target is set and is not zero; a fact without a target is shown without a percent, and a
    target without a fact has fact 0 for counted measures, None where nothing reports it (local content).
    """
    from orken.domain.percent import progress

    lines = []
    for year in sorted(set(targets) | set(facts)):
        t, f = targets.get(year) or {}, facts.get(year) or {}
        line = {"year": year}
        for m in KPI_MEASURES:
            plan, fact = t.get(m), f.get(m)
            if fact is None and m != "local_content":
                fact = Decimal(0) if m in ("investment", "output") else 0
            pct = progress(fact, plan) if fact is not None else None
            line[m] = {"target": plain(plan) if isinstance(plan, Decimal) else plan,
                       "fact": plain(fact) if isinstance(fact, Decimal) else fact,
                       "percent": format(pct, "f") if pct is not None else None}
        lines.append(line)
    return lines


# --- searching zones by the words people use ----------------------------------------------------------

#: phrases that name a kind of zone (kk, ru, en), as regular expressions over casefolded text (defined with
#: the zone kinds, in ``orken.domain.codes``);
#: Kazakh endings vary (аймақ, аймағы, аймақтар), Russian ones too (зона, зоны, зоне)
_KIND_PHRASES = tuple((kind, codes.ZONE_KINDS[kind].marker) for kind in (
    "small_industrial_zone", "industrial_zone", "sez", "industrial_park", "technopark"))  # the smaller kind first


def read_zone_query(text: str | None) -> tuple[tuple[str, ...], str]:
    """The kinds of zone a search names, and the rest of the search ('индустриальная зона Тараз' ->
    (('industrial_zone', 'small_industrial_zone'), 'тараз')). A general phrase also finds its smaller kind."""
    t = " ".join((text or "").casefold().split())
    kinds: list[str] = []
    for kind, pattern in _KIND_PHRASES:
        if re.search(pattern, t):
            kinds.append(kind)
            if kind == "industrial_zone" and "small_industrial_zone" not in kinds:
                kinds.append("small_industrial_zone")
            t = re.sub(pattern, " ", t)
    rest = " ".join(t.replace("«", " ").replace("»", " ").replace('"', " ").split())
    return tuple(kinds), rest


# --- the same zone under another form of its name ------------------------------------------------------

#: words that name no particular zone ('industrial', 'city', 'No'); kind phrases are removed first
_GENERIC = {"industrial", "industry", "zone", "zones", "park", "city", "region", "district", "the", "of", "no",
            "republican", "regional", "significance", "индустриальная", "зона", "город", "города", "г", "района",
            "область", "области", "индустриялық", "индустриалдық", "аймақ", "аймағы", "қаласы", "қ", "ауданы",
            "облысы", "№"}


def name_parts(name: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(kinds, words) of a zone's name: 'SEZ Pavlodar' -> (('sez',), ('pavlodar',))."""
    kinds, rest = read_zone_query(name)
    words = [w for w in re.split(r"[^\w]+", rest.replace("ё", "е")) if w and w not in _GENERIC]
    return kinds, tuple(words)


def same_zone(name: str, candidate: str) -> bool:
    """Whether two names may be one zone: the kinds they name agree (where both name one) and every
    word of ``name`` is found in ``candidate`` ('SEZ Seaport Aktau' ~ 'Aktau Sea Port SEZ';
    'SEZ Turan' ~ 'Turkistan (Turan) SEZ'). A candidate is only a candidate: callers keep a match
    only when it is the one candidate in the project's region."""
    kinds, words = name_parts(name)
    other_kinds, other_words = name_parts(candidate)
    if not words or not other_words:
        return False
    if kinds and other_kinds and not set(kinds) & set(other_kinds):
        return False
    if {w for w in words if w.isdigit()} != {w for w in other_words if w.isdigit()}:
        return False  # 'Industrial zone No 8' is not 'the industrial zone'
    joined = "".join(other_words)
    return all(w in joined for w in words)
