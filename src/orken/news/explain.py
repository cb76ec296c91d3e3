"""What the review page shows an analyst in words: each link candidate with why it matched, and what
accepting a fact will write (to which record, which value) or which new project it will create.

Plain JSON-ready dicts of codes, names (kk/ru/en) and exact numbers; the page turns the codes into
words of its language (the vocabularies' labels), so nothing here is a sentence in one language.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from orken.db.models import AdminUnit, Organisation, Project, Zone
from orken.domain.lifecycle import Status
from orken.news import names
from orken.news.apply import launch_date
from orken.news.lookup import place_names
from orken.news.models import NewsFact
from orken.news.serialize import link_id, link_type
from orken.news.targets import allowed, default_target
from orken.registry.serialize import dec

MODELS = {"project": Project, "zone": Zone, "organisation": Organisation}


def _names(obj) -> dict:
    return {"kk": obj.name_kk, "ru": obj.name_ru, "en": obj.name_en}


def _place(places: dict, kato: str | None) -> dict | None:
    return {"kato": kato, "name": places.get(kato)} if kato else None


def shared_words(subject: str | None, *candidate_names: str | None) -> list[str]:
    """The words of a candidate's names that match a word of the subject (its name overlap)."""
    if not subject:
        return []
    wanted = {names.code(w) for w in names.words(subject) if w not in names.STOP}
    out: list[str] = []
    for name in candidate_names:
        for w in names.words(name or ""):
            if w not in names.STOP and len(w) > 2 and names.code(w) in wanted and w not in (o.casefold() for o in out):
                out.append(w)
    return out


def _investors(fact: NewsFact) -> list[str]:
    record = (fact.proposal or {}).get("record") or {}
    value = record.get("investors") or []
    return [str(v.get("text") if isinstance(v, dict) else v) for v in (value if isinstance(value, list) else [value])]


def candidates(session: Session, fact: NewsFact) -> list[dict]:
    """The linker's candidates with their place, version and evidence, for buttons that link or accept."""
    out = []
    for c in fact.candidates or []:
        kind, ident = c.get("type"), c.get("id")
        item = {"type": kind, "id": ident, "score": c.get("score"), "evidence": [], "version": None,
                "name": {"ru": c.get("name")}, "region": None, "district": None, "status": None, "target": None}
        region = district = None
        if kind in MODELS:
            obj = session.get(MODELS[kind], ident)
            if obj is None:
                continue  # deleted since
            item.update(name=_names(obj), version=obj.version)
            region, district = getattr(obj, "region_kato", None), getattr(obj, "district_kato", None)
            if kind == "project":
                item["status"] = obj.status
        elif kind == "region":
            unit = session.get(AdminUnit, ident)
            if unit is None:
                continue
            item["name"] = _names(unit)
        for e in c.get("evidence") or []:
            word, _, score = str(e).partition(" ")
            if word == "name":
                item["evidence"].append({"kind": "name", "score": score,
                                         "words": shared_words(fact.subject_text, *item["name"].values())})
            else:
                item["evidence"].append({"kind": str(e).replace(" ", "_")})
        if kind == "project":
            partners = [po.organisation for po in obj.organisations]
            for investor in _investors(fact):
                for org in partners:
                    if names.best_similarity(investor, names.aliases(org.name_kk, org.name_ru, org.name_en)) >= 0.8:
                        item["evidence"].append({"kind": "investor", "name": _names(org)})
        item["region"], item["district"] = region, district
        item["target"] = fact.target if fact.target in allowed(kind) else default_target(
            fact.measure, fact.unit, kind, fact.actual)
        out.append(item)
    places = place_names(session, [i["region"] for i in out] + [i["district"] for i in out])
    for i in out:
        i["region"], i["district"] = _place(places, i["region"]), _place(places, i["district"])
    return out


def actionable(session: Session, fact: NewsFact, items: list[dict]) -> list[dict]:
    """Found objects (``lookup.as_dicts``) with their version and the field accepting would write to them,
    for the reviewer's "accept with this link" button."""
    out = []
    for i in items:
        kind = i["type"]
        version = None
        if kind in MODELS:
            obj = session.get(MODELS[kind], i["id"])
            version = obj.version if obj is not None else None
        target = fact.target if fact.target in allowed(kind) else default_target(fact.measure, fact.unit, kind,
                                                                                   fact.actual)
        out.append({**i, "version": version, "target": target})
    return out


def value_of(fact: NewsFact) -> dict:
    """The figure a fact carries: number, unit, period, year, or the status it implies."""
    return {"measure": fact.measure, "amount": dec(fact.value), "unit": fact.unit, "period": fact.period,
            "year": fact.year, "status": fact.implied_status if fact.measure == "status" or fact.value is None else None,
            "actual": bool(fact.actual)}


def preview(session: Session, fact: NewsFact) -> dict:
    """What accepting the fact as it stands writes: ``update`` of the linked record's field, ``create`` of a new
    project (with the record in fields), ``statistic`` for a region, or ``nothing``."""
    kind, target = link_type(fact), fact.target
    value = value_of(fact)
    if kind == "region":
        places = place_names(session, [fact.region_kato])
        return {"action": "statistic", "place": _place(places, fact.region_kato), "value": value}
    if kind in MODELS:
        obj = session.get(MODELS[kind], link_id(fact))
        if obj is None or target is None:
            return {"action": "nothing", "value": value}
        region, district = getattr(obj, "region_kato", None), getattr(obj, "district_kato", None)
        places = place_names(session, [region, district])
        return {"action": "update", "field": target, "value": value,
                "object": {"type": kind, "id": obj.id, "name": _names(obj), "region": _place(places, region),
                           "district": _place(places, district)}}
    proposal = fact.proposal or {}
    if not proposal and target is None:
        return {"action": "nothing", "value": value}
    record = proposal.get("record") or {}
    status = fact.implied_status if fact.implied_status in set(Status) else (
        record.get("status") if record.get("status") in set(Status) else None)
    region, district = proposal.get("region_kato"), proposal.get("district_kato")
    places = place_names(session, [region, district])
    launch = {key: launch_date(record.get(key)) for key in ("launch_planned", "launch_actual")}
    return {"action": "create", "field": target, "value": value,
            "record": {"name": proposal.get("name") or {}, "region": _place(places, region),
                       "district": _place(places, district), "status": status,
                       "launch_planned": launch["launch_planned"].isoformat() if launch["launch_planned"] else None,
                       "launch_actual": launch["launch_actual"].isoformat() if launch["launch_actual"] else None,
                       "investors": _investors(fact)}}


def places(session: Session) -> list[dict]:
    """The regions with their districts (names and codes), for choosing a new project's place."""
    from sqlalchemy import select

    units = session.execute(select(AdminUnit.kato, AdminUnit.level, AdminUnit.parent_kato, AdminUnit.name_kk,
                                   AdminUnit.name_ru, AdminUnit.name_en)
                            .where(AdminUnit.level.in_((1, 2)), AdminUnit.valid_to.is_(None))).all()
    regions = {u.kato: {"kato": u.kato, "name": _names(u), "districts": []} for u in units if u.level == 1}
    for u in units:
        if u.level == 2 and u.parent_kato in regions:
            regions[u.parent_kato]["districts"].append({"kato": u.kato, "name": _names(u)})
    out = sorted(regions.values(), key=lambda r: r["name"]["ru"] or r["kato"])
    for r in out:
        r["districts"].sort(key=lambda d: d["name"]["ru"] or d["kato"])
    return out
